"""Runs a validated plan over the typed tables: the numbers come from here.

The engine turns a plan into :class:`Selection` values and reads through the store's
:class:`RecordReader` port (parameterised SQL, identifiers checked against the schema). Only
current documents count (a superseded PFMEA revision's rows are excluded; a file that copies
another one's rows is left out by the plan's ``documents``, see ``copies``). Listed rows are
capped for the answer, but totals, aggregates and groups always cover every matching row; rows
from several files are counted per file as well.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, cast

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.schema import SHORT_NAME, table_named
from copilot.core.types import Scalar
from copilot.store.record_reader import (
    AggFn,
    RecordReader,
    RecordRow,
    Selection,
    SortKey,
    Test,
    TextMatch,
)
from copilot.tables.plan import Plan, validate

ROW_CAP = 20  # rows quoted (and cited) in one answer

Row = RecordRow  # a listed row: its chunk, source, locator, text and column values


@dataclass(frozen=True)
class Group:
    key: str
    count: int
    value: float | None  # the aggregate of the measure (None for plain counts)
    label: str = ""  # how people call the key, when it differs: "Chiller 14" for CWC04014

    @property
    def shown(self) -> str:
        """The key with its label beside it: "CWC04014 (Chiller 14)"."""
        return f"{self.key} ({self.label})" if self.label else self.key


@dataclass(frozen=True)
class TableResult:
    plan: Plan
    total: int  # rows matching every filter
    rows: tuple[Row, ...] = ()
    value: float | None = None
    groups: tuple[Group, ...] = ()
    distinct_titles: int = 0
    base_total: int | None = None  # percentage denominator
    extra: dict[str, float | None] = field(default_factory=dict)  # plan.also values
    by_document: tuple[Group, ...] = ()  # rows per file, when they come from more than one
    distinct_values: int | None = None  # values of plan.distinct_of among the rows
    timings_ms: dict[str, float] = field(default_factory=dict)


def selection(plan: Plan, subjects: bool = True, equals: tuple[str, Scalar] | None = None,
              scope: AccessScope = UNRESTRICTED) -> Selection:
    """The rows a plan is about (``subjects=False``: without a percentage's numerator) that
    ``scope`` may read."""
    docs = (Test("doc_id", "in", plan.documents),) if plan.documents else ()
    return Selection(
        plan.table,
        tuple(Test(c.column, c.op, c.values, c.alt_columns) for c in plan.conditions
              if subjects or not c.subject) + docs,
        tuple(TextMatch(t.groups, t.columns) for t in plan.text), equals, scope)


def _order(plan: Plan) -> tuple[SortKey, ...]:
    keys = [SortKey(plan.order_by, plan.descending)] if plan.order_by else []
    if plan.table == "work_orders" and plan.order_by != "date":
        keys.append(SortKey("date", descending=True, nulls_last=False))  # newest first
    return tuple(keys)


class TableEngine:
    """Plan in, TableResult out, over the record tables' read-only port."""

    def __init__(self, records: RecordReader) -> None:
        self._records = records

    def run(self, plan: Plan, scope: AccessScope = UNRESTRICTED) -> TableResult:
        """The plan over the rows ``scope`` may read (totals and aggregates included)."""
        t0 = time.perf_counter()
        plan = validate(plan)
        spec = table_named(plan.table)
        sel = selection(plan, scope=scope)
        db = self._records
        total, distinct = db.count(sel, spec.title_column if spec.name == "pfmea" else None)
        agg, measure = plan.aggregate, plan.measure
        value: float | None = None
        groups: tuple[Group, ...] = ()
        base_total: int | None = None
        row_sel = sel
        if plan.group_by:
            groups = self._groups(plan, sel)
        elif agg in ("avg", "sum", "min", "max") and measure:
            got = db.aggregates(sel, measure, (agg,))[0]
            value = None if got is None else float(got)
            if agg in ("min", "max") and got is not None:  # the rows holding the extreme
                row_sel = selection(plan, equals=(measure, got), scope=scope)
        elif agg == "percentage":
            base_total = db.count(selection(plan, subjects=False, scope=scope))[0]
            value = 100.0 * total / base_total if base_total else None
        elif agg == "count":
            value = float(total)
        extra: dict[str, float | None] = {}
        if plan.also and measure:
            got_all = db.aggregates(sel, measure, cast("tuple[AggFn, ...]", plan.also))
            extra = {f: None if v is None else float(v)
                     for f, v in zip(plan.also, got_all, strict=True)}
        cap = min(plan.limit or ROW_CAP, ROW_CAP) if not plan.group_by else ROW_CAP
        by_doc: tuple[Group, ...] = ()
        if not plan.group_by and agg in ("count", "list") and total > 1:
            by_doc = tuple(Group(str(k), n, None) for k, n, _ in
                           db.groups(sel, "doc_id", None, None, True))
        if len(by_doc) > 1 and total > cap and not _order(plan):
            rows = self._each_file(row_sel, by_doc, cap)
        else:
            rows = tuple(db.rows(row_sel, _order(plan), cap))
        kinds = db.count(sel, plan.distinct_of)[1] if plan.distinct_of else None
        ms = {"query": (time.perf_counter() - t0) * 1000}
        return TableResult(plan=plan, total=total, rows=rows, value=value, groups=groups,
                           distinct_titles=distinct, base_total=base_total, extra=extra,
                           by_document=by_doc if len(by_doc) > 1 else (),
                           distinct_values=kinds, timings_ms=ms)

    def _each_file(self, sel: Selection, files: tuple[Group, ...], cap: int
                   ) -> tuple[Row, ...]:
        """Unordered rows from several files, the cap shared between them: in file order the
        first file's rows filled every place, and the other files' rows were never shown."""
        share = max(1, cap // len(files))
        out: list[Row] = []
        for f in files:
            one = replace(sel, tests=(*sel.tests, Test("doc_id", "=", (f.key,))))
            out.extend(self._records.rows(one, (), share))
        if len(out) < cap:  # files with fewer rows than their share leave places to others
            seen = {r.chunk_id for r in out}
            out.extend(r for r in self._records.rows(sel, (), cap * 2)
                       if r.chunk_id not in seen)
        return tuple(out[:cap])

    def _groups(self, plan: Plan, sel: Selection) -> tuple[Group, ...]:
        fn: AggFn | None = plan.aggregate if plan.aggregate in ("avg", "sum", "min", "max") \
            else None  # type: ignore[assignment]
        rows = self._records.groups(sel, plan.group_by or "", fn, plan.measure,
                                    plan.descending)
        if plan.limit and len(rows) > plan.limit:  # keep groups tied with the last one shown
            def key(r: tuple[Any, ...]) -> Any:
                return r[2] if fn and plan.measure else r[1]
            cutoff = key(rows[plan.limit - 1])
            rows = [r for i, r in enumerate(rows) if i < plan.limit or key(r) == cutoff]
        groups = tuple(Group(str(r[0]), int(r[1]), None if r[2] is None else float(r[2]))
                       for r in rows)
        if plan.group_by == "asset" and table_named(plan.table).has("asset_description"):
            groups = tuple(replace(g, label=self._short_name(sel, g.key)) for g in groups)
        return groups

    def _short_name(self, sel: Selection, asset: str) -> str:
        """The asset's description when it is a short name ("Chiller 14"), else ""."""
        one = replace(sel, tests=(*sel.tests, Test("asset", "=", (asset,))))
        row = next(iter(self._records.rows(one, (), 1)), None)
        named = str(row.values.get("asset_description") or "") if row else ""
        return named if 0 < len(named) <= SHORT_NAME and named != asset else ""
