"""Table questions end to end: value indexes from the catalog, plan, run, render, Answer."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from copilot.core.schema import TABLES, TableSpec, table_named
from copilot.core.text import has_hangul
from copilot.core.types import Answer, Route, Scalar
from copilot.tables.engine import TableEngine, TableResult
from copilot.tables.linking import LINKED, ValueIndex, build_index
from copilot.tables.plan import Condition, Plan
from copilot.tables.planner import Planned, RulePlanner
from copilot.tables.render import citations_for, render

if TYPE_CHECKING:
    from copilot.store.catalog import Catalog

# Planner strategy after the rules (an LLM planner with a JSON grammar): question, today,
# value indexes -> plan or None.
FallbackPlanner = Callable[[str, date, dict[str, ValueIndex]], Plan | None]


@dataclass(frozen=True)
class TableAnswer:
    answer: Answer
    result: TableResult
    route: Route  # "table", or "both" when the question also asks how or why


def _distinct(catalog: Catalog, spec: TableSpec) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for col in (c.name for c in spec.columns if c.name in LINKED):
        rows = catalog.query(
            f"SELECT t.{col}, COUNT(*) FROM {spec.name} t JOIN documents d ON d.path = t.path "
            f"WHERE d.status = 'current' AND t.{col} IS NOT NULL AND t.{col} != '' "
            f"GROUP BY t.{col} ORDER BY COUNT(*) DESC LIMIT 5000")
        values: dict[str, None] = {}
        for r in rows:
            v = str(r[0]).strip()
            values[v] = None
            if "_" in v:  # multi-label values: each label is linkable on its own
                for atom in v.split("_"):
                    if atom.strip():
                        values[atom.strip()] = None
        if values:
            out[col] = list(values)
    return out


class TableQA:
    """Answers table questions over the catalog's typed tables; None when it is not one."""

    def __init__(self, catalog: Catalog, today: Callable[[], date] = date.today,
                 fallback: FallbackPlanner | None = None) -> None:
        self._catalog = catalog
        self._engine = TableEngine(catalog)
        self._today = today
        self._fallback = fallback
        self._lock = threading.Lock()
        self._cache: tuple[int, dict[str, ValueIndex]] | None = None

    def indexes(self) -> dict[str, ValueIndex]:
        gen = self._catalog.generation()
        with self._lock:
            if self._cache is None or self._cache[0] != gen:
                idx: dict[str, ValueIndex] = {}
                for spec in TABLES:
                    n = self._catalog.query(f"SELECT COUNT(*) FROM {spec.name}")[0][0]
                    if not n:
                        continue
                    desc: dict[str, list[str]] = {}
                    if spec.has("asset_description"):
                        for a, d in self._catalog.query(
                                f"SELECT DISTINCT asset, asset_description FROM {spec.name} "
                                "WHERE asset IS NOT NULL AND asset_description IS NOT NULL"):
                            desc.setdefault(str(a), []).append(str(d))
                    docs = [str(r[0]) for r in self._catalog.query(
                        f"SELECT DISTINCT doc_id FROM {spec.name}")]
                    cols = " || ' ' || ".join(f"coalesce({c}, '')" for c in spec.text_columns)
                    texts = [str(r[0]) for r in self._catalog.query(
                        f"SELECT {cols} FROM {spec.name}")]
                    ids = [str(r[0]) for r in self._catalog.query(
                        f"SELECT work_order FROM {spec.name} WHERE work_order IS NOT NULL")
                        ] if spec.has("work_order") else []
                    idx[spec.name] = build_index(spec, _distinct(self._catalog, spec), desc,
                                                 docs, texts, ids)
                self._cache = (gen, idx)
            return self._cache[1]

    def plan(self, question: str) -> Planned | None:
        indexes = self.indexes()
        if not indexes:
            return None
        rules = RulePlanner(indexes, self._today())
        planned = rules.plan(question)
        if planned is None and self._fallback is not None and rules.looks_tabular(question):
            plan = self._fallback(question, self._today(), indexes)
            if plan is not None:
                return Planned(plan, "table", 1.0, "strong")
        return planned

    def run(self, plan: Plan) -> TableResult:
        return self._engine.run(plan)

    def answer(self, question: str, planned: Planned | None = None,
               keep_empty: bool = False) -> TableAnswer | None:
        t0 = time.perf_counter()
        planned = planned or self.plan(question)
        if planned is None:
            return None
        t1 = time.perf_counter()
        result = self.run(planned.plan)
        if planned.kind != "strong" and result.total == 0 and not keep_empty:
            return None  # rows named by words only, and none match: the documents answer
        text = render(result, ko=has_hangul(question))
        route: Route = "both" if planned.route == "both" else "table"
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

    def answer_for(self, question: str, standalone: str, where: Mapping[str, Scalar] | None,
                   keep_empty: bool = False) -> TableAnswer | None:
        """The entry point of the question path: ``question`` answered by the plan made for
        ``standalone`` (the same question with its history resolved), narrowed by the filter
        values that are columns of the table; None when it is not a table question."""
        planned = self.plan(standalone)
        if planned is None:
            return None
        plan = with_where(planned.plan, {k: v for k, v in (where or {}).items()
                                         if isinstance(v, (str, int, float))})
        return self.answer(question, replace(planned, plan=plan), keep_empty)


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
