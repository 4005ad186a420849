"""Read-only access to the typed record tables: the port the table feature reads through.

The SQL lives here, next to the tables it reads (``records.py`` writes them). Every identifier
written into a statement (table, column, aggregate function, group key, operator) is checked
against the record schema's whitelist first (:class:`QueryError` otherwise); every value travels
as a parameter. Selections count rows of current documents only (a superseded PFMEA revision's
rows are excluded); the vocabulary reads (:meth:`RecordReader.size`,
:meth:`RecordReader.column_values`) see every stored row of any revision. Every read takes the
caller's :class:`AccessScope` and keeps only rows whose access label it allows, inside the SQL,
so no count, aggregate, group or vocabulary ever includes a row the caller may not read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, get_args

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import QueryError
from copilot.core.schema import TABLES, TableSpec, table_named
from copilot.core.types import Locator, Scalar
from copilot.store.scope import scope_sql

Op = Literal["=", "!=", "<", "<=", ">", ">=", "between", "in", "not_in", "atom", "tag",
             "empty", "not_empty"]
AggFn = Literal["count", "avg", "sum", "min", "max"]
OPS: tuple[str, ...] = get_args(Op)
TIME_KEYS = ("year", "month")  # group keys computed from the date column

_AGG_SQL = {"avg": "AVG", "sum": "SUM", "min": "MIN", "max": "MAX", "count": "COUNT"}
_TIME_SQL = {"year": "substr(t.date, 1, 4)", "month": "substr(t.date, 1, 7)"}


@dataclass(frozen=True)
class Test:
    """``column op values``; ``alt_columns`` OR the same test on other columns."""

    column: str
    op: Op
    values: tuple[Scalar, ...] = ()
    alt_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextMatch:
    """Every group must occur in the text (any term within a group), case-insensitive."""

    groups: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...] = ()  # empty = the table's text columns


@dataclass(frozen=True)
class Selection:
    """Which rows: those of current documents passing every test and every text match."""

    table: str
    tests: tuple[Test, ...] = ()
    text: tuple[TextMatch, ...] = ()
    equals: tuple[str, Scalar] | None = None  # and this column holds exactly this value
    scope: AccessScope = UNRESTRICTED  # and the caller may read the row's access label


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool = True
    nulls_last: bool = True


@dataclass(frozen=True)
class RecordRow:
    chunk_id: str
    source: str
    locator: Locator
    text: str
    values: dict[str, Scalar | None]


class RecordReader(Protocol):
    """Read-only queries over the typed record tables (PFMEA rows, work orders)."""

    def generation(self) -> int:
        """Changes whenever any file's rows change (a cache key)."""
        ...

    def size(self, table: str, scope: AccessScope = UNRESTRICTED) -> int:
        """Rows stored in the table, current or superseded."""
        ...

    def column_values(self, table: str, columns: Sequence[str], *, distinct: bool = False,
                      non_null: bool = False, scope: AccessScope = UNRESTRICTED
                      ) -> list[tuple[Scalar | None, ...]]:
        """The columns of every stored row (``distinct``: once each; ``non_null``: only rows
        where every column has a value)."""
        ...

    def frequent_values(self, table: str, column: str, limit: int,
                        scope: AccessScope = UNRESTRICTED) -> list[Scalar]:
        """Non-empty values of a column in current documents, most frequent first."""
        ...

    def count(self, sel: Selection, distinct_of: str | None = None) -> tuple[int, int]:
        """(rows selected, distinct lower-cased values of ``distinct_of`` among them or 0)."""
        ...

    def aggregates(self, sel: Selection, column: str, fns: Sequence[AggFn]
                   ) -> tuple[Scalar | None, ...]:
        """Each function of the column over the selected rows, in order."""
        ...

    def groups(self, sel: Selection, key: str, fn: AggFn | None, measure: str | None,
               descending: bool) -> list[tuple[Scalar, int, Scalar | None]]:
        """(key, rows, fn of the measure) per non-empty key (a column, or year / month of the
        date), ordered by the aggregate (row count without one), then by key."""
        ...

    def rows(self, sel: Selection, order: Sequence[SortKey], limit: int) -> list[RecordRow]:
        """Up to ``limit`` selected rows with their chunk's text and locator, ordered by
        ``order`` and then by file and row."""
        ...


