"""Work orders from a table whose header no synonym knows: rows typed by inferred column roles.

Used by the maintenance converter when its header matcher finds nothing (or an override file
names the file). Mapped columns become the usual work-order fields (dates ISO, "H:MM" durations
hours, a yes/no column a type label); the others are kept under their own names, so they are
searchable and stored with the row. The mapping travels in ``DocumentInfo.extra``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import partial

from copilot.core import lexicon
from copilot.core.errors import NoHeaderError
from copilot.core.lexicon.dates import guess_day_first, parse_date
from copilot.core.types import Locator, Record, Scalar
from ingestion.headers import Header
from ingestion.roles import ColumnRole, TableMapping, slug
from ingestion.tables import (
    Cell,
    Sheet,
    cell_text,
    parse_hours,
    parse_number,
)
from ingestion.work_orders import finish, render, title

Parser = Callable[[Cell], Scalar | None]
_HOURS_FIELDS = ("downtime_h", "labor_h", "running_time")
_VALUES = lexicon.load("values")
_OPPOSITE: dict[str, str] = _VALUES["opposite"]  # "preventive" -> "corrective"
_TRUE = frozenset(_VALUES["yes"])


def as_header(mapping: TableMapping, sheet: Sheet) -> Header:
    """The mapping in the header matcher's shape (for title rows and document info)."""
    mapped = [c for c in mapping.columns if c.field]
    return Header(mapping.position, mapping.row, mapping.position + 1,
                  {c.field: c.column for c in mapped if c.field},
                  {c.field: c.label for c in mapped if c.field},
                  tuple(c.label for c in mapping.columns if not c.field))


def mapping_extra(mapping: TableMapping, how: str) -> dict[str, Scalar]:
    """What ``DocumentInfo.extra`` keeps: how the columns were mapped, as JSON, and by what."""
    cols = [{"column": c.label, "field": c.field or (None if c.source == "override" else
                                                     slug(c.label)),
             "kind": c.kind, "confidence": c.confidence, "source": c.source}
            for c in mapping.columns]
    return {"column_mapping": json.dumps(cols, ensure_ascii=False), "mapping": how}


def not_work_orders(label: str, mapping: TableMapping) -> NoHeaderError:
    """Why an inferred table is not a work-order log, with what it does look like."""
    cols = mapping.columns
    codes = [c.label for c in cols if c.kind in ("code", "id") or c.field == "failure_code"]
    found = ", ".join(f"{c.label!r} ({c.kind})" for c in cols)
    if codes and not any(c.kind == "date" for c in cols):
        what = (f"looks like a code list or catalogue ({', '.join(codes)} with descriptions), "
                "not work orders: no work-order id or date column")
    else:
        what = ("columns do not add up to work orders: need a work-order id or date column plus "
                "an asset or description column")
    return NoHeaderError(label, f"{what}; row {mapping.row} has {found}. To ingest it anyway, "
                         "map its columns in .copilot-mapping.toml (see README)")


def inferred_records(source: str, sheet: Sheet, mapping: TableMapping
                     ) -> tuple[list[Record], list[str]]:
    """One record per data row; rows with no mapped value are skipped with a note."""
    body = sheet.rows[mapping.position + 1:]
    plan = [(c, _parser(c, [cells[c.column] if c.column < len(cells) else None
                            for _, cells in body[:500]]))
            for c in mapping.columns if c.field or c.source == "unmapped"]
    records: list[Record] = []
    skipped: list[int] = []
    for number, cells in body:
        fields: dict[str, Scalar] = {}
        kept: dict[str, str] = {}
        for col, parse in plan:
            cell = cells[col.column] if col.column < len(cells) else None
            value = parse(cell) if cell is not None else None
            if value is None or value == "":
                continue
            if col.field:
                fields[col.field] = value
            else:
                fields[slug(col.label)] = value
                kept[col.label] = str(value)
        if not any(c.field and c.field in fields for c, _ in plan):
            skipped.append(number)
            continue
        finish(fields, sheet, {})
        text = " | ".join([render(fields), *(f"{k}: {v}" for k, v in kept.items())])
        wo = str(fields["work_order"]) if "work_order" in fields else None
        records.append(Record(text=text, title=title(fields), fields=fields,
                              locator=Locator(source=source, sheet=sheet.name, row=number,
                                              work_order=wo)))
    notes = [f"column roles inferred from names and values: {mapping.summary()}"]
    if skipped:
        notes.append(f"skipped {len(skipped)} rows without any mapped value: rows "
                     + ", ".join(map(str, skipped[:15])) + (" ..." if len(skipped) > 15 else ""))
    return records, notes


def _parser(col: ColumnRole, sample: Sequence[Cell]) -> Parser:
    """How one column's cells become field values, chosen once per sheet."""
    if col.field in ("date", "date_closed") or (col.field is None and col.kind == "date"):
        return partial(parse_date, day_first=guess_day_first(sample))
    if col.field in _HOURS_FIELDS or col.kind == "duration":
        return parse_hours
    if col.field == "cost":
        return parse_number
    if col.kind == "boolean":
        return partial(_flag, labels=_flag_labels(col.label))
    return cell_text


def _flag_labels(label: str) -> tuple[str, str]:
    """A yes/no column as two type values: "preventive" -> ("preventive", "corrective")."""
    words = [w for w in slug(label).split("_") if w not in ("is", "was", "has", "flag")]
    name = " ".join(words) or slug(label)
    return name, _OPPOSITE.get(name, f"not {name}")


def _flag(value: Cell, labels: tuple[str, str]) -> str | None:
    text = cell_text(value).casefold()
    return (labels[0] if text in _TRUE else labels[1]) if text else None


def describe(mapping: Mapping[str, Scalar]) -> list[dict[str, object]]:
    """The stored column mapping of a document (``DocumentInfo.extra``), [] when it has none."""
    raw = mapping.get("column_mapping")
    if not isinstance(raw, str):
        return []
    try:
        out = json.loads(raw)
    except ValueError:
        return []
    return out if isinstance(out, list) else []
