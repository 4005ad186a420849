"""PFMEA workbooks (.xlsx/.xls/.csv) -> one record per failure-mode row, S/O/D/RPN typed.

Column names are mapped by the headings of the PFMEA record schema (AIAG 4th ed., AIAG-VDA 2019,
Korean and German templates: copilot/core/schemas/pfmea.toml); the header may sit below title rows. Merged cells mean "same as above": in xlsx they are expanded
from the merged ranges; in CSV exports (and sheets without merges) blanks are filled down in the
hierarchy columns, and in failure mode / effect / cause while the row stays under the same item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from copilot.core import lexicon
from copilot.core.errors import EmptyFileError, IngestError
from copilot.core.lexicon.codes import station_of
from copilot.core.lexicon.dates import parse_date
from copilot.core.schema import PFMEA
from copilot.core.text import detect_language
from copilot.core.types import ConvertedDocument, DocumentInfo, Locator, Record, Scalar
from ingestion.base import Converter, SourceFile
from ingestion.headers import Header, Synonyms, find_header, header_error, title_metadata
from ingestion.tables import (
    Cell,
    Sheet,
    cell_text,
    fill_down,
    parse_int,
    peek_sheets,
    read_sheets,
)

SYNONYMS = Synonyms(PFMEA.header_synonyms())  # column headings: copilot/core/schemas
LABELS = {
    "subsystem": "Subsystem", "component": "Component", "sub_component": "Sub-component",
    "process_step": "Process step", "function": "Function", "failure_mode": "Failure mode",
    "effect": "Effect", "severity": "S", "cause": "Cause", "occurrence": "O",
    "prevention_control": "Prevention", "current_controls": "Current controls",
    "detection_control": "Detection control", "detection": "D", "ap": "AP", "rpn": "RPN",
    "recommended_action": "Action", "responsibility": "Responsible",
    "target_date": "Target date", "status": "Status", "action_taken": "Action taken",
}
NUMBERS = ("severity", "occurrence", "detection", "rpn")
RATINGS = ("severity", "occurrence", "detection")
RATING_RANGE = (1, 10)  # AIAG / AIAG-VDA S, O and D scales
FLAGGED = "rating_errors"  # out-of-domain values kept as text here; their typed field stays empty
LEVELS = ("subsystem", "component", "sub_component", "process_step", "function")
DEPENDENTS = ("failure_mode", "effect", "cause")  # filled only under the same item
CONTENT = ("failure_mode", "effect", "cause", "severity", "occurrence", "detection",
           "prevention_control", "detection_control", "current_controls")
_AP = {w: code for code, ws in lexicon.load("values")["action_priority"].items() for w in ws}


NEEDS = ("a failure-mode column (e.g. 'Potential Failure Mode', '고장형태', 'Fehlerart') plus two "
         "of severity, occurrence, detection, effect, cause")


def is_pfmea(header: Header | None) -> bool:
    """A PFMEA header names the failure mode plus two of S/O/D/effect/cause."""
    if header is None or "failure_mode" not in header.columns:
        return False
    others = ("severity", "occurrence", "detection", "effect", "cause")
    return sum(f in header.columns for f in others) >= 2


class PfmeaConverter(Converter):
    """PFMEA / FMEA spreadsheets: one record per failure-mode row."""

    name = "pfmea"
    kind = "pfmea"
    priority = 20  # above the maintenance-log converter, which shares the extensions
    extensions = (".xlsx", ".xlsm", ".xls", ".csv")
    version = "2"  # S/O/D outside 1-10 flagged instead of stored

    def accepts(self, source: SourceFile) -> bool:
        """True when the first rows of some sheet hold a PFMEA header."""
        if source.suffix not in self.extensions:
            return False
        try:
            sheets = peek_sheets(source.path, source.relpath)
        except IngestError:
            return False  # the maintenance converter takes it and reports the problem
        return any(is_pfmea(find_header(s, SYNONYMS)) for s in sheets)

    def convert(self, source: SourceFile) -> ConvertedDocument:
        """Every sheet with a PFMEA header -> one record per failure-mode row."""
        sheets = read_sheets(source.path, source.relpath)
        found = [(s, h) for s in sheets if is_pfmea(h := find_header(s, SYNONYMS)) and h]
        if not found:
            raise header_error(source.relpath, sheets, SYNONYMS, "PFMEA", NEEDS)
        records: list[Record] = []
        warnings = [f"sheet '{s.name}' skipped: no PFMEA header" for s in sheets
                    if s.name and all(s is not f[0] for f in found)]
        for sheet, header in found:
            recs, notes = sheet_records(source.relpath, sheet, header)
            records.extend(recs)
            warnings.extend(notes)
        warnings.extend(w for s in sheets if (w := s.encoding_warning))
        if not records:
            raise EmptyFileError(source.relpath, f"a PFMEA header on row {found[0][1].row} but no "
                                 "failure-mode rows below it")
        return ConvertedDocument(_info(source, found, records), tuple(records), tuple(warnings))


def sheet_records(source: str, sheet: Sheet, header: Header) -> tuple[list[Record], list[str]]:
    """Records for the rows below ``header``, after the "same as above" fill."""
    cols = header.columns
    width = max([max(cols.values()) + 1, *(len(c) for _, c in sheet.rows[header.data_start:])])
    body = [(n, [*cells, *[None] * (width - len(cells))])
            for n, cells in sheet.rows[header.data_start:]]
    grid = [cells for _, cells in body]
    dependents = [] if sheet.merged else [cols[f] for f in DEPENDENTS if f in cols]
    filled = fill_down(grid, [cols[f] for f in LEVELS if f in cols], dependents)
    _fill_severity(grid, filled, cols)
    records: list[Record] = []
    skipped: list[int] = []
    bad: list[str] = []
    flagged: list[str] = []
    rpn_notes: dict[str, list[int]] = {"computed": [], "mismatch": []}
    for (number, cells), fills in zip(body, filled, strict=True):
        own = [f for f in CONTENT if f in cols and cells[cols[f]] is not None
               and cols[f] not in fills]
        fields = row_fields(cells, cols, sheet.decimal_comma, bad, number)
        if "failure_mode" not in fields or not own:
            skipped.append(number)
            continue
        if FLAGGED in fields:
            flagged.append(f"row {number} {fields[FLAGGED]}")
        else:
            _check_rpn(fields, number, rpn_notes)
        if station := station_of(str(fields.get("process_step", "")), sheet.name):
            fields["station"] = station
        if sheet.name:
            fields["sheet"] = sheet.name
        records.append(Record(text=render(fields), title=_title(fields), fields=fields,
                              locator=Locator(source=source, sheet=sheet.name, row=number)))
    return records, _notes(sheet, skipped, bad, rpn_notes, flagged)


def _fill_severity(grid: list[list[Cell]], filled: list[set[int]], cols: Mapping[str, int]
                   ) -> None:
    """Severity belongs to the effect: fill it only on rows that continue the same failure mode."""
    if "severity" not in cols:
        return
    sev = cols["severity"]
    keys = {cols[f] for f in ("failure_mode", "effect") if f in cols}
    for i in range(1, len(grid)):
        if grid[i][sev] is None and keys & filled[i] and grid[i - 1][sev] is not None:
            grid[i][sev] = grid[i - 1][sev]
            filled[i].add(sev)


def row_fields(cells: Sequence[Cell], cols: Mapping[str, int], decimal_comma: bool,
               bad: list[str], number: int) -> dict[str, Scalar]:
    """Canonical field -> typed value for one row (empties omitted, bad numbers noted).

    A rating outside 1-10 is not a rating: its typed field stays empty (so no count, maximum or
    RPN uses it) and the written value is kept as text in ``rating_errors``, as is the row's RPN,
    which was computed from it.
    """
    out: dict[str, Scalar] = {}
    errors: list[str] = []
    for name, col in cols.items():
        value = cells[col]
        if value is None:
            continue
        if name in NUMBERS:
            parsed = parse_int(value, decimal_comma)
            if parsed is None:
                bad.append(f"row {number} {LABELS[name]}={cell_text(value)!r}")
            elif name in RATINGS and not RATING_RANGE[0] <= parsed <= RATING_RANGE[1]:
                errors.append(f"{LABELS[name]}={cell_text(value)}")
            else:
                out[name] = parsed
        elif name == "ap":
            text = cell_text(value)
            out[name] = _AP.get(text.casefold(), text)
        elif name == "target_date":
            out[name] = parse_date(value) or cell_text(value)
        elif text := cell_text(value):
            out[name] = text
    if errors:
        if "rpn" in out:
            errors.append(f"RPN={out.pop('rpn')}")
        out[FLAGGED] = (", ".join(errors) + f" outside {RATING_RANGE[0]}-{RATING_RANGE[1]}, "
                        "not used in any figure")
    return out


_FLAGGED_RATING = re.compile(r"\b(S|O|D)=(-?\d+)")


def flagged_ratings(fields: Mapping[str, Scalar]) -> dict[str, str]:
    """Field name -> the written value of each rating ``row_fields`` flagged as out of range."""
    names = {LABELS[n]: n for n in RATINGS}
    return {names[m[1]]: m[2] for m in _FLAGGED_RATING.finditer(str(fields.get(FLAGGED, "")))}


def _check_rpn(fields: dict[str, Scalar], number: int, notes: dict[str, list[int]]) -> None:
    sev, occ, det = (fields.get(f) for f in ("severity", "occurrence", "detection"))
    if not (isinstance(sev, int) and isinstance(occ, int) and isinstance(det, int)):
        return
    product = sev * occ * det
    if "rpn" not in fields:
        fields["rpn"] = product
        notes["computed"].append(number)
    elif fields["rpn"] != product:
        notes["mismatch"].append(number)


def render(fields: dict[str, Scalar]) -> str:
    """The row with its column names, compact: "Process step: OP10 ... | S: 8 | ..."."""
    text = " | ".join(f"{label}: {cell_text(fields[name])}"
                      for name, label in LABELS.items() if name in fields)
    return text + (f" | Rating error: {fields[FLAGGED]}" if FLAGGED in fields else "")


def _title(fields: dict[str, Scalar]) -> str:
    if "process_step" in fields:
        return str(fields["process_step"])
    return " / ".join(str(fields[f]) for f in ("subsystem", "component", "sub_component")
                      if f in fields)


def _notes(sheet: Sheet, skipped: list[int], bad: list[str], rpn: dict[str, list[int]],
           flagged: list[str]) -> list[str]:
    where = f"sheet '{sheet.name}': " if sheet.name else ""
    notes = []
    if flagged:
        notes.append(f"{where}{len(flagged)} rows have S/O/D ratings outside "
                     f"{RATING_RANGE[0]}-{RATING_RANGE[1]}, kept as text and left out of every "
                     "count, maximum and RPN: " + "; ".join(flagged[:10])
                     + (" ..." if len(flagged) > 10 else ""))
    if skipped:
        notes.append(f"{where}skipped {len(skipped)} rows without a failure mode or FMEA content: "
                     f"rows {_rows(skipped)}")
    if bad:
        notes.append(f"{where}{len(bad)} ratings are not whole numbers and were left out: "
                     + "; ".join(bad[:10]) + (" ..." if len(bad) > 10 else ""))
    if rpn["computed"]:
        notes.append(f"{where}RPN computed as S×O×D on {len(rpn['computed'])} rows")
    if rpn["mismatch"]:
        notes.append(f"{where}RPN differs from S×O×D (kept as written) on rows "
                     f"{_rows(rpn['mismatch'])}")
    return notes


def _rows(numbers: list[int], limit: int = 15) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def _info(source: SourceFile, found: list[tuple[Sheet, Header]], records: list[Record]
          ) -> DocumentInfo:
    sheet, header = found[0]
    meta = title_metadata(sheet, header)
    day = meta.get("date")
    stations = {r.fields.get("station") for r in records}
    station = meta.get("station") or (str(next(iter(stations))) if len(stations) == 1
                                      and None not in stations else None)
    sample = " ".join(cell_text(c) for s, _ in found for _, row in s.rows[:300] for c in row
                      if isinstance(c, str))
    extra: dict[str, Scalar] = {"header_row": header.row, "rows": len(records)}
    if len(found) > 1 or sheet.name:
        extra["sheets"] = ", ".join(str(s.name) for s, _ in found)
    if sheet.encoding and sheet.encoding_confidence < 1:
        extra["encoding_confidence"] = sheet.encoding_confidence
    for key, value in (("encoding", sheet.encoding), ("delimiter", sheet.delimiter),
                       ("document_no", meta.get("doc_no"))):
        if value:
            extra[key] = value
    return DocumentInfo(
        source=source.relpath, kind="pfmea", doc_id=source.path.stem,
        title=meta.get("title", ""), revision=meta.get("revision"),
        effective_date=day if day and parse_date(day) == day else None,
        station=station_of(station), language=detect_language(sample), extra=extra)
