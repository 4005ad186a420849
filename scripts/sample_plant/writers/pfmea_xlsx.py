"""PFMEA workbook (.xlsx, openpyxl): 'titled' = merged title block and merged step cells, one
sheet; 'plain' = header in row 1 on every sheet, no merged cells."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..common import FIXED_DOC_TIME, normalize_zip
from ..pfmea_model import PfmeaSheet, PfmeaWorkbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

WIDTHS = [22, 34, 30, 36, 9, 36, 9, 34, 34, 9, 7, 7, 38, 20, 12, 12]
CENTRED = (5, 7, 10, 11, 12)  # S, O, D, AP, RPN
AP_COLOURS = {"H": "F4B6B6", "M": "FFE699", "L": "C6E0B4"}
AP_COLUMN, DATE_COLUMN = 11, 15
AUTHOR = "S. Park"


def write_pfmea(book: PfmeaWorkbook, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    if book.layout == "titled":
        (sheet,) = book.sheets
        _titled_sheet(wb, book, sheet)
    else:
        default = wb.active
        assert default is not None
        wb.remove(default)
        for sheet in book.sheets:
            _plain_sheet(wb, book, sheet)
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.title = book.title
    wb.properties.created = FIXED_DOC_TIME
    wb.properties.modified = FIXED_DOC_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    normalize_zip(path)


def _titled_sheet(wb: Workbook, book: PfmeaWorkbook, sheet: PfmeaSheet) -> None:
    """Title rows merged across, header below them, Process Step/Function merged per step."""
    from openpyxl.styles import Alignment, Font

    ws = wb.active
    assert ws is not None
    ws.title = sheet.name
    ncol = len(book.columns)
    for i, text in enumerate(book.title_rows, start=1):
        ws.cell(row=i, column=1, value=text)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=ncol)
        ws.cell(row=i, column=1).font = Font(bold=i <= 2, size=14 if i == 2 else 11)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="left")
    header_row = len(book.title_rows) + 1
    _header(ws, book, header_row)
    r = header_row + 1
    for step in sheet.steps:
        start = r
        for row in step.rows:
            for j, value in enumerate(row.cells(), start=1):
                if j in (1, 2) and r != start:
                    continue  # merged: only the top-left cell holds the value
                ws.cell(row=r, column=j, value=None if value == "" else value)
            r += 1
        if r - 1 > start:
            ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
            ws.merge_cells(start_row=start, start_column=2, end_row=r - 1, end_column=2)
    _style(ws, header_row, header_row + 1, r - 1)


def _plain_sheet(wb: Workbook, book: PfmeaWorkbook, sheet: PfmeaSheet) -> None:
    ws = wb.create_sheet(sheet.name)
    _header(ws, book, 1)
    for i, row in enumerate(sheet.rows, start=2):
        for j, value in enumerate(row.cells(), start=1):
            ws.cell(row=i, column=j, value=None if value == "" else value)
    _style(ws, 1, 2, len(sheet.rows) + 1)


def _header(ws: Worksheet, book: PfmeaWorkbook, row: int) -> None:
    for j, name in enumerate(book.columns, start=1):
        ws.cell(row=row, column=j, value=name)


def _style(ws: Worksheet, header_row: int, first_data: int, last_data: int) -> None:
    """Column widths, a shaded header, wrapped bordered cells, AP colours, frozen panes."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    ap_fill = {ap: PatternFill("solid", fgColor=colour) for ap, colour in AP_COLOURS.items()}
    for j, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
        c = ws.cell(row=header_row, column=j)
        c.font = Font(bold=True)
        c.fill = head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = border
    for r in range(first_data, last_data + 1):
        for j in range(1, len(WIDTHS) + 1):
            c = ws.cell(row=r, column=j)
            c.alignment = Alignment(
                wrap_text=True,
                vertical="top",
                horizontal="center" if j in CENTRED else "left",
            )
            c.border = border
        ap = ws.cell(row=r, column=AP_COLUMN)
        if ap.value in ap_fill:
            ap.fill = ap_fill[str(ap.value)]
        ws.cell(row=r, column=DATE_COLUMN).number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(row=first_data, column=3).coordinate
