"""Prompt templates per model family: the answerer sends a small model its own variant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from copilot.answering.grounding import quantities
from copilot.answering.request import Ask
from copilot.prompts import CHECKOUT_DIR, load_template, styled
from copilot.store.embedders import Embedder
from tests.answering.test_answerer import make_app, plant_home  # noqa: F401 - fixture

REPLY = "Tighten the M8x25 housing bolts to 25 Nm in a star pattern [1]."


@pytest.mark.unit
def test_a_style_picks_its_variant_where_one_exists() -> None:
    assert styled("answer", "small") == "answer_small"
    assert styled("system", "small") == "system_small"
    assert styled("answer", "") == "answer"
    assert styled("condense", "small") == "condense"  # no variant: the standard template
    assert styled("answer", "no-such-style") == "answer"


@pytest.mark.unit
@pytest.mark.parametrize("name", ["answer", "answer_small", "system", "system_small"])
def test_answer_templates_give_no_value_a_model_could_copy(name: str) -> None:
    body = load_template(name).template
    # the 0.5B answered "The limit is 5 mm [2]." to every question after seeing that example
    assert not [q for q in quantities(body) if q.unit], body
    # ... and "[1] [2]" after a prompt ending in "source numbers in brackets:"
    assert not body.rstrip().endswith(("brackets:", "]"))


@pytest.mark.unit
@pytest.mark.parametrize("path", sorted(CHECKOUT_DIR.glob("*.md")), ids=lambda p: p.name)
def test_every_template_documents_its_variables(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    doc = raw.split("-->", 1)[0]
    used = set(re.findall(r"\$\{(\w+)\}", load_template(path.stem).template))
    assert {v for v in used if f"${{{v}}}" not in doc} == set()


@pytest.mark.integration
@pytest.mark.parametrize(("style", "marker"), [("small", 'Answer the question "'),
                                               ("", "1 to 4 short sentences")])
def test_the_answerer_sends_the_model_its_style_of_prompt(
        plant_home: Path, embedder: Embedder, style: str, marker: str) -> None:  # noqa: F811
    app = make_app(plant_home, embedder, REPLY)
    gen = app.generator
    gen.prompt_style = style
    try:
        ans = app.ask(Ask("What torque for the OP30 M8 housing bolts?", mode="generate"))
    finally:
        app.close()
    prompt = gen.prompts[-1]  # type: ignore[attr-defined]
    assert marker in prompt and "25 Nm" in prompt  # the sources are in it
    assert ("using only the numbered sources" in prompt) == (style == "small")
    assert "25 Nm" in ans.text and not ans.extractive
