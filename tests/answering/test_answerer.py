"""Answer verification logic with a scripted generator over a real index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from copilot.answering.condense import Standalone, condense, is_follow_up, standalone
from copilot.answering.grounding import grounded_number, quantities
from copilot.answering.request import Ask
from copilot.core.settings import Settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.fakes import ScriptedGenerator, citing
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def plant_home(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    base = tmp_path_factory.mktemp("answers")
    from copilot.core.settings import load_settings

    app = Copilot(load_settings(env={"COPILOT_HOME": str(base / "home")}), embedder=embedder)
    app.ingest([write_plant(base / "plant")])
    app.close()
    return base / "home"


def make_app(plant_home: Path, embedder: Embedder, reply: str | Callable[[str], str]) -> Copilot:
    from copilot.core.settings import load_settings

    settings: Settings = load_settings(env={"COPILOT_HOME": str(plant_home)})
    return Copilot(settings, embedder=embedder, generator=ScriptedGenerator(reply))


@pytest.fixture
def ask(plant_home: Path, embedder: Embedder) -> Iterator[object]:
    apps: list[Copilot] = []

    def _ask(question: str, reply: str | Callable[[str], str], **kw: object) -> object:
        app = make_app(plant_home, embedder, reply)
        apps.append(app)
        return app.ask(Ask(question, **kw))  # type: ignore[arg-type]

    yield _ask
    for a in apps:
        a.close()


def test_grounded_answer_keeps_sentences_and_maps_markers(ask) -> None:
    reply = citing("Tighten the M8x25 housing bolts to 25 Nm in a star pattern [{n}].", "25 Nm")
    ans = ask("What torque for the OP30 M8 housing bolts?", reply)
    assert not ans.abstained and not ans.extractive
    assert "25 Nm" in ans.text
    assert len(ans.citations) == 1
    c = ans.citations[0]
    assert f"[{c.n}]" in ans.text
    assert c.revision == "C" and "25 Nm" in c.quote and c.locator


def test_invalid_marker_is_repointed_or_removed(ask) -> None:
    ans = ask("What torque for the OP30 M8 housing bolts?",
              "Tighten the M8x25 housing bolts to 25 Nm in a star pattern [9].")
    assert "[9]" not in ans.text
    assert ans.citations and all(1 <= c.n <= 5 for c in ans.citations)


def test_ungrounded_number_sentence_is_dropped(ask) -> None:
    ans = ask("What torque for the OP30 M8 housing bolts?", citing(
              "Tighten the M8x25 housing bolts to 25 Nm in a star pattern [{n}]. "
              "Then tighten the housing bolts again to 40 Nm [{n}].", "25 Nm"))
    assert "40 Nm" not in ans.text and "25 Nm" in ans.text
    assert any("40 Nm" in d for d in ans.dropped)


def test_gutted_answer_falls_back_to_extractive_quotes(ask) -> None:
    ans = ask("What torque for the OP30 M8 housing bolts?",
              "Use 31 Nm [1]. The torque is 29 N·m [2].")
    assert ans.extractive and not ans.abstained
    assert "25 Nm" in ans.text  # quoted verbatim from the current revision
    assert ans.citations and ans.text.count('"') >= 2


def test_superseded_revision_is_never_cited(ask) -> None:
    ans = ask("What torque for the OP30 M8 housing bolts?",
              "Tighten the housing bolts to 23 Nm [1].")
    assert "23 Nm" not in ans.text
    assert all(c.revision != "B" for c in ans.citations)


def test_safety_text_is_surfaced(ask) -> None:
    ans = ask("How do I place the housing on the fixture at OP30?",
              citing("Place the housing on fixture FX-30 [{n}].", "FX-30"))
    assert any("WARNING" in s and "clamp" in s for s in ans.safety)


def test_off_topic_question_abstains_without_calling_the_model(plant_home, embedder) -> None:
    app = make_app(plant_home, embedder, "The capital of France is Paris [1].")
    try:
        ans = app.ask(Ask("What is the capital of France?"))
        assert ans.abstained and "Not found" in ans.text
        assert app.generator.prompts == []  # type: ignore[attr-defined]
        assert ans.closest
    finally:
        app.close()


def test_model_not_found_reply_abstains(ask) -> None:
    ans = ask("What torque for the OP30 M8 housing bolts?", "NOT FOUND")
    assert ans.abstained


def test_audit_log_records_revision(plant_home, embedder) -> None:
    import json

    app = make_app(plant_home, embedder,
                   citing("Tighten the M8x25 housing bolts to 25 Nm [{n}].", "25 Nm"))
    try:
        app.ask(Ask("What torque for the OP30 M8 housing bolts?"))
    finally:
        app.close()
    lines = (plant_home / "logs" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    assert entry["question"].startswith("What torque")
    assert entry["citations"][0]["revision"] == "C"
    assert entry["model"] == "scripted-fake"


def test_follow_up_condensation() -> None:
    prev = ["OP30 housing bolts - what torque and in which pattern?"]
    assert condense("and for OP40?", prev) == "OP40 housing bolts - what torque and in which pattern?"
    assert condense("What is the leak limit at OP40?", prev) == "What is the leak limit at OP40?"
    assert condense("and why?", prev) is None


@pytest.mark.parametrize(("question", "follows"), [
    ("which step comes after that?", True),           # points back, names nothing
    ("who owns it and by when?", True),
    ("그 다음에 붐을 통째로 교체한 건 언제야?", True),
    ("how long was the downtime?", True),             # barely a sentence, names nothing
    ("Chiller 13 has an evaporator leak. Has it had one before?", False),  # "it" points inside
    ("When was the left engine on excavator D last replaced, and what did it cost?", False),
    ("What is the recommended action for worn adapter O-rings at OP40?", False),
    ("Which subsystem has the most failure mode rows?", False),  # names nothing, points nowhere
])
def test_a_follow_up_is_told_by_what_it_names_and_points_back_to(question: str,
                                                                 follows: bool) -> None:
    assert is_follow_up(question) is follows


def test_an_instance_of_the_kind_asked_about_before_takes_its_place() -> None:
    assert condense("what about excavator E?", ["When was the final drive changed on excavator C?"]
                    ) == "When was the final drive changed on excavator E?"
    assert condense("Chiller 6은?", ["When was the last refrigerant leak on Chiller 7?"]
                    ) == "When was the last refrigerant leak on Chiller 6?"
    assert condense("and for pump b?", ["When was pump A overhauled?"]) is None  # "b": not an id
    # a year, a statute article or a revision asked alone replaces the previous question's one
    assert condense("그럼 2025년은?", ["What was the total maintenance cost in 2024?"]
                    ) == "What was the total maintenance cost in 2025?"
    assert condense("그럼 제104조는?", ["제103조 1항 내용 알려줘"]) == "제104조 1항 내용 알려줘"
    assert condense("And what was it in Rev B?", ["Final torque in WI-OP30-001 Rev C?"]
                    ) == "Final torque in WI-OP30-001 Rev B?"


@pytest.mark.parametrize(("stated", "source", "ok"), [
    ("25 Nm", "tighten to 25 N·m", True), ("25Nm", "25 Nm", True), ("2.0 bar", "2 bar", True),
    ("1,200 kN", "1200 kN", True), ("40 Nm", "25 Nm", False), ("25 bar", "25 Nm", False),
])
def test_number_normalisation(stated: str, source: str, ok: bool) -> None:
    q = quantities(stated)[0]
    assert grounded_number(q, quantities(source)) is ok


def test_llm_condense_is_used_only_when_the_rule_cannot_and_is_validated() -> None:
    gen = ScriptedGenerator("What is the OP30 housing bolt torque pattern?")
    prev = ["What torque for the OP30 housing bolts?"]
    assert standalone("and for OP40?", prev, lambda: gen) == Standalone(
        "What torque for the OP40 housing bolts?", "rule")
    assert gen.prompts == []
    assert standalone("and why?", prev, lambda: gen) == Standalone(
        "What is the OP30 housing bolt torque pattern?", "model")
    assert standalone("and why?", prev) == Standalone(f"{prev[0]} and why?", "fallback")
    off_topic = ScriptedGenerator("Tell me a joke")  # shares no word: the fallback is used
    assert standalone("and why?", prev, lambda: off_topic).by == "fallback"


def test_condense_asks_a_capable_model_even_when_answers_are_quoted() -> None:
    # `grounded_generation` decides only how `auto` answers are composed (the packaged 1.5B
    # quotes them); the rewrite is asked of any model that is `capable`, and of no other
    prev = ["What torque for the OP30 housing bolts?"]
    quoting = ScriptedGenerator("Why does OP30 use that housing bolt torque?")
    quoting.grounded_generation = False
    assert standalone("and why?", prev, lambda: quoting).by == "model"
    small = ScriptedGenerator("Why does OP30 use that housing bolt torque?")
    small.capable = False
    assert standalone("and why?", prev, lambda: small).by == "fallback" and small.prompts == []
