"""The question path: condense once, then the table engine, the documents, or both.

One standalone question (copilot/answering/condense.py) goes to the table planner and to
retrieval alike. A question the planner can plan (counts, filters, rankings over PFMEA rows and
work orders) is answered by the engine (route "table"); one that also asks how or why streams
the table's text and then the documents' answer (route "both"); everything else goes to the
documents. A model's rewrite of a follow-up never reaches the planner, and a follow-up glued
to the question before it gets a table answer only beside the documents' (see ``Standalone``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Protocol

from copilot.answering.answerer import Answerer, AnswerEvent
from copilot.answering.condense import standalone
from copilot.answering.request import Ask
from copilot.answering.translate import with_translation
from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import QueryError
from copilot.core.lexicon.names import asked_names
from copilot.core.schema import field_words
from copilot.core.types import Scalar
from copilot.ports import GeneratorFactory
from copilot.tables.qa import DOCUMENTS_HEADING, TableAnswer, combine, renumber


class TableAnswers(Protocol):
    """The table engine as the router sees it (``TableQA`` and test fakes)."""

    def answer_for(self, question: str, standalone: str, where: Mapping[str, Scalar] | None,
                   keep_empty: bool = False, scope: AccessScope = UNRESTRICTED
                   ) -> TableAnswer | None:
        """The table's answer over the rows ``scope`` may read, or None when the question is
        not one for the tables."""
        ...


class Router:
    """Routes one ``Ask``; its parts are opened on first use (a table answer needs no index)."""

    def __init__(self, tables: Callable[[], TableAnswers], answerer: Callable[[], Answerer],
                 generator: GeneratorFactory | None = None, translate: bool = False,
                 followups: bool = False) -> None:
        self._tables, self._answerer, self._generator = tables, answerer, generator
        self._translate = translate  # search Korean questions beside a model's translation
        self._followups = followups  # a model rewrites the follow-ups the rule cannot

    def _names_unknown(self, question: str, ask: Ask) -> bool:
        """The question names a thing ("excavator F", "Chiller 5") that no document names: a
        table plan drops such a name silently, so its answer would be about the others."""
        if not asked_names(question):
            return False
        found = self._answerer().retriever.search(question, 1, ask.where, scope=ask.scope)
        # "RPN 300+", "action priority H": a column's value the plan filters on
        return any(n.split()[0].lower() not in field_words() for n in found.unknown_names)

    def ask_stream(self, ask: Ask) -> Iterator[AnswerEvent]:
        """Answer pieces as they are produced; the last event carries the Answer."""
        # only the documents may use a model's rewrite, so route "table" never loads one for it
        rewriter = self._generator if self._followups and ask.route != "table" else None
        alone = standalone(ask.question, ask.history, rewriter)
        table = None
        # a guessed follow-up ("which one of those was the most expensive?" glued to the
        # question before it) may be planned too, but never stands alone: the documents'
        # answer follows it
        if ask.route != "documents" and alone.text and alone.by != "model":
            table = self._tables().answer_for(ask.question, alone.text, ask.where,
                                              keep_empty=ask.route == "table", scope=ask.scope)
            if table is not None and not alone.certain and ask.route != "table":
                table = replace(table, route="both")
        if table is not None and ask.route != "table" and self._names_unknown(alone.text, ask):
            table = None  # "excavator F": the documents' answer says no document names it
        if table is None and ask.route == "table":
            raise QueryError("not a table question: name what to count, filter or rank "
                             "(e.g. 'failure modes at OP20 with severity 9 or more')")
        if table is not None and table.route == "table":
            yield AnswerEvent("delta", table.answer.text)
            yield AnswerEvent("answer", answer=table.answer)
            return
        search = alone.text
        if self._translate and self._generator is not None:
            search = with_translation(alone.text, self._generator)
        documents = self._answerer().ask_stream(ask, search)
        if table is None:
            yield from documents
            return
        yield AnswerEvent("delta", table.answer.text + DOCUMENTS_HEADING)
        shift = len(table.answer.citations)
        for event in documents:
            if event.answer is None:
                yield AnswerEvent("delta", renumber(event.text, shift))
            else:
                yield AnswerEvent("answer", answer=combine(table.answer, event.answer))