class SqlSource(Protocol):
    """Where the record tables live: read-only SQL and a generation counter (the Catalog)."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def generation(self) -> int: ...


def _spec(table: str) -> TableSpec:
    try:
        return table_named(table)
    except KeyError:
        raise QueryError(f"record table '{table}' does not exist "
                         f"(known: {', '.join(t.name for t in TABLES)})") from None


def _col(spec: TableSpec, column: str) -> str:
    """The column, if the table's schema has it (identifiers never come from anywhere else)."""
    if not spec.has(column):
        raise QueryError(f"'{column}' is not a column of {spec.name}")
    return column


def _fn(fn: str) -> str:
    if fn not in _AGG_SQL:
        raise QueryError(f"unknown aggregate function '{fn}'")
    return _AGG_SQL[fn]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _test(spec: TableSpec, col: str, test: Test, params: list[Any]) -> str:
    op, vals = test.op, test.values
    col = _col(spec, col)
    if op not in OPS:
        raise QueryError(f"unknown operator '{op}' on {col}")
    if op == "empty" and col == "date_closed":  # open orders: only logs that record closing
        return (f"(t.{col} IS NULL OR t.{col} = '') AND t.doc_id IN (SELECT DISTINCT doc_id "
                f"FROM {spec.name} WHERE {col} IS NOT NULL AND {col} != '')")
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
    if op == "not_in":  # "not preventive", "PMs excluded": a row with no value is not one
        params.extend(vals)
        return (f"(t.{col} IS NULL OR t.{col} COLLATE NOCASE NOT IN "
                f"({', '.join('?' * len(vals))}))")
    if op in ("atom", "tag"):  # one label of a multi-label value ("Bucket_Hydraulic Cylinders")
        parts = []
        for v in vals:
            e = _escape(str(v))
            params.extend([v, f"{e}\\_%", f"%\\_{e}", f"%\\_{e}\\_%"])
            parts.append(f"(t.{col} = ? COLLATE NOCASE OR t.{col} LIKE ? ESCAPE '\\' "
                         f"OR t.{col} LIKE ? ESCAPE '\\' OR t.{col} LIKE ? ESCAPE '\\')")
            if op == "tag":  # ... or the technician's text names it (tags are often blank)
                params.append(f"%{e.lower()}%")
                parts.append(f"lower(coalesce(t.{_col(spec, 'short_text')}, '')) "
                             "LIKE ? ESCAPE '\\'")
        return "(" + " OR ".join(parts) + ")"
    params.append(vals[0])
    if op == "=" and isinstance(vals[0], str):
        return f"t.{col} = ? COLLATE NOCASE"
    return f"t.{col} {op} ?"


def _text(spec: TableSpec, match: TextMatch, params: list[Any]) -> str:
    blob = " || ' ' || ".join(f"lower(coalesce(t.{_col(spec, c)}, ''))"
                              for c in match.columns) if match.columns else "t.search"
    groups = []
    for group in match.groups:
        alts = []
        for term in group:
            params.append(f"%{_escape(term.lower())}%")
            alts.append(f"({blob}) LIKE ? ESCAPE '\\'")
        groups.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(groups)


def where_sql(sel: Selection) -> tuple[TableSpec, str, list[Any]]:
    """The selection's table, its WHERE clause and the clause's parameters."""
    spec = _spec(sel.table)
    allowed, labels = scope_sql(sel.scope, "t.access")
    params: list[Any] = list(labels)
    parts = ["d.status = 'current'", allowed]
    for test in sel.tests:
        tests = [_test(spec, c, test, params) for c in (test.column, *test.alt_columns)]
        parts.append("(" + " OR ".join(tests) + ")")
    for match in sel.text:
        parts.append(_text(spec, match, params))
    if sel.equals is not None:
        parts.append(f"t.{_col(spec, sel.equals[0])} = ?")
        params.append(sel.equals[1])
    return spec, " AND ".join(parts), params


def _source(spec: TableSpec, where: str, chunks: bool = False) -> str:
    """FROM ... WHERE over current documents; ``chunks`` adds each row's text and locator."""
    join = "JOIN chunks c ON c.id = t.chunk_id " if chunks else ""
    return f"FROM {spec.name} t {join}JOIN documents d ON d.path = t.path WHERE {where}"


