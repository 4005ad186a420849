"""Finding the header row of a sheet and mapping its labels to canonical field names.

Labels are matched in a compact form (case-folded, punctuation and spaces dropped) against a
synonym table in English, Korean and German, so "Potential Failure Mode", "고장형태" and
"Fehlerart" all name ``failure_mode``; "(unit)" suffixes such as "Bedeutung (B)" or
"정지시간(분)" are tried without the parenthesis too. Rows above the header are title rows and
may carry the document's title, revision and date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from copilot.core.errors import NoHeaderError
from copilot.core.lexicon.dates import DATE_TEXT, parse_date
from copilot.core.schema import title_row_headers
from ingestion.tables import HEADER_SCAN_ROWS, Cell, Row, Sheet, cell_text

MIN_KNOWN_COLUMNS = 3
_PARENS = re.compile(r"[(\[（【].*?[)\]）】]")


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is and which column holds each canonical field."""

    position: int  # index into Sheet.rows of the (first) header row
    row: int  # its 1-based row number
    data_start: int  # index into Sheet.rows of the first data row
    columns: Mapping[str, int]  # canonical field -> column index
    labels: Mapping[str, str]  # canonical field -> header text as written
    unmapped: tuple[str, ...]


# ---- header detection and column mapping -----------------------------------------------------

def normalize_label(text: str) -> str:
    """Compact form for matching labels: NFKC, case-folded, letters/digits/Hangul only."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


class Synonyms:
    """Maps header labels (any language, any spacing/punctuation) to canonical field names."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self.fields = tuple(table)
        self._index: dict[str, str] = {}
        for name, words in table.items():
            for word in (name, *words):
                self._index.setdefault(normalize_label(word), name)

    def match(self, label: Cell) -> str | None:
        """The field for one header cell: exact compact match, then without "(unit)" parts."""
        if not isinstance(label, str):
            return None
        found = self._index.get(normalize_label(label))
        if found is None and _PARENS.search(label):
            bare = normalize_label(_PARENS.sub(" ", label))
            found = self._index.get(bare) if bare else None
        return found


def _map_row(cells: Row, synonyms: Synonyms) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, cell in enumerate(cells):
        name = synonyms.match(cell)
        if name is not None and name not in found:
            found[name] = col
    return found


def find_header(sheet: Sheet, synonyms: Synonyms, min_known: int = MIN_KNOWN_COLUMNS,
                scan: int = HEADER_SCAN_ROWS) -> Header | None:
    """The row in the first ``scan`` that maps the most fields (at least ``min_known``)."""
    best: tuple[int, dict[str, int]] | None = None
    for pos, (number, cells) in enumerate(sheet.rows):
        if number > scan:
            break
        found = _map_row(cells, synonyms)
        if len(found) >= min_known and (best is None or len(found) > len(best[1])):
            best = (pos, found)
    if best is None:
        return None
    pos, columns = best
    data_start = pos + 1 + _merge_subheader(sheet, pos, columns, synonyms)
    cells = sheet.rows[pos][1]
    labels = {f: str(_label_at(sheet, pos, c)) for f, c in columns.items()}
    used = set(columns.values())
    unmapped = tuple(dict.fromkeys(str(c) for i, c in enumerate(cells)
                                   if c is not None and i not in used))
    return Header(pos, sheet.rows[pos][0], data_start, columns, labels, unmapped)


def _label_at(sheet: Sheet, pos: int, col: int) -> Cell:
    cells = sheet.rows[pos][1]
    return cells[col] if col < len(cells) and cells[col] is not None else sheet.rows[pos + 1][1][col]


def _merge_subheader(sheet: Sheet, pos: int, columns: dict[str, int], synonyms: Synonyms) -> int:
    """Two-row headers ("Current Process Controls" over "Prevention" / "Detection"): 1 if merged."""
    if pos + 1 >= len(sheet.rows) or sheet.rows[pos + 1][0] != sheet.rows[pos][0] + 1:
        return 0
    top, sub = sheet.rows[pos][1], sheet.rows[pos + 1][1]
    used, extra = set(columns.values()), {}
    for col, cell in enumerate(sub):
        if cell is None or col in used:
            continue
        group = top[col] if col < len(top) else None
        name = (synonyms.match(f"{group} {cell}") if isinstance(group, str) else None) or (
            synonyms.match(cell))
        if name is not None and name not in columns and name not in extra:
            extra[name] = col
    if len(extra) < 2:
        return 0
    columns.update(extra)
    return 1


