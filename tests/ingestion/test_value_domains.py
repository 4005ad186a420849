"""Values checked against their domain at ingest (issue 17, point 3): a PFMEA rating outside 1-10
is kept as text and flagged, never counted; the warning names the sheet, row, column and value."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from copilot.store.catalog import Catalog
from ingestion.base import SourceFile
from ingestion.pfmea import FLAGGED, PfmeaConverter
from tests.tables.conftest import fill

pytestmark = pytest.mark.unit

HEADER = ["Process Step", "Potential Failure Mode", "Potential Effect(s)", "Severity",
          "Potential Cause(s)", "Occurrence", "Detection", "RPN"]


def bad_ratings(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "PFMEA"
    ws.append(HEADER)
    ws.append(["OP10 Press", "Bearing cocked", "Noise", 8, "Ram misaligned", 4, 5, 160])
    ws.append(["OP20 Gear", "Gear not seated", "Noise", 0, "Force drift", 3, 3, 0])
    ws.append(["OP30 Bolt", "Under-torque", "Loose joint", -3, "Tool drift", 2, 4, None])
    ws.append(["OP40 Seal", "Seal cut", "Leak", 7, "Sharp edge", 11, 2, 154])
    wb.save(path)
    return path


def test_ratings_outside_1_to_10_are_flagged_not_stored(tmp_path: Path) -> None:
    path = bad_ratings(tmp_path / "bad.xlsx")
    doc = PfmeaConverter().convert(SourceFile(path, path.name))
    rows = {r.locator.row: r for r in doc.records}
    assert rows[2].fields["severity"] == 8 and FLAGGED not in rows[2].fields
    assert "severity" not in rows[3].fields and "rpn" not in rows[3].fields
    assert rows[3].fields[FLAGGED].startswith("S=0, RPN=0 outside 1-10")
    assert "severity" not in rows[4].fields and "rpn" not in rows[4].fields  # not S*O*D of -3
    assert "occurrence" not in rows[5].fields and "O=11" in str(rows[5].fields[FLAGGED])
    assert "Rating error: O=11" in rows[5].text  # the written value stays readable
    note = next(w for w in doc.warnings if "outside 1-10" in w)
    assert note.startswith("sheet 'PFMEA': 3 rows")
    for part in ("row 3 S=0", "row 4 S=-3", "row 5 O=11"):
        assert part in note


def test_flagged_ratings_are_left_out_of_the_typed_table(tmp_path: Path) -> None:
    path = bad_ratings(tmp_path / "bad.xlsx")
    cat = fill(Catalog(tmp_path / "c.sqlite"), [path])
    assert cat.query("SELECT COUNT(*) FROM pfmea")[0][0] == 4  # every row kept, as a record
    assert cat.query("SELECT MAX(occurrence), MIN(severity), MAX(rpn) FROM pfmea")[0] == (
        4, 7, 160)
    flagged = cat.query("SELECT row, extra FROM pfmea WHERE extra LIKE '%rating_errors%' "
                        "ORDER BY row")
    assert [r for r, _ in flagged] == [3, 4, 5]


def test_unreadable_dates_costs_and_durations_are_flagged(tmp_path: Path) -> None:
    from ingestion.maintenance import MaintenanceLogConverter
    from ingestion.work_orders import FLAGGED as WO_FLAGGED

    path = tmp_path / "wo.csv"
    path.write_text("WO Number,Date,Asset,Short Text,Downtime (min),Cost\n"
                    "WO-1,2024-03-01,P-01,Pump leak,30,120.50\n"
                    "WO-2,next tuesday,P-01,Seal swap,-5,tbd\n"
                    "WO-3,2024-03-04,P-02,Belt slip,15,-40\n", encoding="utf-8")
    doc = MaintenanceLogConverter().convert(SourceFile(path, path.name))
    good, bad, credit = doc.records
    assert good.fields["date"] == "2024-03-01" and WO_FLAGGED not in good.fields
    assert not {"date", "downtime_h", "cost"} & set(bad.fields)
    assert bad.fields[WO_FLAGGED] == ("Date='next tuesday' (not a date); Downtime (min)='-5' "
                                      "(negative); Cost='tbd' (not an amount)")
    assert "Unreadable: Date='next tuesday'" in bad.text
    assert credit.fields["cost"] == -40.0  # a credit is a real cost line, not an error
    note = next(w for w in doc.warnings if "could not be read" in w)
    assert note.startswith("1 rows") and "row 3 Date='next tuesday'" in note
    cat = fill(Catalog(tmp_path / "c.sqlite"), [path])
    assert cat.query("SELECT COUNT(*), COUNT(date), SUM(downtime_h) FROM work_orders")[0] == (
        3, 2, 0.75)


LATIN1_LOG = ("WO Number,Date,Asset,Short Text\n"
              "WO-1,2024-03-01,Presse Ü1,Dichtung gewechselt für Öl\n"
              "WO-2,2024-03-02,P-2,Lager défekt\n").encode("latin-1")


def test_a_guessed_encoding_gets_a_warning_with_its_confidence(tmp_path: Path) -> None:
    from ingestion.maintenance import MaintenanceLogConverter

    path = tmp_path / "latin1.csv"
    path.write_bytes(LATIN1_LOG)
    doc = MaintenanceLogConverter().convert(SourceFile(path, path.name))
    assert "Presse Ü1" in doc.records[0].text  # read right, not as CP949 syllables
    note = next(w for w in doc.warnings if "encoding" in w)
    assert "low confidence" in note and "save the file as UTF-8" in note
    assert 0 <= float(doc.info.extra["encoding_confidence"]) < 0.8
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(LATIN1_LOG.decode("latin-1").encode("utf-8"))
    clean = MaintenanceLogConverter().convert(SourceFile(utf8, utf8.name))
    assert not any("encoding" in w for w in clean.warnings)


def test_latin1_work_instruction_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    from ingestion.work_instructions import WorkInstructionConverter

    path = tmp_path / "WI-OP10-001.txt"
    path.write_bytes("Arbeitsanweisung Presse\n\n1. Schutzbrille tragen, Öl prüfen.\n"
                     "2. Lager einpressen mit 12 kN, Maß prüfen.\n".encode("latin-1"))
    doc = WorkInstructionConverter().convert(SourceFile(path, path.name))
    assert any("Öl prüfen" in r.text for r in doc.records)
    assert any("low confidence" in w for w in doc.warnings)


def test_flagged_ratings_can_be_read_back(tmp_path: Path) -> None:
    from ingestion.pfmea import flagged_ratings

    path = bad_ratings(tmp_path / "bad.xlsx")
    doc = PfmeaConverter().convert(SourceFile(path, path.name))
    assert [flagged_ratings(r.fields) for r in doc.records] == [
        {}, {"severity": "0"}, {"severity": "-3"}, {"occurrence": "11"}]
