"""Table questions end to end: value indexes from the catalog, plan, run, render, Answer."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.schema import TABLES, TableSpec, table_named
from copilot.core.text import has_hangul
from copilot.core.types import Answer, Route, Scalar
from copilot.store.record_reader import RecordReader, SqliteRecordReader, SqlSource
from copilot.tables.copies import Copies, find_copies, without_copies
from copilot.tables.engine import TableEngine, TableResult
from copilot.tables.linking import LINKED, ValueIndex, build_index
from copilot.tables.markers import spelled_out
from copilot.tables.plan import Condition, Plan
from copilot.tables.planner import Planned, RulePlanner
from copilot.tables.render import citations_for, render

# Planner strategy after the rules (an LLM planner with a JSON grammar): question, today,
# value indexes -> plan or None.
FallbackPlanner = Callable[[str, date, dict[str, ValueIndex]], Plan | None]


@dataclass(frozen=True)
class TableAnswer:
    answer: Answer
    result: TableResult
    route: Route  # "table", or "both" when the question also asks how or why


def _distinct(records: RecordReader, spec: TableSpec, scope: AccessScope
              ) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for col in (c.name for c in spec.columns if c.name in LINKED):
        values: dict[str, None] = {}
        for value in records.frequent_values(spec.name, col, limit=5000, scope=scope):
            v = str(value).strip()
            values[v] = None
            if "_" in v:  # multi-label values: each label is linkable on its own
                for atom in v.split("_"):
                    if atom.strip():
                        values[atom.strip()] = None
        if values:
            out[col] = list(values)
    return out


def value_index(records: RecordReader, spec: TableSpec,
                scope: AccessScope = UNRESTRICTED) -> ValueIndex:
    """The names a question can use for one table's values, read from the rows ``scope`` may
    read (a restricted asset name is not even recognised as one)."""
    desc: dict[str, list[str]] = {}
    if spec.has("asset_description"):
        for a, d in records.column_values(spec.name, ("asset", "asset_description"),
                                          distinct=True, non_null=True, scope=scope):
            desc.setdefault(str(a), []).append(str(d))
    docs = [str(r[0]) for r in records.column_values(spec.name, ("doc_id",), distinct=True,
                                                     scope=scope)]
    texts = [" ".join("" if v is None else str(v) for v in r)
             for r in records.column_values(spec.name, spec.text_columns, scope=scope)]
    ids = [str(r[0]) for r in records.column_values(spec.name, ("work_order",), non_null=True,
                                                    scope=scope)
           ] if spec.has("work_order") else []
    return build_index(spec, _distinct(records, spec, scope), desc, docs, texts, ids)


class TableQA:
    """Answers table questions over the catalog's typed tables; None when it is not one."""

    def __init__(self, catalog: SqlSource, today: Callable[[], date] = date.today,
                 fallback: FallbackPlanner | None = None) -> None:
        self._catalog = catalog
        self._records = SqliteRecordReader(catalog)
        self._engine = TableEngine(self._records)
        self._today = today
        self._fallback = fallback
        self._lock = threading.Lock()
        # per access scope: (catalog generation, value indexes, copies per table); a few
        # scopes per plant
        self._cache: dict[AccessScope, tuple[int, dict[str, ValueIndex],
                                             dict[str, Copies]]] = {}

    def _cached(self, scope: AccessScope) -> tuple[int, dict[str, ValueIndex],
                                                   dict[str, Copies]]:
        gen = self._records.generation()
        with self._lock:
            cached = self._cache.get(scope)
            if cached is None or cached[0] != gen:
                specs = [spec for spec in TABLES if self._records.size(spec.name, scope)]
                cached = (gen, {s.name: value_index(self._records, s, scope) for s in specs},
                          {s.name: find_copies(self._records, s, scope) for s in specs})
                self._cache = {s: c for s, c in self._cache.items() if c[0] == gen}
                self._cache[scope] = cached
            return cached

    def indexes(self, scope: AccessScope = UNRESTRICTED) -> dict[str, ValueIndex]:
        return self._cached(scope)[1]

    def copies(self, table: str, scope: AccessScope = UNRESTRICTED) -> Copies:
        """The table's current files that repeat another one's rows (counted once)."""
        return self._cached(scope)[2].get(table, Copies())

    def plan(self, question: str, scope: AccessScope = UNRESTRICTED) -> Planned | None:
        indexes = self.indexes(scope)
        if not indexes:
            return None
        rules = RulePlanner(indexes, self._today())
        planned = rules.plan(question)
        if planned is None and self._fallback is not None and rules.looks_tabular(question):
            plan = self._fallback(question, self._today(), indexes)
            if plan is not None:
                return Planned(plan, "table", 1.0, "strong")
        return planned

    def run(self, plan: Plan, scope: AccessScope = UNRESTRICTED) -> TableResult:
        return self._engine.run(plan, scope)

    def answer(self, question: str, planned: Planned | None = None,
               keep_empty: bool = False, scope: AccessScope = UNRESTRICTED
               ) -> TableAnswer | None:
        t0 = time.perf_counter()
        planned = planned or self.plan(question, scope)
        if planned is None:
            return None
        planned = replace(planned, plan=without_copies(
            planned.plan, self.copies(planned.plan.table, scope)))
        t1 = time.perf_counter()
        result = self.run(planned.plan, scope)
        if result.total == 0 and planned.plan.text:
            planned, result = self._relaxed(question, planned, result, scope)
        result = spelled_out(result, lambda p: self.run(p, scope))
        planned = replace(planned, plan=result.plan)
        if planned.kind != "strong" and result.total == 0 and not keep_empty:
            return None  # rows named by words only, and none match: the documents answer
        text = render(result, ko=has_hangul(question))
        route: Route = "table" if planned.route == "table" and confident(
            question, planned) else "both"
        ans = Answer(
            question=question, text=text, citations=citations_for(result),
            route=route, method="table", plan=planned.plan.to_dict(),
            table={"matched": result.total, "value": result.value,
                   "groups": [{"key": g.key, "count": g.count, "value": g.value}
                              for g in result.groups],
                   "base": result.base_total, "shown": len(result.rows)},
            model="table-engine",
            timings_ms={"plan": (t1 - t0) * 1000, **result.timings_ms,
                        "total": (time.perf_counter() - t0) * 1000})
        return TableAnswer(ans, result, route)

    def _relaxed(self, question: str, planned: Planned, result: TableResult,
                 scope: AccessScope) -> tuple[Planned, TableResult]:
        """Zero rows with word conditions: the words that emptied the result were most likely
        the question's phrasing ("single", "show up", "ignore blanks"), not a row's content.
        The plan is run on the words written as names, then without any word condition, with
        a note naming the dropped words, and never stands alone (a relaxed plan is not
        "strong": the documents answer beside)."""
        for trial in _fewer_words(planned.plan, question):
            if not trial.conditions and not trial.text and trial.aggregate == "list" \
                    and trial.group_by is None:
                continue  # nothing left but "every row": not an answer
            got = self.run(trial, scope)
            if got.total:
                return replace(planned, plan=trial, kind="relaxed"), got
        return planned, result

    def answer_for(self, question: str, standalone: str, where: Mapping[str, Scalar] | None,
                   keep_empty: bool = False, scope: AccessScope = UNRESTRICTED
                   ) -> TableAnswer | None:
        """The entry point of the question path: ``question`` answered by the plan made for
        ``standalone`` (the same question with its history resolved), narrowed by the filter
        values that are columns of the table, over the rows ``scope`` may read; None when it
        is not a table question."""
        planned = self.plan(standalone, scope)
        if planned is None:
            return None
        plan = with_where(planned.plan, {k: v for k, v in (where or {}).items()
                                         if isinstance(v, (str, int, float))})
        return self.answer(question, replace(planned, plan=plan), keep_empty, scope)


