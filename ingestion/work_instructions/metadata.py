"""Work-instruction header fields (English/Korean labels) and the file-name fallback.

See sample_docs/PLANT.md: "Document No.: WI-OP30-001", "개정: B", "시행일: 2025-04-01"...
Labels are recognised at the start of a line or after a separator (``|``, ``;``, tab, two
spaces), so a one-line header "Doc No: X | Rev.: C | Effective: 2025-06-02" works too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from copilot.core import lexicon
from copilot.core.lexicon.codes import station_of, stations_in
from copilot.core.lexicon.dates import date_in
from ingestion.work_instructions.elements import Element, Rows
from ingestion.work_instructions.markers import is_section_word, looks_like_title

_LABELS = {
    "doc_id": r"doc(?:ument|\.)?\s*(?:no\.?|number|num\.?|#|id)|문서\s*번호|문서\s*no\.?",
    "title": r"(?:document\s+)?title|제\s*목|문서\s*명",
    "revision": r"revision(?:\s*(?:no\.?|level))?|rev\.?|개정(?:\s*번호|판)?",
    "effective_date": r"effective(?:\s*date)?|시행\s*일(?:자)?|적용\s*일(?:자)?|발효\s*일",
    "station": r"(?:work\s*)?station|operation|공정|작업\s*공정",
    "supersedes": r"supersedes|replaces|대체\s*문서|구\s*문서",
}
_LABEL = re.compile(
    r"(?:^|(?<=[|;\t])|(?<=\s\s))\s*(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LABELS.items())
    + r")\s*[:：]\s*",
    re.IGNORECASE,
)
_LOOSE_REV = re.compile(r"(?<![A-Za-z])Rev(?:ision)?\.?\s*([A-Z0-9]{1,3})(?![\w.])")
_LOOSE_DOC = re.compile(r"\b[A-Z]{2,5}-(?:[A-Z0-9]+-)*\d{2,4}\b")
_FILE_REV = re.compile(r"[\s_.-]+rev(?:ision)?[\s_.-]*([A-Za-z0-9]{1,3})$", re.IGNORECASE)
_BODY_START = re.compile(
    r"^(?:\d+(?:\.\d+)*[.)]?\s|(?:step|단계)\s*\d|[\u2460-\u2473]|\([a-zA-Z0-9]{1,4}\)|제\s*\d+\s*조)",
    re.IGNORECASE)
_GENERIC_LABEL = re.compile(r"^([^\W\d_][\w .()/&'-]{0,30}?)\s*[:：]\s*(\S.{0,200})$")
_EXTRA_KEYS: dict[str, str] = lexicon.load("sections")["extra_keys"]  # "작성자" -> prepared_by
_HEADER_ZONE = 30  # header fields are looked for in the first elements only


@dataclass(frozen=True)
class Header:
    """Header fields found in a document (None when absent)."""

    doc_id: str | None = None
    title: str | None = None
    revision: str | None = None
    effective_date: str | None = None  # ISO
    station: str | None = None
    supersedes: str | None = None
    raw_date: str | None = None  # the effective date as written, when it could not be parsed
    stations: str | None = None  # "OP10,OP20" when the header names several

    def merged(self, other: Header) -> Header:
        """Fields of ``self``, with the gaps filled from ``other``."""
        return replace(self, **{f.name: getattr(self, f.name) or getattr(other, f.name)
                                for f in fields(self)})


def label_pairs(text: str) -> list[tuple[str, str]]:
    """(field, value) for every header label in ``text``; values run to the next label."""
    out: list[tuple[str, str]] = []
    for line in text.split("\n"):
        matches = list(_LABEL.finditer(line))
        for n, m in enumerate(matches):
            end = matches[n + 1].start() if n + 1 < len(matches) else len(line)
            value = line[m.end():end].strip(" |;\t")
            if value and m.lastgroup:
                out.append((m.lastgroup, value))
    return out


def is_header_line(text: str) -> bool:
    """True when the text is made of header fields only (it is consumed, not a record)."""
    m = _LABEL.match(text)
    return m is not None and m.start() == 0 and bool(label_pairs(text))


def table_pairs(rows: Rows) -> list[tuple[str, str]]:
    """Header fields of a key/value table ("Document No. | WI-..."), or [] for other tables."""
    pairs: list[tuple[str, str]] = []
    labelled = 0
    for row in rows:
        row_pairs = label_pairs("  ".join(f"{row[i]}: {row[i + 1]}" for i in
                                          range(0, len(row) - 1, 2) if row[i].strip()))
        labelled += bool(row_pairs)
        pairs.extend(row_pairs)
    return pairs if rows and labelled * 2 >= len(rows) and labelled >= 2 else []


def parse_header(pairs: Iterable[tuple[str, str]], furniture: Iterable[str] = ()) -> Header:
    """Header from labelled pairs (first one wins), then loose page-header patterns."""
    found: dict[str, str] = {}
    for name, value in pairs:
        found.setdefault(name, value)
    header = _from_found(found)
    loose: dict[str, str] = {}
    for line in furniture:
        if (m := _LOOSE_REV.search(line)) is not None:
            loose.setdefault("revision", m.group(1))
        if (d := _LOOSE_DOC.search(line)) is not None:
            loose.setdefault("doc_id", d.group(0))
    return header.merged(_from_found(loose))


def _from_found(found: dict[str, str]) -> Header:
    raw_date = found.get("effective_date")
    stations = stations_in(found.get("station", ""))
    iso = date_in(raw_date) if raw_date else None
    return Header(
        doc_id=_first_token(found["doc_id"]) if "doc_id" in found else None,
        title=found.get("title", "").strip() or None,
        revision=normalise_revision(found["revision"]) if "revision" in found else None,
        effective_date=iso,
        station=station_of(found.get("station", "")),
        stations=",".join(stations) if len(stations) > 1 else None,
        supersedes=found.get("supersedes"),
        raw_date=raw_date if raw_date and not iso else None,
    )


def _first_token(value: str) -> str | None:
    token = value.split()[0].strip(".,;:()[]") if value.split() else ""
    return token or None


def normalise_revision(value: str) -> str | None:
    """'Rev. C (2025-06-02)' -> 'C'; '03' stays '03'."""
    value = re.sub(r"^(?:revision|rev\.?|r\.?)\s*", "", value.strip(), flags=re.IGNORECASE)
    return _first_token(value)


def from_filename(stem: str) -> tuple[str, str | None]:
    """(doc id, revision) from a file stem: 'WI-OP30-001_RevC' -> ('WI-OP30-001', 'C')."""
    m = _FILE_REV.search(stem)
    if m and m.start() > 0:
        return stem[:m.start()], m.group(1).upper() if m.group(1).isalpha() else m.group(1)
    return stem, None


@dataclass(frozen=True)
class HeaderScan:
    """The top of a document split into header fields, a title line and the body."""

    pairs: tuple[tuple[str, str], ...]
    body: tuple[Element, ...]
    title: str | None  # title heading, or a banner line above the header fields
    other: tuple[tuple[str, str], ...] = ()  # other labelled header lines ("Equipment: ...")


def split_header(elements: Iterable[Element]) -> HeaderScan:
    """Take header fields (lines or a key/value table), banner lines and the title off the top."""
    items = list(elements)
    zone = next((n for n, e in enumerate(items[:_HEADER_ZONE]) if _BODY_START.match(e.text)),
                min(len(items), _HEADER_ZONE))
    found = {n: _pairs(items[n]) for n in range(zone)}
    known = [n for n, p in found.items() if p]
    lo, hi = (known[0], known[-1]) if known else (zone, -1)
    pairs: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    banners: list[str] = []
    body: list[Element] = []
    title: str | None = None
    for n, e in enumerate(items):
        generic = _GENERIC_LABEL.match(e.text) if lo <= n <= hi + 2 and n < zone else None
        if found.get(n):
            pairs.extend(found[n])
        elif generic and e.category != "table":
            other.append((generic.group(1).strip(), generic.group(2).strip()))
            hi = max(hi, n)
        elif n < zone and title is None and _is_title(e, body):
            title = e.text
        elif n < lo and e.category == "paragraph" and len(e.text) <= 150:
            banners.append(e.text)
        else:
            body.append(e)
    title = title or next((b for b in banners if looks_like_title(b)), None)
    return HeaderScan(tuple(pairs), tuple(body), title, tuple(other))


def _pairs(e: Element) -> list[tuple[str, str]]:
    if e.category == "table":
        return table_pairs(e.rows)
    return label_pairs(e.text) if is_header_line(e.text) else []


def _is_title(e: Element, body_so_far: list[Element]) -> bool:
    if e.category == "title":
        return True
    return (e.category == "heading" and not any(b.category != "heading" for b in body_so_far)
            and not is_section_word(e.text))


def extra_key(label: str) -> str:
    """'Prepared by' -> 'prepared_by'; known Korean labels get their English key."""
    key = " ".join(label.lower().split())
    return _EXTRA_KEYS.get(key.replace(" ", ""), re.sub(r"[^\w]+", "_", key).strip("_"))
