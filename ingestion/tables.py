"""Spreadsheets and CSV exports as grids of cells, shared by the PFMEA and maintenance converters.

A file becomes ``Sheet`` grids of raw cells that keep their 1-based row numbers (Excel numbering;
for a CSV the record number, which is the line number unless a quoted cell spans lines). Merged
xlsx/xls cells take the value of their top-left cell; CSV exports lose merges, so ``fill_down``
restores the "same as above" blanks. Header detection lives in ``ingestion.headers``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from copilot.core.errors import CorruptFileError, EmptyFileError, EncodingError
from copilot.core.types import iso

Cell = str | int | float | date | None  # datetime is a date; blanks are None, strings stripped
Row = tuple[Cell, ...]
HEADER_SCAN_ROWS = 30
PEEK_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
LOW_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used and how sure the detection was (0-1)."""

    text: str
    encoding: str
    confidence: float


def low_confidence_note(encoding: str, confidence: float) -> str:
    return (f"text encoding guessed as {encoding} with low confidence ({confidence:.0%}): "
            "accented or non-Latin characters may be wrong; save the file as UTF-8 to be sure")


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


def decode_text(raw: bytes, label: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), then CP949/EUC-KR, then charset-normalizer."""
    decoded = detect_text(raw, label)
    return decoded.text, decoded.encoding


def detect_text(raw: bytes, label: str) -> Decoded:
    """Decode text bytes with a confidence: a BOM or valid UTF-8 is certain, CP949 that reads as
    Korean words nearly so; anything else is charset-normalizer's guess, whose confidence is
    (1 - chaos) x language coherence, so a short Latin-1 file is flagged rather than trusted."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), codec, 1.0)
            except UnicodeDecodeError as exc:
                raise EncodingError(label, f"has a {codec} byte-order mark but {exc}") from exc
    if b"\x00" in raw:
        raise EncodingError(label, "contains NUL bytes: binary data, not a text CSV")
    for codec in ("utf-8", "cp949"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _plausible_korean(text):
            return Decoded(text, codec, 1.0 if codec == "utf-8" else 0.9)
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.3 or best.encoding.startswith(("utf_16", "utf_32")) or (
            not _mostly_printable(str(best))):  # BOM-less UTF-16 guesses are how it reads junk
        raise EncodingError(label, "not UTF-8, CP949/EUC-KR or any encoding charset-normalizer "
                            "recognises; save the file as UTF-8 (Excel: 'CSV UTF-8')")
    return Decoded(str(best), best.encoding, round((1 - best.chaos) * best.coherence, 2))


def _mostly_printable(text: str) -> bool:
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:20000])
    return printable >= 0.98 * min(len(text), 20000)


def _plausible_korean(text: str) -> bool:
    """CP949 decodes many Latin-1 files too; real Korean has runs of Hangul, not lone syllables."""
    runs = _HANGUL_RUN.findall(text)
    hangul = sum(len(r) for r in runs)
    if not hangul:
        return False
    in_words = sum(len(r) for r in runs if len(r) > 1)
    return in_words >= 0.6 * hangul and hangul >= 0.7 * len(_NON_ASCII.findall(text))


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
_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_YMD = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?" + _TIME)
_DMY = re.compile(r"(\d{1,2})\s*([-./])\s*(\d{1,2})\s*[-./]\s*(\d{4})" + _TIME)
_SHORT_YEAR = re.compile(r"(\d{1,2})\s*([-/])\s*(\d{1,2})\s*[-/]\s*(\d{2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_HOURS = re.compile(r"(\d{1,5}):([0-5]\d)(?::([0-5]\d))?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_TEXT_DATES = ("%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d, %Y", "%d %B %Y", "%B %d, %Y")
_EXCEL_EPOCH = datetime(1899, 12, 30)


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


def parse_date(value: Cell, day_first: bool | None = None) -> str | None:
    """An ISO date (or date-time) from ISO/Korean/German/US text, datetimes or Excel serials."""
    if isinstance(value, date):
        return iso(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if m := _YMD.fullmatch(text):
            return _iso(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
        if m := _DMY.fullmatch(text):
            a, b = int(m[1]), int(m[3])
            first_is_day = m[2] == "." or a > 12 or (day_first is True and b <= 12)
            day, month = (a, b) if first_is_day else (b, a)
            return _iso(int(m[4]), month, day, m[5], m[6], m[7])
        if _COMPACT.fullmatch(text) or _SERIAL.fullmatch(text):
            return _from_number(float(text))
        if m := _SHORT_YEAR.fullmatch(text):  # US exports: "4/6/16 14:00" (M/D/YY)
            a, b = int(m[1]), int(m[3])
            day, month = (a, b) if a > 12 or (day_first is True and b <= 12) else (b, a)
            year = int(m[4]) + (2000 if int(m[4]) < 70 else 1900)
            return _iso(year, month, day, m[5], m[6], m[7])
    except ValueError:
        return None
    for fmt in _TEXT_DATES:
        try:
            return iso(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def parse_hours(value: Cell, decimal_comma: bool = False) -> float | None:
    """Hours from a number or an "H:MM" / "H:MM:SS" duration ("1:30" -> 1.5, "40:00:00" -> 40)."""
    if isinstance(value, str) and (m := _HOURS.fullmatch(value.strip())):
        return round(int(m[1]) + int(m[2]) / 60 + int(m[3] or 0) / 3600, 4)
    return parse_number(value, decimal_comma)


def guess_day_first(values: Iterable[Cell]) -> bool | None:
    """For a column of "a/b/yyyy" (or "a/b/yy") dates: True if some a > 12, False if some b > 12."""
    for value in values:
        if not isinstance(value, str):
            continue
        m = _DMY.fullmatch(value.strip()) or _SHORT_YEAR.fullmatch(value.strip())
        if m and m[2] != ".":
            if int(m[1]) > 12:
                return True
            if int(m[3]) > 12:
                return False
    return None


def _iso(year: int, month: int, day: int, hh: str | None, mm: str | None, ss: str | None) -> str:
    stamp = datetime(year, month, day, int(hh or 0), int(mm or 0), int(ss or 0))
    return iso(stamp) or ""


def _from_number(number: float) -> str | None:
    if 19000101 <= number <= 21001231 and number.is_integer():
        text = str(int(number))
        try:
            return _iso(int(text[:4]), int(text[4:6]), int(text[6:]), None, None, None)
        except ValueError:
            return None
    if 10000 <= number < 2958466:  # Excel serial day number (1900 date system), 1927 onwards
        return iso(_EXCEL_EPOCH + timedelta(days=number))
    return None
