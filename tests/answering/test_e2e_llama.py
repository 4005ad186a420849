"""End to end with the real bundled model (SmolLM2-135M GGUF via llama.cpp) over a real index."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.answering.request import Ask
from copilot.core.settings import load_settings
from copilot.generation.llama_cpp import LlamaCppGenerator
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.answering.test_answerer import plant_home  # noqa: F401 - fixture

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def llama() -> Iterator[LlamaCppGenerator]:
    gen = LlamaCppGenerator()
    gen.warm_up()
    yield gen
    gen.close()


@pytest.fixture
def app(plant_home: Path, embedder: Embedder, llama: LlamaCppGenerator) -> Iterator[Copilot]:  # noqa: F811
    a = Copilot(load_settings(env={"COPILOT_HOME": str(plant_home)}), embedder=embedder,
                generator=llama)
    yield a
    a.close()


def _markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def test_streams_and_every_marker_resolves(app: Copilot) -> None:
    events = list(app.ask_stream(Ask("What torque for the OP30 M8 housing bolts?",
                                     mode="generate")))
    deltas = [e for e in events if e.answer is None]
    final = events[-1].answer
    assert final is not None and deltas
    assert "".join(d.text for d in deltas).strip()
    assert not final.abstained
    assert final.citations
    assert _markers(final.text) <= {c.n for c in final.citations}
    assert all(c.revision != "B" for c in final.citations)  # superseded revision never cited
    assert "25 Nm" in " ".join(c.quote for c in final.citations)
    assert final.model.endswith(".gguf")


def test_numbers_in_the_answer_are_grounded(app: Copilot) -> None:
    from copilot.answering.grounding import grounded_number, quantities

    ans = app.ask(Ask("What is the downtime of the coolant jacket leak work order at OP40?",
                      mode="generate", route="documents"))  # the model's numbers, not the engine's
    quotes = quantities(" ".join(c.quote for c in ans.citations))
    body = ans.text.split("\n", 1)[-1] if ans.extractive else ans.text
    assert all(grounded_number(q, quotes) for q in quantities(re.sub(r"\[\d+\]", "", body)))


def test_off_topic_question_abstains(app: Copilot) -> None:
    ans = app.ask(Ask("What is the capital of France?", mode="generate"))
    assert ans.abstained
    assert "Not found" in ans.text


def test_korean_question_is_answered_in_korean_with_citations(app: Copilot) -> None:
    ans = app.ask(Ask("OP30 하우징 볼트 체결 토크는 얼마인가요?"))
    assert not ans.abstained
    assert ans.citations
    if ans.extractive:
        assert ans.text.startswith("공장 문서 인용")


def test_auto_mode_quotes_with_the_bundled_model(app: Copilot, llama: LlamaCppGenerator) -> None:
    assert llama.grounded_generation is False
    events = list(app.ask_stream(Ask("What torque for the OP30 M8 housing bolts?")))
    ans = events[-1].answer
    assert ans is not None and ans.extractive and ans.method == "extractive"
    assert len([e for e in events if e.answer is None]) >= 2  # streamed line by line
    assert "25 Nm" in ans.text