class SqliteRecordReader:
    """The record tables in the catalog's SQLite file, read through its ``query``."""

    def __init__(self, db: SqlSource) -> None:
        self._db = db

    def generation(self) -> int:
        return self._db.generation()

    def size(self, table: str, scope: AccessScope = UNRESTRICTED) -> int:
        allowed, params = scope_sql(scope, "access")
        return int(self._db.query(f"SELECT COUNT(*) FROM {_spec(table).name} WHERE {allowed}",
                                  params)[0][0])

    def column_values(self, table: str, columns: Sequence[str], *, distinct: bool = False,
                      non_null: bool = False, scope: AccessScope = UNRESTRICTED
                      ) -> list[tuple[Scalar | None, ...]]:
        spec = _spec(table)
        cols = [_col(spec, c) for c in columns]
        allowed, params = scope_sql(scope, "access")
        tests = [allowed, *(f"{c} IS NOT NULL" for c in cols if non_null)]
        return self._db.query(f"SELECT {'DISTINCT ' if distinct else ''}{', '.join(cols)} "
                              f"FROM {spec.name} WHERE {' AND '.join(tests)}", params)

    def frequent_values(self, table: str, column: str, limit: int,
                        scope: AccessScope = UNRESTRICTED) -> list[Scalar]:
        spec = _spec(table)
        col = _col(spec, column)
        allowed, params = scope_sql(scope, "t.access")
        rows = self._db.query(
            f"SELECT t.{col}, COUNT(*) FROM {spec.name} t JOIN documents d ON d.path = t.path "
            f"WHERE d.status = 'current' AND {allowed} AND t.{col} IS NOT NULL AND t.{col} != '' "
            f"GROUP BY t.{col} ORDER BY COUNT(*) DESC LIMIT ?", (*params, int(limit)))
        return [r[0] for r in rows]

    def count(self, sel: Selection, distinct_of: str | None = None) -> tuple[int, int]:
        spec, where, params = where_sql(sel)
        distinct = f"COUNT(DISTINCT lower(t.{_col(spec, distinct_of)}))" if distinct_of else "0"
        total, n = self._db.query(f"SELECT COUNT(*), {distinct} {_source(spec, where)}",
                                  params)[0]
        return int(total), int(n)

    def aggregates(self, sel: Selection, column: str, fns: Sequence[AggFn]
                   ) -> tuple[Scalar | None, ...]:
        spec, where, params = where_sql(sel)
        col = _col(spec, column)
        exprs = ", ".join(f"{_fn(f)}(t.{col})" for f in fns)
        return tuple(self._db.query(f"SELECT {exprs} {_source(spec, where)}", params)[0])

    def groups(self, sel: Selection, key: str, fn: AggFn | None, measure: str | None,
               descending: bool) -> list[tuple[Scalar, int, Scalar | None]]:
        spec, where, params = where_sql(sel)
        timed = key in TIME_KEYS and spec.has("date")
        col = _TIME_SQL[key] if timed else f"t.{_col(spec, key)}"
        expr = f"{_fn(fn)}(t.{_col(spec, measure)})" if fn and measure else None
        sort = expr or "COUNT(*)"
        direction = "DESC" if descending else "ASC"
        rows = self._db.query(
            f"SELECT {col}, COUNT(*), {expr or 'NULL'} {_source(spec, where)} AND {col} IS NOT "
            f"NULL AND {col} != '' GROUP BY {col} ORDER BY {sort} {direction}, {col}", params)
        return [(r[0], int(r[1]), r[2]) for r in rows]

    def rows(self, sel: Selection, order: Sequence[SortKey], limit: int) -> list[RecordRow]:
        spec, where, params = where_sql(sel)
        keys = []
        for k in order:
            col = _col(spec, k.column)
            way = "DESC" if k.descending else "ASC"
            keys.append(f"(t.{col} IS NULL), t.{col} {way}" if k.nulls_last else f"t.{col} {way}")
        keys.append("t.source, t.row")
        cols = ", ".join(f"t.{c}" for c in spec.names)
        out = []
        for r in self._db.query(
                f"SELECT t.chunk_id, t.source, c.locator, c.text, {cols} "
                f"{_source(spec, where, chunks=True)} ORDER BY {', '.join(keys)} LIMIT ?",
                [*params, int(limit)]):
            values = dict(zip(spec.names, r[4:], strict=True))
            out.append(RecordRow(str(r[0]), str(r[1]), Locator.from_dict(json.loads(r[2])),
                                 str(r[3]), values))
        return out
