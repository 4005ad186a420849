"""Maintenance logs / CMMS exports (.csv, .xlsx) -> one record per work order.

Dates become ISO strings, downtime becomes hours (a "(분)"/"(min)" column is converted and the
source unit kept in ``DocumentInfo.extra``), cost a float with its currency when the header or the
cells name one. Rows without any work text are skipped with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

from copilot.core import lexicon
from copilot.core.errors import EmptyFileError, IngestError
from copilot.core.lexicon.dates import guess_day_first, parse_date
from copilot.core.schema import WORK_ORDERS
from copilot.core.text import detect_language
from copilot.core.types import ConvertedDocument, DocumentInfo, Locator, Record, Scalar
from ingestion.base import Converter, SourceFile
from ingestion.headers import Header, Synonyms, find_header, header_error, title_metadata
from ingestion.inferred import as_header, inferred_records, mapping_extra, not_work_orders
from ingestion.overrides import MAPPING_FILE, load_override, mapping_file
from ingestion.pfmea import SYNONYMS as PFMEA_SYNONYMS
from ingestion.pfmea import is_pfmea
from ingestion.roles import infer
from ingestion.tables import (
    Cell,
    Sheet,
    cell_text,
    parse_number,
    peek_sheets,
    read_sheets,
)
from ingestion.work_orders import FLAGGED, finish, render, title

SYNONYMS = Synonyms(WORK_ORDERS.header_synonyms())  # column headings: copilot/core/schemas
TEXT_FIELDS = ("short_text", "long_text", "action")
TYPED = {"date": "a date", "date_closed": "a date", "downtime_h": "a duration",
         "cost": "an amount", "running_time": "a number of hours"}
NON_NEGATIVE = ("downtime_h", "running_time")  # a negative cost is a credit or reversal
_MINUTES = re.compile(r"(\(|\[|\b)(min|mins|minutes?|minuten|분)(\)|\]|\b)|\(분\)", re.IGNORECASE)
_SECONDS = re.compile(r"(\(|\[)(s|sec|seconds?|초)(\)|\])", re.IGNORECASE)
_CURRENCIES = {w: code for code, ws in lexicon.load("values")["currencies"].items() for w in ws}
_CURRENCY = re.compile("|".join(re.escape(k) for k in sorted(_CURRENCIES, key=len, reverse=True)),
                       re.IGNORECASE)

Parser = Callable[[Cell], Scalar | None]


NEEDS = ("a date or work-order column (e.g. 'Date', 'WO Number', '작업일자', 'Auftragsnummer') "
         "plus an asset or short-text column (e.g. 'Asset', 'Short Text', '설비번호', '작업내용')")


def is_log(header: Header | None) -> bool:
    """A maintenance header names a date or work-order id plus an asset or short text."""
    if header is None:
        return False
    cols = header.columns
    return ("date" in cols or "work_order" in cols) and ("asset" in cols or "short_text" in cols)


class MaintenanceLogConverter(Converter):
    """CMMS work-order exports: one record per work order, cited by WO id and row."""

    name = "maintenance_log"
    kind = "maintenance_log"
    priority = 10
    extensions = (".csv", ".xlsx", ".xlsm", ".xls")
    version = "2"  # unreadable dates/costs/durations flagged in value_errors

    def accepts(self, source: SourceFile) -> bool:
        """True for a work-order header; also for unreadable or header-less tables, so that
        ``convert`` names the problem instead of the file being reported as unsupported."""
        if source.suffix not in self.extensions:
            return False
        try:
            sheets = peek_sheets(source.path, source.relpath)
        except IngestError:
            return True
        headers = [find_header(s, SYNONYMS) for s in sheets]
        if any(is_log(h) for h in headers):
            return True
        return not any(h for h in headers) and not any(
            is_pfmea(find_header(s, PFMEA_SYNONYMS)) for s in sheets)

    def sidecars(self, source: SourceFile) -> tuple[Path, ...]:
        """The folder's column-mapping override, when there is one."""
        path = mapping_file(source)
        return (path,) if path.is_file() else ()

    def convert(self, source: SourceFile) -> ConvertedDocument:
        """Every sheet with a work-order header -> one record per work order.

        Without a known header (or with an override file naming this file) the column roles are
        inferred from names and values instead (``ingestion.roles``)."""
        sheets = read_sheets(source.path, source.relpath)
        override = load_override(source)
        found = [] if override is not None else [
            (s, h) for s in sheets if is_log(h := find_header(s, SYNONYMS)) and h]
        if not found:
            return _convert_inferred(source, sheets, override)
        records: list[Record] = []
        warnings: list[str] = []
        extra: dict[str, Scalar] = {}
        for sheet, header in found:
            recs, notes = sheet_records(source.relpath, sheet, header, extra)
            records.extend(recs)
            warnings.extend(notes)
        warnings.extend(w for s in sheets if (w := s.encoding_warning))
        if not records:
            raise EmptyFileError(source.relpath, f"a work-order header on row {found[0][1].row} "
                                 "but no work orders below it")
        return ConvertedDocument(_info(source, found, records, extra), tuple(records),
                                 tuple(warnings))


