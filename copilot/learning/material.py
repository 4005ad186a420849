"""What a station's training is built from: its current work instructions, PFMEA rows, work orders.

Read from the catalog only (never the indexes), so briefings and quizzes need no model. Superseded
revisions are left out here, once, so nothing downstream can quote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from copilot.core.errors import QueryError
from copilot.core.types import Chunk, Citation, day_of
from copilot.ports import CatalogReader
from copilot.store.catalog import revision_key

_PURPOSE = ("purpose", "scope", "목적", "적용")
_PPE = ("safety", "ppe", "protective", "안전", "보호구")
_TOOLS = ("tool", "material", "equipment", "공구", "자재", "설비", "준비물")


def body(chunk: Chunk) -> str:
    """Chunk text without its '[doc Rev] title › section' heading line."""
    return chunk.body


def section_role(section: str | None) -> str | None:
    """'purpose' | 'ppe' | 'tools' for the usual WI section names (EN/KO), else None."""
    title = re.sub(r"^[\d.\s]+", "", (section or "")).lower()
    for role, words in (("purpose", _PURPOSE), ("ppe", _PPE), ("tools", _TOOLS)):
        if any(title.startswith(w) or f" {w}" in f" {title}" for w in words):
            return role
    return None


def cite(chunk: Chunk, quote: str = "", n: int = 0) -> Citation:
    """A citation of one chunk; ``quote`` defaults to its body."""
    return Citation.of(chunk, n, quote or body(chunk)[:300])


@dataclass(frozen=True)
class Document:
    """One current work instruction of a station, chunks in document order."""

    doc_id: str
    revision: str | None
    title: str
    language: str
    chunks: tuple[Chunk, ...]

    @property
    def steps(self) -> tuple[Chunk, ...]:
        return tuple(c for c in self.chunks if c.metadata.get("block") == "step")

    def sections(self, role: str) -> tuple[Chunk, ...]:
        return tuple(c for c in self.chunks if c.metadata.get("block") == "section"
                     and section_role(c.locator.section) == role)


@dataclass(frozen=True)
class StationMaterial:
    """Everything current about one station (or the whole line, for distractors)."""

    station: str
    documents: tuple[Document, ...]
    pfmea: tuple[Chunk, ...]
    work_orders: tuple[Chunk, ...]
    as_of: date | None = None  # newest work-order date of the whole line ("now" of the export)

    @property
    def revisions(self) -> dict[str, str]:
        return {d.doc_id: d.revision or "" for d in self.documents}


class Material:
    """Loads and caches station material per catalog generation."""

    def __init__(self, catalog: CatalogReader) -> None:
        self.catalog = catalog
        self._cache: tuple[int, dict[str, StationMaterial]] | None = None

    def stations(self) -> list[str]:
        """Stations that have at least one current work instruction, in order."""
        return sorted(self._all())

    def station(self, name: str) -> StationMaterial:
        code = normalize_station(name)
        found = self._all().get(code)
        if found is None:
            known = ", ".join(self.stations()) or "none - ingest the work instructions first"
            raise QueryError(f"no current work instruction for station '{code}' (known: {known})")
        return found

    def others(self, name: str) -> list[StationMaterial]:
        """Every other station's material: where distractors come from."""
        code = normalize_station(name)
        return [m for s, m in sorted(self._all().items()) if s != code]

    def current_revisions(self) -> dict[str, str]:
        """doc_id -> revision of every current work instruction."""
        return {d["doc_id"]: d["revision"] or "" for d in self.catalog.documents()
                if d["kind"] == "work_instruction" and d["status"] == "current"}

    def _all(self) -> dict[str, StationMaterial]:
        gen = self.catalog.generation()
        if self._cache is None or self._cache[0] != gen:
            self._cache = (gen, self._load())
        return self._cache[1]

    def _load(self) -> dict[str, StationMaterial]:
        docs: dict[str, list[Document]] = {}
        for d in self.catalog.documents():
            if d["kind"] != "work_instruction" or d["status"] != "current" or not d["station"]:
                continue
            path = self.catalog.path_for_source(d["source"])
            # a passage addressed to an AI assistant is never taught (flagged at ingest)
            chunks = tuple(c for c in self.catalog.chunks_of(path)
                           if not c.metadata.get("injection")) if path else ()
            if chunks:
                docs.setdefault(str(d["station"]).upper(), []).append(Document(
                    d["doc_id"], d["revision"], d["title"] or d["doc_id"], d["language"] or "en",
                    chunks))
        pfmea: dict[str, list[Chunk]] = {}
        orders: dict[str, list[Chunk]] = {}
        for batch in self.catalog.iter_chunks():
            for c in batch:
                st = str(c.metadata.get("station", "")).upper()
                if c.kind == "pfmea" and c.status == "current":
                    pfmea.setdefault(st, []).append(c)
                elif c.kind == "maintenance_log" and c.status == "current":
                    orders.setdefault(st, []).append(c)
        dates = [when for cs in orders.values() for c in cs
                 if (when := day_of(c.metadata.get("date"))) is not None]
        as_of = max(dates) if dates else None
        out: dict[str, StationMaterial] = {}
        for st, ds in docs.items():
            ds.sort(key=lambda d: (st not in d.doc_id, d.doc_id, revision_key(d.revision)))
            out[st] = StationMaterial(st, tuple(ds), tuple(_by_locator(pfmea.get(st, []))),
                                      tuple(_by_locator(orders.get(st, []))), as_of)
        return out


def normalize_station(name: str) -> str:
    code = (name or "").strip().upper()
    if not code:
        raise QueryError("give a station, for example OP30")
    return code


def _by_locator(chunks: Iterable[Chunk]) -> list[Chunk]:
    return sorted(chunks, key=lambda c: (c.source, c.locator.sheet or "", c.locator.row or 0))


def within_year(orders: Sequence[Chunk], newest: date | None) -> list[Chunk]:
    """Work orders dated in the 12 months up to ``newest`` (the export's 'now')."""
    if newest is None:
        return []
    dated = [(day_of(c.metadata.get("date")), c) for c in orders]
    start = newest - timedelta(days=365)
    return [c for d, c in dated if d is not None and start < d <= newest]
