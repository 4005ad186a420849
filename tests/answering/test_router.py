"""The question path: one condensing, one standalone question for tables and documents, and
route "both" streaming the table's text before the documents' pieces (fakes only)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from copilot.answering.answerer import Answerer, final_answer
from copilot.answering.request import Ask
from copilot.answering.router import Router
from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import QueryError
from copilot.core.types import Answer, Citation, Route, Scalar
from copilot.tables.engine import TableResult
from copilot.tables.plan import Plan
from copilot.tables.qa import DOCUMENTS_HEADING, TableAnswer
from tests.fakes import FakeRetriever, ScriptedGenerator, chunk

pytestmark = pytest.mark.unit

STEP = chunk("[WI-1 Rev A] Press-fit\nCheck the press-fit force: 12 kN to 15 kN at OP20.", 1,
             step="4")
PREV = "What press-fit force at OP20?"


class FakeTables:
    """Answers every question it is given (with ``route``) and records the standalone ones."""

    def __init__(self, route: Route | None = "both") -> None:
        self.route = route
        self.planned: list[tuple[str, Mapping[str, Scalar] | None]] = []

    def answer_for(self, question: str, standalone: str, where: Mapping[str, Scalar] | None,
                   keep_empty: bool = False, scope: AccessScope = UNRESTRICTED
                   ) -> TableAnswer | None:
        self.planned.append((standalone, where))
        if self.route is None:
            return None
        cite = Citation(n=1, chunk_id="row1", source="pfmea.xlsx", locator="row 7",
                        quote="OP20 | press-fit force low | S 8")
        ans = Answer(question=question, text="3 failure modes at OP20 [1].", citations=(cite,),
                     route=self.route, method="table")
        return TableAnswer(ans, TableResult(Plan(table="pfmea"), total=3), self.route)


def router(tables: FakeTables, reply: str = "Check the press-fit force of 12 kN to 15 kN [1].",
           followups: bool = False) -> tuple[Router, FakeRetriever, ScriptedGenerator]:
    retriever, gen = FakeRetriever([STEP]), ScriptedGenerator(reply)
    answerer = Answerer(retriever, lambda: gen)
    return (Router(lambda: tables, lambda: answerer, lambda: gen, followups=followups),
            retriever, gen)


def test_both_streams_the_table_first_then_the_documents_pieces_renumbered() -> None:
    r, _, _ = router(FakeTables("both"))
    events = list(r.ask_stream(Ask("How many failure modes at OP20 and how to check the force?")))
    deltas = [e.text for e in events if e.answer is None]
    assert deltas[0] == "3 failure modes at OP20 [1]." + DOCUMENTS_HEADING
    assert deltas[1:] == ["Check the press-fit force of 12 kN to 15 kN [2]."]  # after the table's [1]
    final = final_answer(events)
    assert final.route == "both" and final.text == "".join(deltas)
    assert [(c.n, c.chunk_id) for c in final.citations] == [(1, "row1"), (2, "c1")]
    assert events[-1].answer is final and all(e.answer is None for e in events[:-1])


def test_a_table_answer_never_opens_the_documents() -> None:
    def no_documents() -> Answerer:
        raise AssertionError("the documents were asked")

    r = Router(lambda: FakeTables("table"), no_documents)
    events = list(r.ask_stream(Ask("How many failure modes at OP20?")))
    assert [e.text for e in events] == ["3 failure modes at OP20 [1].", ""]
    assert final_answer(events).route == "table"


def test_a_follow_up_is_condensed_once_for_the_planner_and_the_retriever() -> None:
    tables = FakeTables(None)
    r, retriever, gen = router(tables)
    where = {"kind": "work_instruction"}
    ans = final_answer(r.ask_stream(Ask("and at OP30?", (PREV,), where)))
    assert tables.planned == [("What press-fit force at OP30?", where)]
    assert retriever.queries == ["What press-fit force at OP30?"]
    assert ans.standalone_question == "What press-fit force at OP30?" and ans.question == "and at OP30?"
    assert len(gen.prompts) == 1  # the answer; the rule needed no model


def test_a_guessed_rewrite_goes_to_the_documents_only() -> None:
    tables = FakeTables("table")
    r, retriever, gen = router(tables, reply="What press-fit force at OP20, and why?",
                               followups=True)
    final_answer(r.ask_stream(Ask("and why?", (PREV,))))
    assert tables.planned == []  # a model's rewrite must not become row filters
    assert retriever.queries == ["What press-fit force at OP20, and why?"]
    assert "User: What press-fit force at OP20?" in gen.prompts[0]  # the condense prompt


def test_a_glued_follow_up_may_be_planned_but_its_table_never_stands_alone() -> None:
    tables = FakeTables("table")
    r, retriever, _ = router(tables)
    ans = final_answer(r.ask_stream(Ask("which one of those was the worst?", (PREV,))))
    assert tables.planned == [(f"{PREV} which one of those was the worst?", None)]
    assert ans.route == "both" and DOCUMENTS_HEADING in ans.text  # the documents' answer follows
    assert retriever.queries == [f"{PREV} which one of those was the worst?"]


def test_follow_up_rewrites_by_the_model_are_off_unless_switched_on() -> None:
    # COPILOT_MODEL_FOLLOWUPS=0: what the rule cannot rewrite is searched glued to the last turn
    tables = FakeTables(None)
    r, retriever, gen = router(tables, reply="What press-fit force at OP20, and why?")
    final_answer(r.ask_stream(Ask("and why?", (PREV,))))
    assert retriever.queries == [f"{PREV} and why?"]
    assert all("User: What press-fit force" not in p for p in gen.prompts)  # no condense prompt


def test_route_table_needs_a_table_question() -> None:
    r, _, _ = router(FakeTables(None))
    with pytest.raises(QueryError, match="not a table question"):
        list(r.ask_stream(Ask("Why does the press squeal?", route="table")))


def test_route_documents_skips_the_planner() -> None:
    tables = FakeTables("table")
    r, _, _ = router(tables)
    assert final_answer(r.ask_stream(Ask("press-fit force?", route="documents"))).route == (
        "documents")
    assert tables.planned == []


def test_a_thing_no_document_names_gets_no_table_answer() -> None:
    """A plan drops "Chiller 5" silently (no such asset to filter on) and would answer about
    every chiller; the documents' answer says no document names it."""
    logs = [chunk(f"Work order WO{n} | Chiller {n} | oil analysis done", n, kind="maintenance_log")
            for n in (6, 9, 14)]
    for route in ("table", "both"):
        tables = FakeTables(route)  # type: ignore[arg-type]
        answerer = Answerer(FakeRetriever(logs), lambda: ScriptedGenerator("unused"))
        r = Router(lambda t=tables: t, lambda a=answerer: a)
        ans = final_answer(r.ask_stream(Ask("How many work orders did Chiller 5 have?")))
        assert ans.abstained and "Chiller 5" in ans.text and not ans.citations, route
        named = final_answer(r.ask_stream(Ask("How many work orders did Chiller 9 have?")))
        assert named.text.startswith("3 failure modes"), route
    # "RPN 300" is a column's value (the documents write RPN 12, RPN 18, ...), not a thing
    rows = [chunk(f"OP20 | press-fit force low | RPN {n}", n, kind="pfmea") for n in (12, 18, 24)]
    answerer = Answerer(FakeRetriever(rows), lambda: ScriptedGenerator("unused"))
    r = Router(lambda: FakeTables("table"), lambda: answerer)
    rated = final_answer(r.ask_stream(Ask("Anything in the PFMEA with RPN 300+?")))
    assert rated.text.startswith("3 failure modes")