def _fewer_words(plan: Plan, question: str) -> Iterator[Plan]:
    """``plan`` keeping only the word conditions the question writes as names (capitals after
    its first word: "rely on Engine SOS" keeps 'sos', drops 'rely'), then with none; each with
    a note naming the dropped words. Lower-case words that emptied the result are most likely
    phrasing ("come up", "ignore blanks"); a name is what the rows are about."""
    groups = [(i, g) for i, t in enumerate(plan.text) for g in t.groups if g]
    names = {w.lower() for w in re.findall(r"(?<=\S)\s+([A-Z][\w-]*)", question)}
    named = tuple(k for k, (_, g) in enumerate(groups)
                  if any(w.startswith(g[0].lower()) for w in names))
    drops = [tuple(k for k in range(len(groups)) if k not in named)] if named else []
    for drop in [*drops, tuple(range(len(groups)))]:
        kept = [groups[k] for k in range(len(groups)) if k not in drop]
        text = tuple(replace(t, groups=tuple(g for j, g in kept if j == i),
                             phrase=", ".join(g[0] for j, g in kept if j == i))
                     for i, t in enumerate(plan.text) if any(j == i for j, _ in kept))
        notes = tuple(f"ignored '{groups[k][1][0]}' (with it no row matched)" for k in drop)
        if drop:
            yield replace(plan, text=text, notes=plan.notes + notes)