def _convert_inferred(source: SourceFile, sheets: Sequence[Sheet],
                      override: Mapping[str, str | None] | None) -> ConvertedDocument:
    """Work orders by inferred column roles; refused with what the table looks like instead."""

    mapped = [(s, m) for s in sheets if (m := infer(s, override)) is not None]
    if override is not None:  # every overridden column must exist
        load_override(source, [c.label for _, m in mapped for c in m.columns])
    logs = [(s, m) for s, m in mapped if m.is_work_orders]
    if not logs:
        if mapped:
            raise not_work_orders(source.relpath, mapped[0][1])
        raise header_error(source.relpath, sheets, SYNONYMS, "work-order", NEEDS)
    records: list[Record] = []
    warnings: list[str] = []
    for sheet, mapping in logs:
        recs, notes = inferred_records(source.relpath, sheet, mapping)
        records.extend(recs)
        warnings.extend(notes)
    if not records:
        raise EmptyFileError(source.relpath, f"column roles inferred on row {logs[0][1].row} "
                             "but no work orders below it")
    how = f"override ({MAPPING_FILE}) + inferred" if override is not None else "inferred"
    extra = mapping_extra(logs[0][1], how)
    found = [(s, as_header(m, s)) for s, m in logs]
    return ConvertedDocument(_info(source, found, records, extra), tuple(records),
                             tuple(warnings))


def sheet_records(source: str, sheet: Sheet, header: Header, extra: dict[str, Scalar]
                  ) -> tuple[list[Record], list[str]]:
    """One record per data row below ``header``; ``extra`` collects units and currency."""
    body = sheet.rows[header.data_start:]
    plan = _plan(sheet, header, body, extra)
    records: list[Record] = []
    skipped: list[int] = []
    flagged: list[str] = []
    for number, cells in body:
        fields = _row_fields(cells, plan, header)
        if not any(f in fields for f in TEXT_FIELDS):
            skipped.append(number)
            continue
        if FLAGGED in fields:
            flagged.append(f"row {number} {fields[FLAGGED]}")
        finish(fields, sheet, extra)
        wo = str(fields["work_order"]) if "work_order" in fields else None
        records.append(Record(
            text=render(fields), title=title(fields), fields=fields,
            locator=Locator(source=source, sheet=sheet.name, row=number, work_order=wo)))
    notes = [f"unmapped columns: {', '.join(header.unmapped)}"] if header.unmapped else []
    if skipped:
        shown = ", ".join(map(str, skipped[:15])) + (" ..." if len(skipped) > 15 else "")
        notes.append(f"skipped {len(skipped)} rows without work text (short text, long text or "
                     f"action): rows {shown}")
    if flagged:
        where = f"sheet '{sheet.name}': " if sheet.name else ""
        notes.append(f"{where}{len(flagged)} rows have dates, costs or durations that could not "
                     "be read, kept as text and left out of every count, sum and date filter: "
                     + "; ".join(flagged[:10]) + (" ..." if len(flagged) > 10 else ""))
    return records, notes


