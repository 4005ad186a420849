"""Spreadsheets and CSV exports as grids of cells, shared by the PFMEA and maintenance converters.

A file becomes ``Sheet`` grids of raw cells that keep their 1-based row numbers (Excel numbering;
for a CSV the record number, which is the line number unless a quoted cell spans lines). Merged
xlsx/xls cells take the value of their top-left cell; CSV exports lose merges, so ``fill_down``
restores the "same as above" blanks. Header detection lives in ``ingestion.headers``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from copilot.core.errors import CorruptFileError, EmptyFileError
from copilot.core.lexicon.decoding import LOW_CONFIDENCE, detect_text, low_confidence_note
from copilot.core.types import iso

Cell = str | int | float | date | None  # datetime is a date; blanks are None, strings stripped
Row = tuple[Cell, ...]
HEADER_SCAN_ROWS = 30
PEEK_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Sheet:
    """One worksheet (or a whole CSV): its non-empty rows with their 1-based row numbers."""

    name: str | None  # None for CSV
    rows: tuple[tuple[int, Row], ...]
    merged: bool = False  # vertical merges were expanded: the author merges, blanks are real
    decimal_comma: bool = False  # ';'-separated CSV: "1,5" means 1.5
    encoding: str | None = None
    delimiter: str | None = None
    encoding_confidence: float = 1.0  # below LOW_CONFIDENCE the file gets a warning

    @property
    def encoding_warning(self) -> str | None:
        """A warning when the CSV's encoding was a low-confidence guess."""
        if self.encoding is None or self.encoding_confidence >= LOW_CONFIDENCE:
            return None
        return low_confidence_note(self.encoding, self.encoding_confidence)


# ---- reading ---------------------------------------------------------------------------------

def read_sheets(path: Path, label: str, max_rows: int | None = None) -> list[Sheet]:
    """Read a .csv/.xlsx/.xls file (the first ``max_rows`` rows if given) into sheets."""
    if path.stat().st_size == 0:
        raise EmptyFileError(label, "0 bytes")
    with path.open("rb") as fh:
        magic = fh.read(8)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        sheets = [read_csv(path, label, max_rows)]
    elif magic.startswith(_ZIP_MAGIC):
        sheets = _read_xlsx(path, label, max_rows)
    elif magic == _OLE_MAGIC:
        sheets = _read_ole(path, label, max_rows)
    else:
        raise CorruptFileError(label, f"not an Excel workbook: starts with bytes {magic[:4].hex()}, "
                               "neither a zip (.xlsx) nor an OLE (.xls) container")
    if not any(s.rows for s in sheets):
        raise EmptyFileError(label, "no non-empty cells")
    return sheets


@lru_cache(maxsize=16)
def _peek(path: str, mtime_ns: int, size: int, label: str) -> tuple[Sheet, ...]:
    return tuple(read_sheets(Path(path), label, HEADER_SCAN_ROWS))


def peek_sheets(path: Path, label: str) -> tuple[Sheet, ...]:
    """The first rows of every sheet, cached per file version so several ``accepts`` stay cheap."""
    st = path.stat()
    return _peek(str(path), st.st_mtime_ns, st.st_size, label)


