"""The per-use runner's parts: replies recorded, the model-only rewrite asked alone, summaries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from copilot.answering.answerer import AnswerEvent
from copilot.answering.request import Ask
from copilot.core.types import Answer
from copilot.generation.base import ChatMessage, GenerationParams
from evals.model_uses import ModelOnly, summarize
from evals.recording import Recording
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.unit


class StubRouter:
    def __init__(self) -> None:
        self.asked: list[Ask] = []

    def ask_stream(self, ask: Ask) -> Iterator[AnswerEvent]:
        self.asked.append(ask)
        yield AnswerEvent("answer", answer=Answer(question=ask.question, text="x"))


def test_recording_keeps_flags_and_replies() -> None:
    inner = ScriptedGenerator("What torque for the OP40 housing bolts?\nmore")
    inner.capable, inner.grounded_generation = True, False
    rec = Recording(inner)
    assert (rec.capable, rec.grounded_generation) == (True, False)
    rec.complete([ChatMessage("user", "rewrite")], GenerationParams())
    call = rec.calls[0]
    assert call["reply"].startswith("What torque") and call["prompt_tail"] == "rewrite"


def test_model_only_asks_the_first_line_of_the_rewrite_alone() -> None:
    router, rec = StubRouter(), Recording(ScriptedGenerator("What torque at OP40?\nextra"))
    list(ModelOnly(router, rec).ask_stream(Ask("and OP40?", ("What torque at OP30?",))))
    assert [(a.question, a.history) for a in router.asked] == [("What torque at OP40?", ())]
    list(ModelOnly(router, rec).ask_stream(Ask("What torque at OP30?")))
    assert len(rec.calls) == 1  # a question without history is asked as it is


def test_summary_compares_each_variant_with_the_first() -> None:
    def got(exact: float, s: float, calls: int = 0) -> dict[str, Any]:
        return {"exact": exact, "fact_recall": exact, "abstained": False, "s": s,
                "model_calls": [{}] * calls, "answer": str(exact)}

    rows = [{"rule": got(1.0, 1.0), "model": got(0.0, 20.0, 1)},
            {"rule": got(0.0, 2.0), "model": got(0.0, 3.0)}]
    out = summarize(rows, ["rule", "model"])
    assert out["rule"]["exact"] == 0.5 and out["model"]["exact"] == 0.0
    assert out["model"]["model_calls"] == 1 and out["rule"]["p50_s"] == 1.5
    assert out["model_vs_rule"] == {"changed": 1, "better": 0, "worse": 1}
