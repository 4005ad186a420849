"""A PFMEA review as .xlsx: one line per finding with its row reference and linked evidence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from copilot.core.types import Citation
from copilot.pfmea.export import save_workbook
from copilot.pfmea.model import Review

SHEET = "PFMEA review"
HEADERS = (("Level", 10), ("Check", 26), ("Workbook", 28), ("Sheet", 18), ("Row", 7),
           ("Finding", 70), ("Evidence", 60), ("Related rows", 24))
_FILL = {"high": "FEE2E2", "medium": "FEF3C7", "info": "E0F2FE"}


def export_review(review: Review, path: Path,
                  link: Callable[[Citation], str] | None = None) -> Path:
    """Write the findings under a title line; each evidence cell links to its first source."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([f"PFMEA review - {review.source}"])
    ws.append([f"{review.rows} rows | last updated {review.last_updated or 'not stated'} | "
               f"{len(review.findings)} findings"])
    ws.append([h for h, _ in HEADERS])
    for col, (_, width) in enumerate(HEADERS, start=1):
        ws.column_dimensions[chr(64 + col)].width = width
        ws.cell(row=3, column=col).font = Font(bold=True)
    for f in review.findings:
        evidence = "; ".join(c.locator for c in f.evidence)
        ws.append([f.level, f.check, f.source, f.sheet or "", f.row, f.message, evidence,
                   ", ".join(f.related_rows)])
        line = ws.max_row
        ws.cell(row=line, column=1).fill = PatternFill("solid",
                                                       fgColor=_FILL.get(f.level, "FFFFFF"))
        if link is not None and f.evidence:
            ws.cell(row=line, column=7).hyperlink = link(f.evidence[0])
        for cell in ws[line]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    return save_workbook(wb, path)
