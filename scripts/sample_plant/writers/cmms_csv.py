"""CMMS work-order export as CSV (UTF-8, CRLF), as the 2024 export came out of the CMMS."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..cmms_gen import WorkOrder
from ..maintenance_model import Asset


def cmms_cells(e: WorkOrder, assets: Mapping[str, Asset]) -> list[object]:
    """One work order in the export's column order (shared with the XLSX export)."""
    asset = assets[e.asset]
    return [
        e.wo,
        e.opened,
        e.closed,
        e.asset,
        asset.description,
        asset.station,
        e.wo_type,
        e.code,
        e.short,
        e.action,
        e.tech,
        e.downtime,
        e.cost,
    ]


def write_cmms_csv(
    orders: Sequence[WorkOrder], columns: Sequence[str], assets: Mapping[str, Asset], path: Path
) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for e in orders:
        row = cmms_cells(e, assets)
        row[1] = e.opened.strftime("%Y-%m-%d %H:%M")
        row[2] = e.closed.strftime("%Y-%m-%d %H:%M") if e.closed else ""
        row[11] = "" if e.downtime is None else f"{e.downtime:g}"
        row[12] = "" if e.cost is None else str(e.cost)
        w.writerow(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))
