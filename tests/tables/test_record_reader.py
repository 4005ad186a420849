"""The record tables' read-only port: identifiers only from the schema, values only as
parameters, and the engine reads through nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from copilot.core.errors import QueryError
from copilot.store.catalog import Catalog
from copilot.store.record_reader import (
    AggFn,
    RecordReader,
    RecordRow,
    Selection,
    SortKey,
    SqliteRecordReader,
    Test,
    TextMatch,
)
from copilot.tables.engine import TableEngine
from copilot.tables.plan import Condition, Plan
from tests.conftest import SAMPLE_DOCS
from tests.tables.conftest import fill

pytestmark = pytest.mark.unit

PFMEA_A = SAMPLE_DOCS / "pfmea" / "PFMEA_Line2_Assembly_OP10-OP30.xlsx"
CMMS_24 = SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv"


class Recording:
    """A SqlSource that keeps every statement and its parameters."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.statements: list[tuple[str, list[Any]]] = []

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.statements.append((sql, list(params)))
        return self.catalog.query(sql, params)

    def generation(self) -> int:
        return self.catalog.generation()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return fill(Catalog(tmp_path_factory.mktemp("reader") / "c.sqlite"), [PFMEA_A, CMMS_24])


@pytest.mark.parametrize("call", [
    lambda r: r.size("pfmea; DROP TABLE chunks"),
    lambda r: r.count(Selection("pfmea", (Test("severity; DROP TABLE chunks", ">=", (9,)),))),
    lambda r: r.count(Selection("pfmea", (Test("severity", "OR 1=1 --", (9,)),))),  # type: ignore
    lambda r: r.count(Selection("pfmea", text=(TextMatch((("x",),), ("cause)--",)),))),
    lambda r: r.count(Selection("pfmea", equals=("rpn = rpn OR 1", 1))),
    lambda r: r.column_values("pfmea", ("cause", "sqlite_master.sql")),
    lambda r: r.frequent_values("work_orders", "asset FROM chunks --", 10),
    lambda r: r.aggregates(Selection("pfmea"), "rpn", ("avg", "group_concat")),  # type: ignore
    lambda r: r.groups(Selection("pfmea"), "station", "max", "rpn)--", True),
    lambda r: r.groups(Selection("pfmea"), "year", None, None, True),  # pfmea has no date
    lambda r: r.rows(Selection("pfmea"), (SortKey("rpn DESC; --"),), 5),
])
def test_identifiers_outside_the_schema_are_refused(catalog: Catalog, call: Any) -> None:
    rec = Recording(catalog)
    with pytest.raises(QueryError):
        call(SqliteRecordReader(rec))
    assert rec.statements == []  # refused before any SQL ran
    assert catalog.query("SELECT COUNT(*) FROM pfmea")[0][0] == 32


def test_values_are_parameters_never_sql(catalog: Catalog) -> None:
    rec = Recording(catalog)
    reader = SqliteRecordReader(rec)
    hostile = "x' or '1'='1"
    assert reader.count(Selection("work_orders", (Test("asset", "=", (hostile,)),)))[0] == 0
    assert reader.count(Selection("pfmea", text=(TextMatch(((hostile,),)),)))[0] == 0
    # LIKE wildcards in a term are literal ("o%n" and "o_e" would match most rows as patterns)
    assert reader.count(Selection("pfmea", text=(TextMatch((("o%n",),)),)))[0] == 0
    assert reader.count(Selection("pfmea", text=(TextMatch((("o_e",),)),)))[0] == 0
    assert reader.rows(Selection("pfmea", equals=("rpn", hostile)), (), 5) == []
    assert all(hostile not in sql for sql, _ in rec.statements)
    assert sum(any(hostile in str(p) for p in params) for _, params in rec.statements) == 3


def test_the_engine_reads_through_the_port_only(catalog: Catalog) -> None:
    rec = Recording(catalog)
    plan = Plan(table="pfmea", conditions=(Condition("station", "=", ("OP20",)),
                                           Condition("severity", ">=", (8,))),
                aggregate="max", measure="rpn")
    result = TableEngine(SqliteRecordReader(rec)).run(plan)
    assert result.value == 288 and result.rows  # the rows holding the maximum, ties included
    assert all(r.values["rpn"] == 288 and r.values["station"] == "OP20" for r in result.rows)
    assert all("OP20" not in sql and "288" not in sql for sql, _ in rec.statements)


class FakeRecords:
    """A RecordReader answering from fixed figures, keeping the selections it was asked for."""

    def __init__(self) -> None:
        self.counted: list[Selection] = []
        self.listed: list[Selection] = []

    def generation(self) -> int:
        return 1

    def size(self, table: str) -> int:
        return 10

    def column_values(self, table: str, columns: Sequence[str], *, distinct: bool = False,
                      non_null: bool = False) -> list[tuple[Any, ...]]:
        return []

    def frequent_values(self, table: str, column: str, limit: int) -> list[Any]:
        return []

    def count(self, sel: Selection, distinct_of: str | None = None) -> tuple[int, int]:
        self.counted.append(sel)
        return (3, 0) if any(t.column == "ap" for t in sel.tests) else (12, 0)

    def aggregates(self, sel: Selection, column: str, fns: Sequence[AggFn]) -> tuple[Any, ...]:
        return tuple(7 for _ in fns)

    def groups(self, sel: Selection, key: str, fn: AggFn | None, measure: str | None,
               descending: bool) -> list[tuple[Any, int, Any]]:
        return [("OP10", 5, 9), ("OP20", 4, 8), ("OP30", 4, 8), ("OP40", 1, 2)]

    def rows(self, sel: Selection, order: Sequence[SortKey], limit: int) -> list[RecordRow]:
        self.listed.append(sel)
        return []


def test_percentage_counts_its_base_without_the_subject() -> None:
    fake = FakeRecords()
    reader: RecordReader = fake
    plan = Plan(table="pfmea", aggregate="percentage", conditions=(
        Condition("station", "=", ("OP20",)), Condition("ap", "=", ("H",), subject=True)))
    result = TableEngine(reader).run(plan)
    assert result.base_total == 12 and result.value == 25.0
    assert [t.column for t in fake.counted[1].tests] == ["station"]


def test_an_extreme_lists_the_rows_holding_it_and_groups_keep_ties() -> None:
    fake = FakeRecords()
    engine = TableEngine(fake)
    engine.run(Plan(table="pfmea", aggregate="min", measure="rpn"))
    assert fake.listed[-1].equals == ("rpn", 7)
    result = engine.run(Plan(table="pfmea", aggregate="max", measure="rpn",
                             group_by="station", limit=2))
    assert [g.key for g in result.groups] == ["OP10", "OP20", "OP30"]  # OP30 ties with OP20
