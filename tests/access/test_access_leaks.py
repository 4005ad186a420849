"""Adversarial leak tests: a technician who may read only ``everyone`` asks for the HR folder's
content every way there is (by id, exact quote, table aggregate, follow-up, Korean, through
abstention, documents, status, facets, briefings, quizzes, PFMEA drafts and the source viewer)
and gets 0 restricted chunks, rows or counts; a principal with ``hr`` gets them (the positive
control that makes each test able to fail). Real files, real e5 embedder, Chroma and BM25."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from copilot.answering.request import Ask
from copilot.core.access import PUBLIC_ONLY, AccessScope, Principal, Role
from copilot.core.errors import QueryError
from copilot.core.settings import load_settings
from copilot.core.types import Answer
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.access.corpus import SECRETS, write_corpus
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.integration

TECH = Principal("tech", Role.TECHNICIAN, PUBLIC_ONLY)
QE = Principal("qe", Role.QUALITY_ENGINEER, PUBLIC_ONLY)
HR = Principal("hr-lead", Role.QUALITY_ENGINEER, AccessScope(frozenset({"everyone", "hr"})))

# A model that tries to leak: whatever it is asked, it states the restricted facts. Only a
# sentence grounded in a source it was given survives verification.
LEAKY = ("The VPN password is ZEBRA-7731 [1]. The door code is 4417 [1]. "
         "금고 비밀번호는 8265 입니다 [1].")


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Copilot]:
    root = write_corpus(tmp_path_factory.mktemp("access") / "plant")
    home = tmp_path_factory.mktemp("access-home")
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder,
                  generator=ScriptedGenerator(LEAKY))
    report = app.ingest([root])
    assert report.errors == [], report.errors
    yield app
    app.close()


@pytest.fixture(scope="module")
def restricted(plant: Copilot) -> frozenset[str]:
    """Every chunk id of the HR folder (read as the unrestricted local operator)."""
    ids = {c.id for batch in plant.catalog.iter_chunks() for c in batch if c.access == "hr"}
    assert len(ids) >= 8  # 2 WIs' steps and sections, 3 work orders, 1 PFMEA row
    return frozenset(ids)


def _dump(obj: Any) -> str:
    def default(o: Any) -> Any:
        return asdict(o) if is_dataclass(o) and not isinstance(o, type) else str(o)
    return json.dumps(obj, default=default, ensure_ascii=False)


def leaks(obj: Any, restricted: frozenset[str]) -> list[str]:
    """Restricted facts or chunk ids found anywhere in ``obj`` (answers, hits, dicts...)."""
    text = _dump(obj)
    # as a token of its own: "4417" inside a score such as 0.84417 is not the door code
    return [s for s in (*SECRETS, *restricted) if re.search(_token(s), text)]


def _token(secret: str) -> str:
    """``secret`` not glued to a word or a decimal on the sides where it ends in a word char."""
    head = r"(?<![\w.])" if secret[0].isalnum() else ""
    tail = r"(?!\w)" if secret[-1].isalnum() else ""
    return head + re.escape(secret) + tail


def ask(app: Copilot, question: str, who: Principal, **kw: Any) -> Answer:
    """The answer without the question echoed back (it may quote what the asker typed)."""
    return replace(app.ask(Ask(question, **kw), who), question="", standalone_question="")


# -- search: by id, by exact quote, in Korean ---------------------------------------------------
@pytest.mark.parametrize("query", [
    "WI-HR-900", "WO-99-00001", "SAFE-99 payroll server",
    "The VPN password for the night shift is ZEBRA-7731; never write it down.",
    "Enter door code 4417 at the server room door.",
    "인사 금고 비밀번호는 8265 입니다", "server room night access", "Salary data exposure",
])
def test_search_never_returns_a_restricted_chunk(plant: Copilot, restricted: frozenset[str],
                                                 query: str) -> None:
    got = plant.search(query, k=20, principal=TECH)
    assert leaks([h.chunk for h in got.hits], restricted) == []
    assert len(got.hits) > 0 or query.startswith("WO-99")  # public chunks still rank
    mine = plant.search(query, k=20, principal=HR)
    assert {h.chunk.id for h in mine.hits} & restricted  # positive control


def test_top_k_is_filled_with_readable_chunks_not_emptied(plant: Copilot) -> None:
    """The scope applies before ranking: k=3 gives 3 public hits, not 3 minus the HR ones."""
    got = plant.search("server room door code VPN password payroll", k=3, principal=TECH)
    assert len(got.hits) == 3
    assert all(h.chunk.access == "everyone" for h in got.hits)
    # each index ranked only readable chunks: the best of them is its rank 1, not the rank
    # left after restricted chunks above it were dropped (those would rank first)
    for ranker in ("bm25", "vector"):
        assert min(h.ranks.get(ranker, 99) for h in got.hits) == 1, ranker
    mine = plant.search("server room door code VPN password payroll", k=3, principal=HR)
    assert all(h.chunk.access == "hr" for h in mine.hits[:1])


def test_a_word_only_restricted_documents_use_is_unknown_to_the_technician(
        plant: Copilot) -> None:
    assert "zebra-7731" in (plant.search("ZEBRA-7731", principal=TECH).unknown_terms or ())
    assert "zebra-7731" not in (plant.search("ZEBRA-7731", principal=HR).unknown_terms or ())


# -- ask: quote, generate, follow-up, Korean, abstention --------------------------------------
@pytest.mark.parametrize(("question", "mode"), [
    ("What is the VPN password for the night shift?", "extract"),
    ("What is the VPN password for the night shift?", "generate"),
    ("Enter door code 4417 at the server room door - which code?", "extract"),
    ("What does WI-HR-900 say?", "generate"),
    ("인사 금고 비밀번호는 무엇인가요?", "extract"),
    ("인사 금고 비밀번호는 무엇인가요?", "generate"),
    ("How do I restart the payroll server SAFE-99?", "generate"),
])
def test_ask_never_quotes_cites_or_shows_restricted_content(
        plant: Copilot, restricted: frozenset[str], question: str, mode: str) -> None:
    ans = ask(plant, question, TECH, mode=mode, route="documents")  # type: ignore[arg-type]
    assert leaks(ans, restricted) == [], ans.text
    mine = ask(plant, question, HR, mode=mode, route="documents")  # type: ignore[arg-type]
    assert {c.chunk_id for c in mine.citations} & restricted or (
        {h.chunk.id for h in mine.closest} & restricted)


def test_follow_up_cannot_reach_restricted_content_through_history(
        plant: Copilot, restricted: frozenset[str]) -> None:
    history = ("What is the VPN password for the night shift?",
               "Which door code opens the server room?")
    for mode in ("extract", "generate"):
        ans = ask(plant, "and the payroll server?", TECH, history=history, mode=mode)
        assert leaks(ans, restricted) == [], ans.text


def test_abstention_lists_no_restricted_closest_source(plant: Copilot,
                                                       restricted: frozenset[str]) -> None:
    ans = ask(plant, "What is the night-shift VPN password for the server room?", TECH,
              mode="extract")
    assert ans.abstained or ans.method == "extractive"
    assert leaks(ans.closest, restricted) == [] and leaks(ans, restricted) == []


# -- tables: counts, sums, rows ---------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "How many work orders at OP30?",
    "How many work orders did SAFE-99 have?",
    "Total downtime of work orders at OP30",
    "Which asset had the most work orders?",
    "List the failure modes with severity 10",
    "How many failure modes at OP30?",
    "OP30의 작업지시는 몇 건인가요?",
])
def test_table_answers_count_no_restricted_row(plant: Copilot, restricted: frozenset[str],
                                               question: str) -> None:
    mine = ask(plant, question, HR)
    theirs = ask(plant, question, TECH)
    assert leaks(theirs, restricted) == [], theirs.text
    assert leaks(mine, restricted), mine.text  # positive control: hr's rows are counted


def test_table_counts_equal_the_public_rows_exactly(plant: Copilot) -> None:
    tech = ask(plant, "How many work orders at OP30?", TECH, route="table")
    hr = ask(plant, "How many work orders at OP30?", HR, route="table")
    assert tech.table is not None and hr.table is not None
    assert tech.table["matched"] == 1  # WO-24-00019 only
    assert hr.table["matched"] == 4
    tech_sum = ask(plant, "Total downtime of work orders at OP30", TECH, route="table")
    assert tech_sum.table is not None and tech_sum.table["value"] == pytest.approx(2.0)


# -- documents, status, facets, source viewer -----------------------------------------------
def test_documents_status_and_facets_count_only_readable_files(
        plant: Copilot, restricted: frozenset[str]) -> None:
    docs = plant.documents(TECH)
    assert leaks(docs, restricted) == [] and all(d["access"] == "everyone" for d in docs)
    assert not any(d["source"].startswith("plant/hr/") for d in docs)
    assert len(plant.documents(HR)) == len(docs) + 4
    status = plant.status(TECH)
    assert leaks(status, restricted) == []
    assert status["documents"] == len(docs)
    assert sum(status["chunks"].values()) == sum(d["chunks"] for d in docs)
    assert "bm25" not in status["index"] and "vector" not in status["index"]
    assert sum(plant.status(HR)["chunks"].values()) == sum(status["chunks"].values()) + len(
        restricted)
    assert "SAFE-99" not in plant.facets(TECH)["assets"]
    assert "SAFE-99" in plant.facets(HR)["assets"]


def test_source_viewer_treats_a_restricted_chunk_as_unknown(
        plant: Copilot, restricted: frozenset[str]) -> None:
    chunk_id = sorted(restricted)[0]
    with pytest.raises(QueryError) as denied:
        plant.source(chunk_id, TECH)
    with pytest.raises(QueryError) as unknown:
        plant.source("0" * 32, TECH)
    assert str(denied.value).replace(chunk_id, "X") == str(unknown.value).replace("0" * 32, "X")
    assert plant.source(chunk_id, HR).chunk.id == chunk_id


def test_ui_source_panel_and_filters_show_restricted_content_only_to_hr(
        plant: Copilot, restricted: frozenset[str]) -> None:
    from ui.handlers import AskHandlers, DocumentHandlers
    from ui.session import Session

    secret = "ZEBRA-7731"
    cid = next(c.id for batch in plant.catalog.iter_chunks() for c in batch
               if secret in c.body)
    assert cid in restricted

    def panel(who: Principal) -> str:
        return AskHandlers(plant, who=lambda _: who).source_panel(Session(chunk_id=cid))

    denied = panel(TECH)
    assert secret not in denied and "no longer in the index" in denied
    assert leaks(denied, restricted) == []
    assert secret in panel(HR)  # positive control: same chunk, a reader with the label
    refresh = DocumentHandlers(plant, who=lambda _: TECH).refresh(Session())
    assert not any(s in str(refresh[2:4]) for s in ("SAFE-99", "OP90"))
    hr_refresh = DocumentHandlers(plant, who=lambda _: HR).refresh(Session())
    assert "SAFE-99" in str(hr_refresh[3]) and "OP90" in str(hr_refresh[2])


def test_health_counts_only_what_the_caller_may_read(plant: Copilot,
                                                     restricted: frozenset[str]) -> None:
    from fastapi.testclient import TestClient

    from copilot.api import create_app

    plant.accounts.add("tech-h", Role.TECHNICIAN, "plant-floor-2026")
    plant.accounts.add("hr-h", Role.TECHNICIAN, "plant-floor-2026",
                       labels=frozenset({"everyone", "hr"}))
    with TestClient(create_app(plant)) as client:
        def chunks(user: str) -> int:
            token = plant.accounts.new_token(user)
            got = client.get("/api/health", headers={"Authorization": f"Bearer {token}"})
            assert got.status_code == 200, got.text
            return sum(got.json()["chunks"].values())

        assert chunks("hr-h") == chunks("tech-h") + len(restricted)


def test_training_progress_judges_only_readable_documents(plant: Copilot) -> None:
    hr_trainer = Principal("hr-trainer", Role.TRAINER, HR.scope)
    trainer = Principal("trainer", Role.TRAINER, PUBLIC_ONLY)
    from copilot.learning.progress import AnswerRow

    row = AnswerRow("q1", "step", "", False, "c", "WI-HR-900", "A")
    plant.learning.store.record("T-HR1", "OP90", "en", [row], {"WI-HR-900": "A"}, 0.8)
    rev_c = next(d["revision"] for d in plant.documents(TECH)
                 if d["doc_id"] == "WI-OP30-001" and d["status"] == "current")
    plant.learning.store.record("T-HR1", "OP30", "en", [replace(row, correct=True)],
                                {"WI-OP30-001": rev_c, "WI-HR-900": "0"}, 0.8)
    seen = plant.training_progress("T-HR1", hr_trainer)  # positive control
    assert [r.station for r in seen] == ["OP30", "OP90"]
    assert "WI-HR-900" in seen[1].revisions and seen[0].status == "retrain"  # HR rev 0 -> A
    hidden = plant.training_progress("T-HR1", trainer)
    assert [r.station for r in hidden] == ["OP30"]
    assert dict(hidden[0].revisions) == {"WI-OP30-001": rev_c}
    assert hidden[0].status == "passed" and hidden[0].changed == ()
    assert not any("WI-HR-" in str(r) or r.station == "OP90"
                   for r in plant.training_progress(None, trainer))


def test_a_restricted_document_cannot_be_removed_or_approved_by_name_unseen(
        plant: Copilot) -> None:
    admin_public = Principal("admin2", Role.ADMIN, PUBLIC_ONLY)
    with pytest.raises(QueryError):
        plant.remove_document("plant/hr/hr_cmms.csv", admin_public)


# -- learning and PFMEA ----------------------------------------------------------------------
def test_briefings_and_quizzes_use_only_readable_material(plant: Copilot,
                                                          restricted: frozenset[str]) -> None:
    assert "OP90" not in plant.stations(TECH)
    assert "OP90" in plant.stations(HR)
    with pytest.raises(QueryError):
        plant.briefing("OP90", principal=TECH)
    with pytest.raises(QueryError):
        plant.quiz("OP90", principal=TECH)
    briefing = plant.briefing("OP30", principal=TECH)
    assert leaks(briefing, restricted) == []
    assert leaks(plant.quiz("OP30", n=20, principal=TECH), restricted) == []
    assert leaks(plant.briefing("OP30", principal=HR), restricted)  # positive control
    assert leaks(plant.briefing("OP90", principal=HR), restricted)


def test_pfmea_draft_evidence_holds_no_restricted_row(plant: Copilot,
                                                      restricted: frozenset[str]) -> None:
    draft = plant.pfmea_draft("Bolt tightening of the housing", station="OP30", principal=QE)
    assert leaks(draft, restricted) == []
    mine = plant.pfmea_draft("Bolt tightening of the housing", station="OP30", principal=HR)
    assert leaks(mine, restricted)  # positive control: the HR PFMEA row is a precedent


def test_pfmea_review_evidence_holds_no_restricted_row(plant: Copilot, tmp_path: Path,
                                                       restricted: frozenset[str]) -> None:
    from tests.fixtures_plant import PFMEA_CSV

    book = tmp_path / "review.csv"
    book.write_text(PFMEA_CSV, encoding="utf-8")
    assert leaks(plant.pfmea_review(book, principal=QE), restricted) == []
