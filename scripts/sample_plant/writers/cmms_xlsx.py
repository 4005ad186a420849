"""CMMS work-order export as XLSX (openpyxl), as the 2025 export came out of the CMMS."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..cmms_gen import WorkOrder
from ..common import FIXED_DOC_TIME, normalize_zip
from ..maintenance_model import Asset
from .cmms_csv import cmms_cells

WIDTHS = [13, 17, 17, 9, 40, 8, 8, 11, 42, 70, 10, 12, 12]
EXPORTER = "CMMS export service"


def write_cmms_xlsx(
    orders: Sequence[WorkOrder],
    columns: Sequence[str],
    assets: Mapping[str, Asset],
    path: Path,
    title: str,
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "WorkOrders"
    ws.append(list(columns))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for e in orders:
        ws.append(cmms_cells(e, assets))
    for row in ws.iter_rows(min_row=2):
        row[1].number_format = "yyyy-mm-dd hh:mm"
        row[2].number_format = "yyyy-mm-dd hh:mm"
        row[11].number_format = "0.00"
        row[12].number_format = "#,##0"
    for j, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.creator = EXPORTER
    wb.properties.lastModifiedBy = EXPORTER
    wb.properties.title = title
    wb.properties.created = FIXED_DOC_TIME
    wb.properties.modified = FIXED_DOC_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    normalize_zip(path)