def confident(question: str, planned: Planned) -> bool:
    """May the table's answer stand alone, without the documents' answer beside it?

    Only a plan that placed the question's words in structured filters, ids or an aggregate the
    question asks for. Words the planner could only turn into a text filter are a guess about
    which rows are meant (a repair's description, a symptom), so the documents answer beside it;
    a zero-row result of such a guess never stands alone; and a plan whose output is a count or
    a group while the question asks *which* record (its object dropped) is not trusted either."""
    plan = planned.plan
    if planned.kind != "strong" or plan.text:
        return False
    return not object_dropped(question, plan)


def object_dropped(question: str, plan: Plan) -> bool:
    """"Which work order ...?" planned as a count or a group: the record asked for is lost."""
    if plan.aggregate == "list" and plan.group_by is None:
        return False
    q = question.lower()
    spec = table_named(plan.table)
    record = tuple(n for n in spec.nouns if n.isascii() and len(n) > 2)
    if not record:
        return False
    alts = "|".join(re.escape(n) for n in sorted(record, key=len, reverse=True))
    asks_record = re.search(rf"\b(?:which|what)\s+(?:\w+\s+)?(?:{alts})\b(?!\s+(?:types?|kinds?"
                            rf"|codes?|categor\w*|count|number))", q)
    counted = re.search(r"\bhow\s+(?:many|much|often)\b|\bnumber\s+of\b|\bcount\b", q)
    return bool(asks_record) and not counted


def with_where(plan: Plan, where: Mapping[str, Scalar] | None) -> Plan:
    """UI / CLI filters (station, asset, ...) that are columns of the table narrow the plan."""
    if not where:
        return plan
    spec = table_named(plan.table)
    extra = tuple(Condition(k, "=", (v,), phrase=f"{k} {v}") for k, v in where.items()
                  if spec.has(k) and k not in ("kind",) and not any(
                      c.column == k for c in plan.conditions))
    return replace(plan, conditions=(*plan.conditions, *extra)) if extra else plan


def combine(table: Answer, documents: Answer) -> Answer:
    """Route "both": the table's computed answer first, then the documents' answer, with the
    documents' citation numbers shifted after the table's."""
    shift = len(table.citations)
    text = renumber(documents.text, shift)
    cites = tuple(replace(c, n=c.n + shift) for c in documents.citations)
    return replace(
        table, text=f"{table.text}{DOCUMENTS_HEADING}{text}",
        citations=(*table.citations, *cites), safety=documents.safety, route="both",
        extractive=documents.extractive, dropped=documents.dropped,
        timings_ms={**documents.timings_ms, **{f"table_{k}": v
                                               for k, v in table.timings_ms.items()}})


# The line between the table's text and the documents' answer in a "both" answer.
DOCUMENTS_HEADING = "\n\nFrom the documents:\n"


def renumber(text: str, shift: int) -> str:
    """Citation markers [n] -> [n + shift] (the documents' sources follow the table's)."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", text)
