"""The Korean area maintenance log as CSV in CP949 (what the area team's Excel saves)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..area_log_gen import LogEntry
from ..maintenance_model import Asset


def write_area_log_csv(
    rows: Sequence[LogEntry], columns: Sequence[str], assets_ko: Mapping[str, Asset], path: Path
) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        asset = assets_ko[r.asset]
        w.writerow(
            [
                r.no,
                r.date.strftime("%Y-%m-%d"),
                r.asset,
                asset.description,
                asset.station,
                r.kind,
                r.code,
                r.work,
                r.action,
                r.minutes,
                r.tech,
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("cp949"))
