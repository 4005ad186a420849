"""Typed record tables: written in the catalog's transaction, typed, removed with their file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from copilot.store import records as store
from copilot.store.catalog import Catalog
from copilot.store.record_reader import SqliteRecordReader
from copilot.tables.engine import TableEngine
from copilot.tables.plan import Condition, Plan
from tests.conftest import SAMPLE_DOCS
from tests.tables.conftest import fill

pytestmark = pytest.mark.unit

PFMEA_A = SAMPLE_DOCS / "pfmea" / "PFMEA_Line2_Assembly_OP10-OP30.xlsx"
CMMS_24 = SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv"


def test_rows_are_typed_and_match_chunks(tmp_path: Path) -> None:
    cat = fill(Catalog(tmp_path / "c.sqlite"), [PFMEA_A, CMMS_24])
    assert cat.query("SELECT COUNT(*) FROM pfmea")[0][0] == 32
    assert cat.query("SELECT COUNT(*) FROM work_orders")[0][0] == 140
    sev, rpn = cat.query("SELECT typeof(severity), typeof(rpn) FROM pfmea LIMIT 1")[0]
    assert (sev, rpn) == ("integer", "integer")
    dt, cost = cat.query("SELECT typeof(downtime_h), typeof(cost) FROM work_orders "
                         "WHERE downtime_h IS NOT NULL LIMIT 1")[0]
    assert (dt, cost) == ("real", "real")
    # every row is a chunk of the catalog, and its locator names sheet + row / work order
    orphan = cat.query("SELECT COUNT(*) FROM pfmea p LEFT JOIN chunks c ON c.id = p.chunk_id "
                       "WHERE c.id IS NULL")[0][0]
    assert orphan == 0
    assert cat.query("SELECT sheet, row FROM pfmea ORDER BY row LIMIT 1")[0] == (
        "PFMEA OP10-OP30", 6)


def test_replacing_and_removing_a_file_keeps_tables_in_sync(tmp_path: Path) -> None:
    log = tmp_path / "CMMS_WO_export_2024.csv"
    lines = CMMS_24.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat = fill(Catalog(tmp_path / "c.sqlite"), [log, PFMEA_A])
    assert cat.query("SELECT COUNT(*) FROM work_orders")[0][0] == 140
    log.write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")  # header + 10 orders
    fill(cat, [log])  # the same file re-ingested: rows replaced, not added
    assert cat.query("SELECT COUNT(*) FROM work_orders")[0][0] == 10
    cat.remove_file(str(log))
    assert cat.query("SELECT COUNT(*) FROM work_orders")[0][0] == 0
    assert cat.query("SELECT COUNT(*) FROM pfmea")[0][0] == 32  # the other file stays


def test_failed_record_write_rolls_back_the_whole_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cat = fill(Catalog(tmp_path / "c.sqlite"), [PFMEA_A])

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk full (simulated)")

    monkeypatch.setattr("copilot.store.catalog.write_records", broken)
    with pytest.raises(sqlite3.OperationalError):
        fill(cat, [CMMS_24])
    assert cat.file_paths() == [str(PFMEA_A)]  # no half-ingested file
    assert cat.query("SELECT COUNT(*) FROM work_orders")[0][0] == 0
    assert cat.query("SELECT COUNT(*) FROM pfmea")[0][0] == 32  # earlier data untouched


def test_tables_are_rebuilt_from_chunks_after_a_schema_change(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    cat = fill(Catalog(path), [PFMEA_A])
    cat.set_meta("records_version", "0")
    cat._db.execute("DELETE FROM pfmea")  # e.g. an index built before the tables existed
    cat.close()
    again = Catalog(path)
    assert again.query("SELECT COUNT(*) FROM pfmea")[0][0] == 32
    assert again.get_meta("records_version") == store.RECORDS_VERSION


def test_superseded_pfmea_revision_is_not_counted(tmp_path: Path) -> None:
    old = tmp_path / "old" / "PFMEA_Line2_Assembly_OP10-OP30.xlsx"
    old.parent.mkdir()
    import openpyxl

    wb = openpyxl.load_workbook(PFMEA_A)
    ws = wb.active
    assert ws is not None
    for row in ws.iter_rows(max_row=4):
        for cell in row:
            if isinstance(cell.value, str) and "rev 7" in cell.value:
                cell.value = cell.value.replace("rev 7", "rev 6")
    wb.save(old)
    cat = fill(Catalog(tmp_path / "c.sqlite"), [old, PFMEA_A])
    assert cat.query("SELECT COUNT(*) FROM pfmea")[0][0] == 64  # both revisions stored
    result = TableEngine(SqliteRecordReader(cat)).run(Plan(table="pfmea", aggregate="count"))
    assert result.total == 32  # only the current revision counts


def test_engine_validates_plans_before_sql(tmp_path: Path) -> None:
    from copilot.core.errors import QueryError

    engine = TableEngine(SqliteRecordReader(fill(Catalog(tmp_path / "c.sqlite"), [PFMEA_A])))
    with pytest.raises(QueryError, match="'sevrity' is not a column of pfmea"):
        engine.run(Plan(table="pfmea", conditions=(Condition("sevrity", ">=", (9,)),)))
    with pytest.raises(QueryError, match="cannot avg the text column 'cause'"):
        engine.run(Plan(table="pfmea", aggregate="avg", measure="cause"))
    with pytest.raises(QueryError, match="unknown table"):
        Plan.from_dict({"table": "users; DROP TABLE chunks", "filters": [],
                        "aggregate": "count"})
    with pytest.raises(QueryError, match="unknown operator"):
        Plan.from_dict({"table": "pfmea", "aggregate": "list",
                        "filters": [{"column": "rpn", "op": "OR 1=1 --", "values": [1]}]})