def _row_fields(cells: Sequence[Cell], plan: Sequence[tuple[str, int, Parser]], header: Header
                ) -> dict[str, Scalar]:
    """Typed fields of one row; a date/cost/duration that does not parse (or is negative) is
    kept as text in ``value_errors`` instead of its typed field."""
    fields: dict[str, Scalar] = {}
    errors: list[str] = []
    for name, col, parse in plan:
        if col >= len(cells) or cells[col] is None:
            continue
        value = parse(cells[col])
        if name in TYPED and (value is None or (
                name in NON_NEGATIVE and isinstance(value, (int, float)) and value < 0)):
            why = "negative" if value is not None else f"not {TYPED[name]}"
            errors.append(f"{header.labels[name]}={cell_text(cells[col])!r} ({why})")
        elif value is not None and value != "":
            fields[name] = value
    if errors:
        fields[FLAGGED] = "; ".join(errors)
    return fields


def _plan(sheet: Sheet, header: Header, body: Sequence[tuple[int, Sequence[Cell]]],
          extra: dict[str, Scalar]) -> list[tuple[str, int, Parser]]:
    """(field, column, parser) for each mapped column, chosen once per sheet, not per cell."""
    comma = sheet.decimal_comma
    plan: list[tuple[str, int, Parser]] = []
    for name, col in header.columns.items():
        label = header.labels[name]
        if name in ("date", "date_closed"):
            day_first = guess_day_first(cells[col] for _, cells in body[:500] if col < len(cells))
            plan.append((name, col, partial(parse_date, day_first=day_first)))
        elif name == "downtime_h":
            factor = _downtime_factor(label, extra)
            plan.append((name, col, partial(_scaled, factor=factor, decimal_comma=comma)))
        elif name == "cost":
            _note_currency(label, extra)
            plan.append((name, col, partial(_cost, decimal_comma=comma, extra=extra)))
        elif name == "running_time":
            plan.append((name, col, partial(parse_number, decimal_comma=comma)))
        else:
            plan.append((name, col, cell_text))
    return plan


def _downtime_factor(label: str, extra: dict[str, Scalar]) -> float:
    extra["downtime_source_column"] = label
    if _MINUTES.search(label):
        extra["downtime_source_unit"] = "min"
        return 1 / 60
    if _SECONDS.search(label):
        extra["downtime_source_unit"] = "s"
        return 1 / 3600
    extra["downtime_source_unit"] = "h"
    return 1.0


def _note_currency(text: str, extra: dict[str, Scalar]) -> None:
    if "currency" not in extra and (m := _CURRENCY.search(text)):
        extra["currency"] = _CURRENCIES[m[0].casefold()]


def _cost(value: Cell, decimal_comma: bool, extra: dict[str, Scalar]) -> float | None:
    if isinstance(value, str):
        _note_currency(value, extra)  # "₩350,000", "350,000 KRW"
    return parse_number(value, decimal_comma)


def _scaled(value: Cell, factor: float, decimal_comma: bool) -> float | None:
    number = parse_number(value, decimal_comma)
    return None if number is None else round(number * factor, 3)


def _info(source: SourceFile, found: list[tuple[Sheet, Header]], records: list[Record],
          extra: dict[str, Scalar]) -> DocumentInfo:
    sheet, header = found[0]
    meta = title_metadata(sheet, header)
    sample = " ".join(r.text for r in records[:300])
    extra.update({"header_row": header.row, "rows": len(records)})
    if len(found) > 1 or sheet.name:
        extra["sheets"] = ", ".join(str(s.name) for s, _ in found)
    if sheet.encoding and sheet.encoding_confidence < 1:
        extra["encoding_confidence"] = sheet.encoding_confidence
    for key, value in (("encoding", sheet.encoding), ("delimiter", sheet.delimiter)):
        if value:
            extra[key] = value
    day = meta.get("date")
    return DocumentInfo(
        source=source.relpath, kind="maintenance_log", doc_id=source.path.stem,
        title=meta.get("title", ""), revision=meta.get("revision"),
        effective_date=day if day and parse_date(day) == day else None,
        language=detect_language(sample), extra=extra)
