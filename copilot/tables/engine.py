"""Runs a validated plan as parameterised SQL over the typed tables: the numbers come from here.

Only current documents count (a superseded PFMEA revision's rows are excluded). Listed rows are
capped for the answer, but totals, aggregates and groups always cover every matching row.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from copilot.core.schema import TableSpec, table_named
from copilot.core.types import Locator, Scalar
from copilot.tables.plan import Condition, Plan, TextFilter, validate

ROW_CAP = 20  # rows quoted (and cited) in one answer


class SqlReader(Protocol):
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class Row:
    chunk_id: str
    source: str
    locator: Locator
    text: str
    values: dict[str, Scalar | None]


@dataclass(frozen=True)
class Group:
    key: str
    count: int
    value: float | None  # the aggregate of the measure (None for plain counts)


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
    timings_ms: dict[str, float] = field(default_factory=dict)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _test(col: str, cond: Condition, params: list[Any]) -> str:
    op, vals = cond.op, cond.values
    if op == "empty" and col == "date_closed":  # open orders: only logs that record closing
        return (f"(t.{col} IS NULL OR t.{col} = '') AND t.doc_id IN (SELECT DISTINCT doc_id "
                f"FROM work_orders WHERE {col} IS NOT NULL AND {col} != '')")
    if op == "empty":
        return f"(t.{col} IS NULL OR t.{col} = '')"
    if op == "not_empty":
        return f"(t.{col} IS NOT NULL AND t.{col} != '')"
    if op == "between":
        params.extend(vals)
        return f"(t.{col} >= ? AND t.{col} <= ?)"
    if op == "in":
        params.extend(vals)
        return f"t.{col} COLLATE NOCASE IN ({', '.join('?' * len(vals))})"
    if op in ("atom", "tag"):  # one label of a multi-label value ("Bucket_Hydraulic Cylinders")
        parts = []
        for v in vals:
            e = _escape(str(v))
            params.extend([v, f"{e}\\_%", f"%\\_{e}", f"%\\_{e}\\_%"])
            parts.append(f"(t.{col} = ? COLLATE NOCASE OR t.{col} LIKE ? ESCAPE '\\' "
                         f"OR t.{col} LIKE ? ESCAPE '\\' OR t.{col} LIKE ? ESCAPE '\\')")
            if op == "tag":  # ... or the technician's text names it (tags are often blank)
                params.append(f"%{e.lower()}%")
                parts.append("lower(coalesce(t.short_text, '')) LIKE ? ESCAPE '\\'")
        return "(" + " OR ".join(parts) + ")"
    params.append(vals[0])
    if op == "=" and isinstance(vals[0], str):
        return f"t.{col} = ? COLLATE NOCASE"
    return f"t.{col} {op} ?"


def _text_sql(spec: TableSpec, tf: TextFilter, params: list[Any]) -> str:
    blob = " || ' ' || ".join(f"lower(coalesce(t.{c}, ''))" for c in tf.columns) \
        if tf.columns else "t.search"
    groups = []
    for group in tf.groups:
        alts = []
        for term in group:
            params.append(f"%{_escape(term.lower())}%")
            alts.append(f"({blob}) LIKE ? ESCAPE '\\'")
        groups.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(groups)


def where_sql(plan: Plan, spec: TableSpec, subjects: bool = True) -> tuple[str, list[Any]]:
    params: list[Any] = []
    parts = ["d.status = 'current'"]
    for cond in plan.conditions:
        if cond.subject and not subjects:
            continue
        tests = [_test(c, cond, params) for c in (cond.column, *cond.alt_columns)]
        parts.append("(" + " OR ".join(tests) + ")")
    for tf in plan.text:
        parts.append(_text_sql(spec, tf, params))
    return " AND ".join(parts), params


def _source(spec: TableSpec, where: str, chunks: bool = False) -> str:
    """FROM ... WHERE over current documents; ``chunks`` adds each row's text and locator."""
    join = "JOIN chunks c ON c.id = t.chunk_id " if chunks else ""
    return f"FROM {spec.name} t {join}JOIN documents d ON d.path = t.path WHERE {where}"


_AGG_SQL = {"avg": "AVG", "sum": "SUM", "min": "MIN", "max": "MAX", "count": "COUNT"}


