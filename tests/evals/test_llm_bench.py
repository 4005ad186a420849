"""The LLM speed benchmark's prompt and the per-use table's arithmetic (no model loaded)."""

from __future__ import annotations

import pytest

from copilot.generation.base import ChatMessage
from evals.bench_llm import PROMPT_TOKENS, chatml, physical_cores, prompts
from evals.llm_uses import summarize

pytestmark = pytest.mark.unit


def count(text: str) -> int:
    return max(1, len(text) // 3)  # the Generator port's estimate


def test_the_bench_prompt_is_the_real_answer_prompt_filled_to_the_budget() -> None:
    msgs = prompts(count, 0, "What torque do the OP30 housing bolts get?")
    assert [m.role for m in msgs] == ["system", "user"]
    user = msgs[1].content
    # the sources come first (their KV cache is reused), between <documents> tags (data)
    assert user.startswith("Sources") and "<documents>\n[1] " in user
    assert "What torque do the OP30" in user
    total = sum(count(m.content) for m in msgs)
    assert PROMPT_TOKENS * 0.8 <= total <= PROMPT_TOKENS  # close to the budget, never over it
    # another offset: other sources after the same system prompt (the prefix-cache case)
    other = prompts(count, 1, "What torque do the OP30 housing bolts get?")
    assert other[0] == msgs[0] and other[1] != msgs[1]


def test_chatml_is_qwens_template() -> None:
    text = chatml([ChatMessage("system", "S"), ChatMessage("user", "U")])
    assert text == ("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n"
                    "<|im_start|>assistant\n")
    assert physical_cores() >= 1


def _row(set_: str, exact_x: float, exact_g: float, method: str, route: str = "documents",
         abstained: float = 0.0) -> dict[str, object]:
    def side(exact: float, ms: float, abst: float) -> dict[str, object]:
        return {"metrics": {"exact": exact, "fact_recall": exact, "abstained": abst,
                            "latency_ms": ms}, "method": method, "route": route}

    return {"set": set_, "id": "x", "answerable": True, "extract": side(exact_x, 20, 0.0),
            "generate": side(exact_g, 30000, abstained)}


def test_the_per_use_table_counts_model_answers_and_false_not_found() -> None:
    rows = [_row("p", 1.0, 0.0, "generated"), _row("p", 1.0, 1.0, "extractive"),
            _row("p", 0.0, 0.0, "model-abstain", abstained=1.0),
            _row("p", 1.0, 1.0, "table", route="table")]
    s = summarize(rows)["p"]
    assert s["n"] == 4 and s["n_documents"] == 3  # the table route is counted apart
    assert s["extract"]["exact"] == 0.67 and s["generate"]["exact"] == 0.33
    assert s["generate"]["false_not_found"] == 1 and s["generate"]["model_kept"] == 1
    assert s["model_only_exact"] == 0.0  # the one answer the model kept missed its facts
    assert s["generate"]["latency_p50_s"] == 30.0 and s["extract"]["latency_max_s"] == 0.0
