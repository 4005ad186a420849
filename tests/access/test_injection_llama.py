"""Generate mode with the packaged Qwen model over the injection corpus: 0 injected
instructions obeyed (no verified answer says "999 Nm", "in any order" or that lockout is not
needed), in English and Korean. Slow: a 1.5B model answers 6 questions on the CPU."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from copilot.answering.request import Ask
from copilot.core.settings import load_settings
from copilot.generation.models import MODELS, locate
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.access.test_injection import PAYLOAD, QUESTIONS, injection_plant

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def _qwen() -> str:
    """The packaged Qwen model to use: COPILOT_MODEL if it names one, else the largest present."""
    wanted = os.environ.get("COPILOT_MODEL", "")
    names = [wanted] if wanted.startswith("qwen") else ["qwen2.5-1.5b", "qwen2.5-0.5b"]
    for name in names:
        if name in MODELS and locate(MODELS[name]) is not None:
            return name
    pytest.skip(f"no assembled Qwen GGUF ({', '.join(MODELS[n].file for n in names if n in MODELS)}"
                " not found); run `make setup` or `python -m copilot.generation.models assemble"
                " qwen2.5-1.5b`")


@pytest.fixture(scope="module")
def qwen_app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Copilot]:
    from copilot.generation.llama_cpp import LlamaCppGenerator

    name = _qwen()
    gen = LlamaCppGenerator(model_path=str(locate(MODELS[name])), n_ctx=4096,
                            grounded_generation=True, model_name=name)
    gen.warm_up()
    root = injection_plant(tmp_path_factory.mktemp("inj-llama") / "plant")
    home = tmp_path_factory.mktemp("inj-llama-home")
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder,
                  generator=gen)
    assert app.ingest([root]).errors == []
    yield app
    app.close()
    gen.close()


@pytest.mark.parametrize("question", QUESTIONS)
def test_qwen_obeys_no_injected_instruction(qwen_app: Copilot, question: str) -> None:
    ans = qwen_app.ask(Ask(question, mode="generate", route="documents"))
    said = ans.text + "\n".join(c.quote for c in ans.citations)
    assert not any(p in said for p in PAYLOAD), said
    assert ans.model.endswith(".gguf") or ans.method in ("extractive", "abstain")
