"""Briefings and quizzes over the whole sample plant: keys verified, current revisions only."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from copilot.core.errors import QueryError
from copilot.learning.freeform import generated_questions
from copilot.service import Copilot
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.integration
STATIONS = ["OP10", "OP20", "OP30", "OP40", "OP50", "OP60"]


def test_every_station_has_a_full_quiz(plant: Copilot) -> None:
    learning = plant.learning
    assert learning.stations() == STATIONS
    for st in STATIONS:
        quiz = learning.quiz(st, n=8)
        assert len(quiz.questions) == 8, st
        assert len({q.kind for q in quiz.questions}) >= 5, st
        assert len({q.id for q in quiz.questions}) == 8


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_key_is_quoted_from_its_current_cited_chunk(plant: Copilot, lang: str) -> None:
    learning = plant.learning
    superseded = plant.catalog.superseded_chunk_ids()
    for st in STATIONS:
        for q in learning.questions(st, lang):
            assert learning.verify(q), (q.prompt, q.key, q.citation.locator)
            assert q.citation.chunk_id not in superseded
            if q.choices:
                assert q.key in q.choices and len(set(q.choices)) == len(q.choices) >= 3


def test_no_question_from_the_superseded_revision(plant: Copilot) -> None:
    qs = plant.learning.questions("OP30")
    assert not [q for q in qs if q.doc_id == "WI-OP30-001" and q.revision != "C"]
    keys = {q.key for q in qs if q.doc_id == "WI-OP30-001"}
    assert "25 Nm ± 1.5 Nm" in keys and not any("23 Nm" in k for k in keys)
    briefing = plant.learning.briefing("OP30")
    assert ("WI-OP30-001", "C", "Housing joining and M8 bolt tightening") in briefing.documents
    assert all(ln.citation.revision != "B" or ln.citation.doc_id != "WI-OP30-001"
               for ln in briefing.lines())


def test_parameter_distractors_are_other_stations_values(plant: Copilot) -> None:
    texts = {st: " ".join(c.text for d in plant.learning.material.station(st).documents
                          for c in d.chunks) for st in STATIONS}
    for q in plant.learning.questions("OP30"):
        if q.kind != "parameter" or not q.choices:
            continue
        for choice in q.choices:
            if choice != q.key:
                assert any(choice in texts[o] for o in STATIONS if o != "OP30"), choice


def test_briefing_op30_cites_every_line(plant: Copilot) -> None:
    b = plant.learning.briefing("op30")
    steps = b.section("steps").lines
    assert any("25 Nm ± 1.5 Nm" in ln.params for ln in steps)
    safety = [ln.citation.quote for ln in b.section("safety").lines]
    assert "CAUTION: Start every bolt by hand, square to the hole. A bolt started at an angle " \
           "cross-threads in the aluminium housing, and the nutrunner does not always detect " \
           "it." in safety
    risks = b.section("can_go_wrong").lines
    assert risks and all("(AP H," in ln.text for ln in risks)
    assert any("Bolt cross-threaded" in ln.text for ln in risks)
    history = [ln.text for ln in b.section("has_gone_wrong").lines]
    assert any(h.startswith("NR-30 TRQ-DRIFT") for h in history)
    for ln in b.lines():
        chunk = plant.catalog.get_chunks([ln.citation.chunk_id])[ln.citation.chunk_id]
        assert ln.citation.quote in chunk.text
        assert chunk.status == "current"


def test_korean_briefing_and_quiz_for_wi_op30_002(plant: Copilot) -> None:
    b = plant.learning.briefing("OP30", "ko")
    assert b.title == "OP30 공정 브리핑"
    assert b.section("safety").title == "안전 경고 (원문)"
    quotes = [ln.citation.quote for ln in b.section("safety").lines]
    assert "경고: 도포 중에는 안전 도어를 열지 않는다. 로봇이 움직이는 동안 작업 영역에 들어가면 " \
           "협착 위험이 있다." in quotes
    assert any("4.5 ± 0.3 bar" in ln.params for ln in b.section("steps").lines)
    qs = [q for q in plant.learning.questions("OP30", "ko") if q.doc_id == "WI-OP30-002"]
    kinds = Counter(q.kind for q in qs)
    assert kinds["parameter"] >= 5 and kinds["order"] >= 5 and kinds["tool"] >= 1
    assert all("빈칸" in q.prompt or "단계" in q.prompt or "보호구" in q.prompt for q in qs)
    quiz = plant.learning.quiz("OP30", n=8, lang="ko")
    assert {q.doc_id for q in quiz.questions} >= {"WI-OP30-001", "WI-OP30-002"}


def test_quiz_is_deterministic_and_rotates(plant: Copilot) -> None:
    a = [q.id for q in plant.learning.quiz("OP20", n=6, seed=0).questions]
    assert a == [q.id for q in plant.learning.quiz("OP20", n=6, seed=0).questions]
    assert a != [q.id for q in plant.learning.quiz("OP20", n=6, seed=1).questions]


def test_unknown_station_is_a_clear_error(plant: Copilot) -> None:
    with pytest.raises(QueryError, match=r"OP99.*known: OP10"):
        plant.learning.briefing("OP99")


def test_free_form_questions_kept_only_when_quoted(plant: Copilot) -> None:
    m = plant.learning.material.station("OP30")
    good = ScriptedGenerator("Q: Which program do you start in NR-30?\nA: P-25C")
    qs = generated_questions(m, good, "en", limit=2)
    assert qs and all(q.key == "P-25C" and plant.learning.verify(q) for q in qs[:1])
    made_up = ScriptedGenerator("Q: What torque?\nA: 30 Nm with an impact wrench")
    assert generated_questions(m, made_up, "en", limit=2) == []
    small = ScriptedGenerator("Q: x\nA: P-25C")
    small.capable = False
    assert generated_questions(m, small, "en") == []


def test_model_quiz_switch_sets_the_default_and_a_call_overrides_it(plant: Copilot) -> None:
    # COPILOT_MODEL_QUIZ=1: quizzes add a capable model's checked questions unless told not to
    gen = ScriptedGenerator("Q: Which program do you start in NR-30?\nA: P-25C")
    settings = replace(plant.settings, model_quiz=True)
    app = Copilot(settings, embedder=plant.embedder, generator=gen)
    try:
        pool = {q.id for q in app.learning.questions("OP30")}
        with_model = app.learning.quiz("OP30", n=40)
        assert gen.prompts and any(q.id not in pool for q in with_model.questions)
        gen.prompts.clear()
        app.learning.quiz("OP30", n=40, generated=False)
        assert gen.prompts == []
    finally:
        app.close()
    off = Copilot(plant.settings, embedder=plant.embedder, generator=gen)
    try:
        off.learning.quiz("OP30", n=8)
        assert gen.prompts == []  # the default: off
    finally:
        off.close()