class TableEngine:
    """Plan in, TableResult out, over one SQL reader (the catalog)."""

    def __init__(self, db: SqlReader) -> None:
        self._db = db

    def run(self, plan: Plan) -> TableResult:
        t0 = time.perf_counter()
        plan = validate(plan)
        spec = table_named(plan.table)
        where, params = where_sql(plan, spec)
        src = _source(spec, where)
        distinct_sql = f"COUNT(DISTINCT lower(t.{spec.title_column}))" \
            if spec.name == "pfmea" else "0"
        total, distinct = self._db.query(f"SELECT COUNT(*), {distinct_sql} {src}", params)[0]
        result = TableResult(plan=plan, total=int(total), distinct_titles=int(distinct))
        agg, measure = plan.aggregate, plan.measure
        value: float | None = None
        groups: tuple[Group, ...] = ()
        base_total: int | None = None
        order = self._order(plan, spec)
        row_where, row_params = where, params
        if plan.group_by:
            groups = self._groups(plan, src, params)
        elif agg in ("avg", "sum") and measure:
            got = self._db.query(f"SELECT {_AGG_SQL[agg]}(t.{measure}) {src}", params)[0][0]
            value = None if got is None else float(got)
        elif agg in ("min", "max") and measure:
            got = self._db.query(f"SELECT {_AGG_SQL[agg]}(t.{measure}) {src}", params)[0][0]
            value = None if got is None else float(got)
            if got is not None:  # the rows holding the extreme (ties included)
                row_where, row_params = f"{where} AND t.{measure} = ?", [*params, got]
        elif agg == "percentage":
            bw, bp = where_sql(plan, spec, subjects=False)
            base_total = int(self._db.query(f"SELECT COUNT(*) {_source(spec, bw)}",
                                            bp)[0][0])
            value = 100.0 * result.total / base_total if base_total else None
        elif agg == "count":
            value = float(result.total)
        extra: dict[str, float | None] = {}
        if plan.also and measure:
            sel = ", ".join(f"{_AGG_SQL[f]}(t.{measure})" for f in plan.also)
            got_all = self._db.query(f"SELECT {sel} {src}", params)[0]
            extra = {f: None if v is None else float(v)
                     for f, v in zip(plan.also, got_all, strict=True)}
        cap = min(plan.limit or ROW_CAP, ROW_CAP) if not plan.group_by else ROW_CAP
        rows = self._rows(spec, f"{_source(spec, row_where, chunks=True)} {order} LIMIT {cap}",
                          row_params)
        ms = {"query": (time.perf_counter() - t0) * 1000}
        return TableResult(plan=plan, total=result.total, rows=rows, value=value, groups=groups,
                           distinct_titles=result.distinct_titles, base_total=base_total,
                           extra=extra, timings_ms=ms)

    @staticmethod
    def _order(plan: Plan, spec: TableSpec) -> str:
        keys = []
        if plan.order_by:
            keys.append(f"(t.{plan.order_by} IS NULL), t.{plan.order_by} "
                        f"{'DESC' if plan.descending else 'ASC'}")
        if plan.table == "work_orders" and plan.order_by != "date":
            keys.append("t.date DESC")
        keys.append("t.source, t.row")
        return "ORDER BY " + ", ".join(keys)

    def _groups(self, plan: Plan, src: str, params: list[Any]) -> tuple[Group, ...]:
        m = plan.measure
        col = {"year": "substr(t.date, 1, 4)", "month": "substr(t.date, 1, 7)"}.get(
            plan.group_by or "", f"t.{plan.group_by}")
        func = _AGG_SQL.get(plan.aggregate, "COUNT")
        expr = f"{func}(t.{m})" if m and plan.aggregate in ("avg", "sum", "min", "max") else None
        sort = expr or "COUNT(*)"
        direction = "DESC" if plan.descending else "ASC"
        rows = self._db.query(
            f"SELECT {col}, COUNT(*), {expr or 'NULL'} {src} AND {col} IS NOT NULL "
            f"AND {col} != '' GROUP BY {col} ORDER BY {sort} {direction}, {col}", params)
        if plan.limit and len(rows) > plan.limit:  # keep groups tied with the last one shown
            def key(r: tuple[Any, ...]) -> Any:
                return r[2] if expr else r[1]
            cutoff = key(rows[plan.limit - 1])
            rows = [r for i, r in enumerate(rows) if i < plan.limit or key(r) == cutoff]
        return tuple(Group(str(r[0]), int(r[1]), None if r[2] is None else float(r[2]))
                     for r in rows)

    def _rows(self, spec: TableSpec, tail: str, params: list[Any]) -> tuple[Row, ...]:
        cols = ", ".join(f"t.{c}" for c in spec.names)
        out = []
        for r in self._db.query(f"SELECT t.chunk_id, t.source, c.locator, c.text, {cols} {tail}",
                                params):
            values = dict(zip(spec.names, r[4:], strict=True))
            out.append(Row(str(r[0]), str(r[1]), Locator.from_dict(json.loads(r[2])), str(r[3]),
                           values))
        return tuple(out)