def header_error(label: str, sheets: Sequence[Sheet], synonyms: Synonyms, what: str,
                 needs: str) -> NoHeaderError:
    """A NoHeaderError that says what was looked for and what the file has instead.

    ``what`` names the table ("PFMEA"), ``needs`` the fields it must have, in words."""
    for sheet in sheets:
        header = find_header(sheet, synonyms)
        if header is not None:
            where = f"sheet '{sheet.name}' " if sheet.name else ""
            return NoHeaderError(label, f"{where}row {header.row} has "
                                 f"{', '.join(header.labels.values())} but a {what} header "
                                 f"needs {needs}")
    seen = "no row with two or more cells"
    for sheet in sheets:
        rows = [(n, [str(c) for c in cells if c is not None]) for n, cells in sheet.rows]
        first = next(((n, t) for n, t in rows if len(t) >= 2 and n <= HEADER_SCAN_ROWS), None)
        if first is not None:
            where = f"sheet '{sheet.name}' " if sheet.name else ""
            seen = f"{where}row {first[0]}: " + ", ".join(repr(t[:30]) for t in first[1][:8])
            break
    return NoHeaderError(label, f"no row in the first {HEADER_SCAN_ROWS} has at least "
                         f"{MIN_KNOWN_COLUMNS} known {what} column names (a {what} header "
                         f"needs {needs}); saw: {seen}")


# ---- title rows ------------------------------------------------------------------------------

_META = Synonyms(title_row_headers())  # "Revision", "작성일", "Stand": copilot/core/schemas
_LABELLED = re.compile(r"^([^:：]{1,30}?)\s*[:：]\s*(.*)$")
_SEGMENT_SPLIT = re.compile(r"\s*[|;]\s*|\s{3,}")
# Unlabelled facts inside free title text: "PFMEA rev 7, last updated 2025-01-15".
_INLINE = {
    "revision": re.compile(r"(?i)\b(?:rev(?:ision)?\.?|개정)\s*([A-Z0-9][\w.]{0,5})\b"),
    "date": re.compile(r"(?i)(?:updated|revised|date|datum|stand|개정일|작성일|수정일|시행일)"
                       r"\D{0,12}?" + DATE_TEXT),
    "doc_no": re.compile(r"(?i)\b(?:p?fmea|doc(?:ument)?)\s*no\.?\s*[:：]?\s*([A-Z0-9][\w-]{2,})"),
}
_REVISION_VALUE = re.compile(r"[A-Z]{1,2}|[A-Z]?\d[\w.]*")


def title_metadata(sheet: Sheet, header: Header) -> dict[str, str]:
    """Title, revision, date (ISO), station and doc no. written in the rows above the header."""
    out: dict[str, str] = {}
    free: list[str] = []
    for _, cells in sheet.rows[: header.position]:
        texts = [cell_text(c) for c in cells if c is not None]
        segments = [s for t in dict.fromkeys(texts) for s in _SEGMENT_SPLIT.split(t) if s]
        i = 0
        while i < len(segments):
            key, value = _labelled(segments[i])
            if key is not None and not value and i + 1 < len(segments):
                value, i = segments[i + 1], i + 1
            if key is None:
                free.append(segments[i])
            elif value and key not in out:
                out[key] = value
            i += 1
    _inline_facts(free, out)
    if "date" in out:
        out["date"] = parse_date(out["date"]) or out["date"]
    return out


def _inline_facts(free: list[str], out: dict[str, str]) -> None:
    """Fill title, revision, date and doc no. from unlabelled title text where still missing."""
    titled = [t for t in free if sum(ch.isalpha() for ch in t) >= 3]
    if "title" not in out and titled:  # "PFMEA - Line 2 ..." beats the company name above it
        out["title"] = next((t for t in titled if "FMEA" in t.upper()), titled[0])
    for key, pattern in _INLINE.items():
        for m in (pattern.search(t) for t in free if key not in out):
            if m and (key != "revision" or _REVISION_VALUE.fullmatch(m[1])):
                out[key] = re.sub(r"\s+", "", m[1]) if key == "date" else m[1]
                break


def _labelled(segment: str) -> tuple[str | None, str]:
    if m := _LABELLED.match(segment):
        key = _META.match(m[1])
        return (key, m[2].strip()) if key else (None, "")
    return _META.match(segment), ""


