"""A work order as a record, whichever converter read it: the derived fields and the text it
is indexed and quoted as."""

from __future__ import annotations

from collections.abc import Mapping

from copilot.core.lexicon.codes import station_of
from copilot.core.types import Scalar
from ingestion.tables import Sheet, cell_text

FLAGGED = "value_errors"  # unreadable dates/costs/durations kept as text; typed field stays empty


def finish(fields: dict[str, Scalar], sheet: Sheet, extra: Mapping[str, Scalar]) -> None:
    """Derived fields: station code, currency, sheet."""
    station = station_of(str(fields.get("station", "")), str(fields.get("asset_description", "")),
                         str(fields.get("functional_location", "")))
    if station:
        fields["station"] = station
    if "cost" in fields and "currency" not in fields and "currency" in extra:
        fields["currency"] = extra["currency"]
    if sheet.name:
        fields["sheet"] = sheet.name


def render(fields: Mapping[str, Scalar]) -> str:
    """The work order with field names, starting with its id, date and asset."""
    f = {k: v if isinstance(v, str) else cell_text(v) for k, v in fields.items()}
    parts = [f"Work order {f['work_order']}" if "work_order" in f else "",
             _when(f.get("date", ""))]
    if "date_closed" in f:
        parts.append(f"closed {_when(f['date_closed'])}")
    if "asset" in f:
        desc = f" ({f['asset_description']})" if "asset_description" in f else ""
        parts.append(f"Asset {f['asset']}{desc}")
    elif "asset_description" in f:
        parts.append(f"Asset {f['asset_description']}")
    for key, label in (("station", "Station "), ("wo_type", ""), ("failure_code", "Failure code "),
                       ("short_text", ""), ("long_text", "Details: "), ("action", "Action: "),
                       ("major_system", "System: "), ("part", "Part: "),
                       ("failure_mode", "Failure mode: "), ("functional_location", "Location: "),
                       ("running_time", "Running time ")):
        if key in f:
            parts.append(label + f[key])
    if "downtime_h" in f:
        parts.append(f"Downtime {f['downtime_h']} h")
    if "labor_h" in f:
        parts.append(f"Labour {f['labor_h']} h")
    if "priority" in f:
        parts.append(f"Priority {f['priority']}")
    if "cost" in f:
        parts.append(f"Cost {f['cost']}" + (f" {f['currency']}" if "currency" in f else ""))
    if "technician" in f:
        parts.append(f"Tech {f['technician']}")
    if FLAGGED in f:
        parts.append(f"Unreadable: {f[FLAGGED]}")
    return " | ".join(p for p in parts if p)


def _when(stamp: str) -> str:
    """"2024-01-03T20:20:00" reads as "2024-01-03 20:20" (fields keep the ISO form)."""
    return stamp.replace("T", " ")[:16]


def title(fields: Mapping[str, Scalar]) -> str:
    head = [str(fields[k]) for k in ("work_order", "asset") if k in fields]
    return " ".join(head)
