"""Frozen dataclasses that every layer speaks: records, chunks, hits, citations, answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Kind = Literal["work_instruction", "pfmea", "maintenance_log"]
KINDS: tuple[Kind, ...] = ("work_instruction", "pfmea", "maintenance_log")
Scalar = str | int | float | bool
# Which engine answered: the documents, the table engine, or the table and then the documents.
Route = Literal["documents", "table", "both"]
# How the answer text was made (abstain: weak retrieval; model-abstain: the model said so).
Method = Literal["generated", "extractive", "abstain", "model-abstain", "table"]
Vector = list[float]


@dataclass(frozen=True)
class Locator:
    """Where a record sits in its source, precise enough to open it there."""

    source: str  # file name (relative to the ingested root)
    doc_id: str | None = None
    revision: str | None = None
    page: int | None = None
    section: str | None = None
    step: str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based spreadsheet row number (Excel numbering) or CSV line
    work_order: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.work_order:
            parts.append(self.work_order)
            parts.append(f"({self.source}" + (f" {self.sheet}" if self.sheet else "")
                         + (f" row {self.row})" if self.row else ")"))
            return " ".join(parts)
        if self.sheet is not None or (self.row is not None and self.step is None):
            parts.append(self.source)
            if self.sheet:
                parts.append(f"sheet '{self.sheet}'")
            if self.row is not None:
                parts.append(f"row {self.row}")
            return " ".join(parts)
        head = self.doc_id or self.source
        if self.revision:
            head += f" Rev {self.revision}"
        parts.append(head)
        if self.section:
            parts.append(f"§ {self.section}")
        if self.step:
            parts.append(f"step {self.step}")
        if self.page is not None:
            parts.append(f"p. {self.page}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Locator:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DocumentInfo:
    """What a converter learned about the whole file."""

    source: str
    kind: Kind
    doc_id: str
    title: str = ""
    revision: str | None = None
    effective_date: str | None = None  # ISO date
    station: str | None = None
    language: str = "en"
    extra: Mapping[str, Scalar] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One citable unit out of a converter: a WI step/section, a PFMEA row, a work order.

    ``text`` is what is searched (a row is rendered with its column names); ``fields`` are the
    record's typed values (S/O/D as ints, dates as ISO strings, downtime as float...).
    """

    text: str
    locator: Locator
    fields: Mapping[str, Scalar] = field(default_factory=dict)
    title: str = ""  # heading context (section title, process step) prepended for retrieval


@dataclass(frozen=True)
class ConvertedDocument:
    info: DocumentInfo
    records: tuple[Record, ...]
    warnings: tuple[str, ...] = ()  # non-fatal notes (skipped rows, unmapped columns)


def content_id(*parts: object) -> str:
    """Stable content hash used as chunk id."""
    h = hashlib.sha256()
    for p in parts:
        h.update(json.dumps(p, sort_keys=True, default=str, ensure_ascii=False).encode())
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def compose_text(heading: str, body: str) -> str:
    """The text that is embedded and keyword-indexed: the heading line (if any), then the body.

    The one place a heading is joined to its body; :func:`heading_in` reads it back."""
    return f"{heading}\n{body}" if heading else body


def heading_in(text: str, kind: str, doc_id: str) -> str:
    """The heading line a stored chunk text was composed with ("" if none).

    Stores keep the composed text (it is what the indexes hold), so a chunk read back gets its
    heading from the rule the chunker composes by: a work-instruction chunk opens with
    ``[doc id Rev X] title`` on its own line."""
    if kind != "work_instruction" or not text.startswith(f"[{doc_id}") or "\n" not in text:
        return ""
    return text.partition("\n")[0]


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded, keyword-indexed and cited.

    ``text`` is what the indexes hold: ``heading`` (a work instruction's "[DOC Rev X] title"
    line, which helps retrieval) composed with ``body`` (the record's own words, which is what
    gets quoted and shown) by :func:`compose_text`.
    """

    id: str
    text: str
    kind: Kind
    doc_id: str
    source: str
    locator: Locator
    language: str = "en"
    revision: str | None = None
    status: Literal["current", "superseded", "pending"] = "current"
    access: str = "everyone"
    metadata: Mapping[str, Scalar] = field(default_factory=dict)
    heading: str = ""

    def __post_init__(self) -> None:
        if self.heading and not self.text.startswith(f"{self.heading}\n"):
            raise ValueError(f"chunk {self.id}: text does not open with its heading "
                             f"{self.heading!r}; build it with compose_text()")

    @property
    def body(self) -> str:
        """The chunk's own words: ``text`` without its heading line."""
        return self.text[len(self.heading) + 1:] if self.heading else self.text

    def filter_fields(self) -> dict[str, Scalar]:
        """Flat scalar fields used for index filters (static for the chunk's life)."""
        out: dict[str, Scalar] = {
            "kind": self.kind,
            "doc_id": self.doc_id,
            "source": self.source,
            "language": self.language,
            "access": self.access,
        }
        if self.revision:
            out["revision"] = self.revision
        for k, v in self.metadata.items():
            if isinstance(v, (str, int, float, bool)) and k not in out:
                out[k] = v
        return out


@dataclass(frozen=True)
class Hit:
    """A chunk returned by search, with its fused score and per-retriever ranks."""

    chunk: Chunk
    score: float
    rank: int
    ranks: Mapping[str, int] = field(default_factory=dict)
    signals: Mapping[str, float] = field(default_factory=dict)  # raw per-retriever scores


def iso(value: date | datetime | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def day_of(value: object) -> date | None:
    """The date part of an ISO date / datetime value (records keep dates as ISO text)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Citation:
    """A numbered source behind an answer: which chunk, where, and the quoted text."""

    n: int
    chunk_id: str
    source: str
    locator: str
    quote: str
    kind: str = "work_instruction"
    doc_id: str = ""
    revision: str | None = None

    @classmethod
    def of(cls, chunk: Chunk, n: int = 0, quote: str = "") -> Citation:
        """Cite one chunk (its locator, document and revision); ``quote`` defaults to its text."""
        return cls(n=n, chunk_id=chunk.id, source=chunk.source, locator=str(chunk.locator),
                   quote=quote or chunk.text, kind=chunk.kind, doc_id=chunk.doc_id,
                   revision=chunk.revision)


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns: verified text, its citations, and how it was produced."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    extractive: bool = False
    standalone_question: str = ""
    safety: tuple[str, ...] = ()  # WARNING/CAUTION/... lines from cited chunks, verbatim
    closest: tuple[Hit, ...] = ()  # shown when abstaining
    dropped: tuple[str, ...] = ()  # generated sentences removed by verification
    route: Route = "documents"
    method: Method = "generated"
    plan: Mapping[str, object] | None = None  # the table query plan, when route uses tables
    table: Mapping[str, object] | None = None  # what the engine computed (total, value, groups)
    model: str = ""
    timings_ms: Mapping[str, float] = field(default_factory=dict)