def read_csv(path: Path, label: str, max_rows: int | None = None) -> Sheet:
    """Decode, sniff the delimiter and split a CSV into rows."""
    raw = path.read_bytes() if max_rows is None else _head(path)
    decoded = detect_text(raw, label)
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        raise EmptyFileError(label, "only whitespace")
    delimiter = sniff_delimiter(text)
    rows: list[tuple[int, Row]] = []
    try:
        for n, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                   start=1):
            cells = tuple(c.strip() or None for c in record)
            if any(c is not None for c in cells):
                rows.append((n, cells))
            if max_rows is not None and n >= max_rows:
                break
    except csv.Error as exc:
        raise CorruptFileError(label, f"malformed CSV: {exc}") from exc
    return Sheet(None, tuple(rows), decimal_comma=delimiter == ";", encoding=encoding,
                 delimiter=delimiter, encoding_confidence=decoded.confidence)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        raw = fh.read(PEEK_BYTES)
    if len(raw) == PEEK_BYTES and b"\n" in raw:  # never cut a multi-byte character in half
        raw = raw[: raw.rfind(b"\n") + 1]
    return raw


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one width (>1)."""
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    best, best_score = ",", (0, 0)
    for delim in (",", ";", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        except csv.Error:
            continue
        common = Counter(w for w in widths if w > 1).most_common(1)
        if common and (common[0][1], common[0][0]) > best_score:
            best, best_score = delim, (common[0][1], common[0][0])
    return best


def _read_xlsx(path: Path, label: str, max_rows: int | None) -> list[Sheet]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=max_rows is not None, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken containers
        raise CorruptFileError(label, _zip_problem(path, exc)) from exc
    try:
        sheets = []
        for ws in wb.worksheets:
            grid: list[list[object]] = [list(r) for r in ws.iter_rows(min_row=1, max_row=max_rows, values_only=True)]
            ranges = [] if max_rows is not None else [
                (r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
            _expand_merges(grid, ranges)
            sheets.append(_sheet(ws.title, grid, merged=any(r[2] > r[0] for r in ranges)))
        return sheets
    finally:
        wb.close()


def _zip_problem(path: Path, exc: Exception) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return "not a valid .xlsx: truncated or damaged zip container"
    if "xl/workbook.xml" not in names:
        return "a zip archive without xl/workbook.xml, so not an Excel workbook"
    return f"unreadable workbook ({type(exc).__name__}: {exc})"


def _read_ole(path: Path, label: str, max_rows: int | None) -> list[Sheet]:
    if _ENCRYPTED_STREAM in path.read_bytes():
        raise CorruptFileError(label, "encrypted (password-protected) workbook; "
                               "save an unprotected copy and ingest that")
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:
        detail = "encrypted (password-protected) .xls" if "encrypt" in str(exc).lower() else (
            f"unreadable .xls workbook ({exc})")
        raise CorruptFileError(label, detail) from exc
    sheets = []
    for sh in book.sheets():
        nrows = sh.nrows if max_rows is None else min(sh.nrows, max_rows)
        grid = [[_xls_value(sh.cell(r, c), book.datemode) for c in range(sh.ncols)]
                for r in range(nrows)]
        ranges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sh.merged_cells]
        _expand_merges(grid, ranges)
        sheets.append(_sheet(sh.name, grid, merged=any(r[2] > r[0] for r in ranges)))
    return sheets


def _xls_value(cell: object, datemode: int) -> object:
    import xlrd

    ctype, value = getattr(cell, "ctype", None), getattr(cell, "value", None)
    if ctype == xlrd.XL_CELL_DATE and isinstance(value, float):
        return xlrd.xldate_as_datetime(value, datemode)
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return value


def _expand_merges(grid: list[list[object]], ranges: Sequence[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range (1-based, inclusive) its top-left value."""
    for r0, c0, r1, c1 in ranges:
        if r0 > len(grid) or c0 > len(grid[r0 - 1]):
            continue
        value = grid[r0 - 1][c0 - 1]
        for r in range(r0, min(r1, len(grid)) + 1):
            row = grid[r - 1]
            row.extend([None] * (c1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c - 1] = value


def _sheet(name: str, grid: list[list[object]], merged: bool) -> Sheet:
    rows = []
    for n, raw in enumerate(grid, start=1):
        cells = tuple(_clean(v) for v in raw)
        if any(c is not None for c in cells):
            rows.append((n, cells))
    return Sheet(name, tuple(rows), merged=merged)


def _clean(value: object) -> Cell:
    if value is None or isinstance(value, (int, float, date)):
        return value  # type: ignore[return-value]  # bool is an int
    if isinstance(value, time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


# ---- forward fill ----------------------------------------------------------------------------

def fill_down(rows: list[list[Cell]], levels: Sequence[int], dependents: Sequence[int] = ()
              ) -> list[set[int]]:
    """Fill "same as above" blanks in place and return, per row, the columns that were filled.

    ``levels`` are hierarchy columns, top first: a blank is filled unless a higher level starts
    something new in the same row. ``dependents`` are filled only when no level is new.
    """
    last: dict[int, Cell] = {}
    out: list[set[int]] = []
    for row in rows:
        fresh = next((i for i, c in enumerate(levels) if row[c] is not None), len(levels))
        filled: set[int] = set()
        for i, col in enumerate(levels):
            _fill_cell(row, col, last, i < fresh, filled)
        for col in dependents:
            _fill_cell(row, col, last, fresh == len(levels), filled)
        out.append(filled)
    return out


def _fill_cell(row: list[Cell], col: int, last: dict[int, Cell], allowed: bool,
               filled: set[int]) -> None:
    if row[col] is not None:
        last[col] = row[col]
    elif allowed and last.get(col) is not None:
        row[col] = last[col]
        filled.add(col)
    else:
        last[col] = None  # a new parent starts: a blank below it is a real blank


# ---- typed values ----------------------------------------------------------------------------

_NUMBER = re.compile(r"[-+]?\d(?:[\d,.'\u00a0 ]*\d)?")
_THOUSANDS = {",": re.compile(r"\d{1,3}(?:,\d{3})+"), ".": re.compile(r"\d{1,3}(?:\.\d{3})+")}
_HOURS = re.compile(r"(\d{1,5}):([0-5]\d)(?::([0-5]\d))?")


def cell_text(value: Cell) -> str:
    """A cell as compact text: whitespace collapsed, 8.0 -> "8", dates as ISO."""
    if isinstance(value, str):
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, date):
        return iso(value) or ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def parse_number(value: Cell, decimal_comma: bool = False) -> float | None:
    """A number from a cell: "1,234.5", "1.234,5", "₩350,000", "1.5 h"; None if not one number."""
    if isinstance(value, bool) or value is None or isinstance(value, date):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None  # NaN is not a value
    found = list(_NUMBER.finditer(value))
    if len(found) != 1 or (found[0].start() and value[found[0].start() - 1].isalnum()):
        return None  # "OP10", "2-3", "M8x25" are not plain numbers
    digits = re.sub(r"['\u00a0 ]", "", found[0].group(0))
    if "," in digits and "." in digits:
        dec = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in digits:
        thousands = not decimal_comma and _THOUSANDS[","].fullmatch(digits.lstrip("+-"))
        digits = digits.replace(",", "" if thousands or digits.count(",") > 1 else ".")
    elif digits.count(".") > 1 or (decimal_comma and _THOUSANDS["."].fullmatch(digits.lstrip("+-"))):
        digits = digits.replace(".", "")
    try:
        return float(digits)
    except ValueError:
        return None


def parse_int(value: Cell, decimal_comma: bool = False) -> int | None:
    """A whole number ("8", "8.0", 8.0); None for fractions and text."""
    number = parse_number(value, decimal_comma)
    return int(number) if number is not None and number.is_integer() else None


def parse_hours(value: Cell, decimal_comma: bool = False) -> float | None:
    """Hours from a number or an "H:MM" / "H:MM:SS" duration ("1:30" -> 1.5, "40:00:00" -> 40)."""
    if isinstance(value, str) and (m := _HOURS.fullmatch(value.strip())):
        return round(int(m[1]) + int(m[2]) / 60 + int(m[3] or 0) / 3600, 4)
    return parse_number(value, decimal_comma)
