"""Plant evidence for PFMEA work: catalog chunks as citations, work orders matched to failures.

Matching a failure (mode + cause) to work orders is lexical on stemmed tokens, with CMMS
shorthand ("BRG HOT SPDL") and failure codes ("BRG-OVHT") spelt out and Korean terms mapped to
English through the plant glossary, so a Korean area-log entry counts like a CMMS one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from copilot.core.glossary import expand_query_tokens
from copilot.core.text import tokenize
from copilot.core.types import Chunk, Citation, day_of
from copilot.ports import CatalogReader
from copilot.tables.linking import TYPE_ALIASES

HISTORY_DAYS = 730  # "the last 24 months"
# CMMS shorthand and failure-code words -> plain words (extend per plant)
ABBREVIATIONS: Mapping[str, str] = {
    "brg": "bearing", "spdl": "spindle", "ovht": "overheating", "hot": "overheating",
    "trq": "torque", "prs": "press", "hyd": "hydraulic", "clt": "coolant", "seal": "sealant",
    "temp": "temperature", "vib": "vibration", "sens": "sensor", "elec": "electrical",
    "mech": "mechanical", "calib": "calibration", "cal": "calibration", "recal": "calibration",
    "lkg": "leak", "flt": "fault", "repl": "replace", "chk": "check", "nok": "reject",
}
STOPWORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "by", "with", "from", "into", "not", "no", "is", "are", "be", "as", "after", "before", "during", "than", "then", "per", "its", "it", "this", "that", "when", "while", "without", "under", "over", "out", "op"])
_CODE = re.compile(r"^(op\d+[a-z]?|[a-z]{2,4}-?\d{2,3}[a-z]?|\d+(\.\d+)?)$")
CORRECTIVE = TYPE_ALIASES["corrective"]  # CM / EM and the Korean log's words


def content_tokens(text: str) -> frozenset[str]:
    """Stemmed content words of ``text``: shorthand expanded, codes/numbers/stopwords dropped."""
    words = re.findall(r"[A-Za-z]+|[^\W\d_A-Za-z]+|\d+", text)
    spelt = " ".join(ABBREVIATIONS.get(w.lower(), w) for w in words)
    tokens = set(expand_query_tokens(tokenize(spelt)))
    # Korean words were mapped to English by the glossary; comparing in English only keeps a
    # bilingual pair from counting twice
    return frozenset(t for t in tokens if t.isascii() and t not in STOPWORDS
                     and not _CODE.match(t) and len(t) > 1)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller token set found in the other (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets."""
    return len(a & b) / len(a | b) if a and b else 0.0


def cite(chunk: Chunk, n: int = 0, quote: str = "") -> Citation:
    """A citation naming the chunk's locator (sheet + row, WI step, work order)."""
    return Citation.of(chunk, n, (quote or chunk.text)[:300])


@dataclass(frozen=True)
class WorkOrder:
    """A maintenance-log chunk seen as a work order."""

    chunk: Chunk
    day: date | None
    station: str
    asset: str
    code: str
    corrective: bool
    tokens: frozenset[str]

    @classmethod
    def of(cls, chunk: Chunk) -> WorkOrder:
        m = chunk.metadata
        code = str(m.get("failure_code", "") or "")
        text = " ".join(str(m.get(f, "")) for f in ("short_text", "long_text"))
        wo_type = str(m.get("wo_type", ""))
        return cls(chunk=chunk, day=day_of(m.get("date")), station=str(m.get("station", "")),
                   asset=str(m.get("asset", "")), code=code,
                   corrective=wo_type.upper() in CORRECTIVE or wo_type in CORRECTIVE
                   or (bool(code) and wo_type == ""),
                   tokens=content_tokens(f"{code.replace('-', ' ')} {text}"))


@dataclass(frozen=True)
class History:
    """Corrective work orders matching one failure at a station/asset within the window."""

    orders: tuple[WorkOrder, ...]
    since: date | None
    until: date | None
    where: str

    @property
    def count(self) -> int:
        return len(self.orders)

    def summary(self, failure: str) -> str:
        if not self.orders:
            return f"no maintenance history found for {failure!r} at {self.where}"
        codes = sorted({w.code for w in self.orders if w.code})
        span = f" ({', '.join(codes)})" if codes else ""
        return (f"{self.count} work orders{span} for {failure!r} at {self.where} in the 24 "
                f"months to {self.until}")


class PlantEvidence:
    """Work orders and station assets read from the catalog once per catalog generation."""

    def __init__(self, catalog: CatalogReader) -> None:
        self.catalog = catalog
        self._generation = -1
        self._orders: tuple[WorkOrder, ...] = ()
        self._instructions: dict[str, list[Chunk]] = {}

    def _load(self) -> None:
        """One pass over the catalog per catalog generation: work orders and station WIs."""
        gen = self.catalog.generation()
        if gen == self._generation:
            return
        superseded = self.catalog.superseded_chunk_ids()
        orders: list[WorkOrder] = []
        wis: dict[str, list[Chunk]] = {}
        for batch in self.catalog.iter_chunks():
            for c in batch:
                if c.id in superseded or c.metadata.get("injection"):
                    continue  # not current, or addressed to an AI assistant: never evidence
                if c.kind == "maintenance_log":
                    orders.append(WorkOrder.of(c))
                elif c.kind == "work_instruction":
                    wis.setdefault(str(c.metadata.get("station", "")).upper(), []).append(c)
        self._orders, self._instructions, self._generation = tuple(orders), wis, gen

    @property
    def orders(self) -> tuple[WorkOrder, ...]:
        self._load()
        return self._orders

    def station_instructions(self, station: str | None) -> list[Chunk]:
        """Current work-instruction chunks of ``station`` (catalog order)."""
        if not station:
            return []
        self._load()
        return list(self._instructions.get(station.upper(), ()))

    def assets_of(self, station: str | None) -> tuple[str, ...]:
        """Assets that work orders place at ``station``, most frequent first."""
        if not station:
            return ()
        counts: dict[str, int] = {}
        for w in self.orders:
            if w.station.upper() == station.upper() and w.asset:
                counts[w.asset] = counts.get(w.asset, 0) + 1
        return tuple(sorted(counts, key=lambda a: -counts[a]))

    def history(self, failure: str, station: str | None, assets: Sequence[str] = (),
                min_overlap: int = 2, cause: str = "") -> History:
        """Corrective WOs at the station/assets whose text shares ``min_overlap`` content words
        with ``failure`` (mode + cause) and one with ``cause`` if given, in the 24 months up to
        the newest work order."""
        where = " / ".join([s for s in (station,) if s] + list(assets)) or "the plant"
        scope = [w for w in self.orders if w.corrective and _at(w, station, assets)]
        until = max((w.day for w in self.orders if w.day), default=None)
        since = until - timedelta(days=HISTORY_DAYS) if until else None
        wanted = content_tokens(f"{failure} {cause}")
        because = content_tokens(cause)
        hits = [w for w in scope if len(w.tokens & wanted) >= min_overlap
                and (not because or w.tokens & because)
                and (since is None or w.day is None or w.day > since)]
        if min_overlap and hits:  # one failure, one failure code: keep the dominant one
            codes = [w.code for w in hits]
            top = max(codes, key=lambda c: (bool(c), codes.count(c)))
            hits = [w for w in hits if w.code == top]
        return History(tuple(sorted(hits, key=lambda w: w.day or date.min)), since, until, where)


def _at(order: WorkOrder, station: str | None, assets: Iterable[str]) -> bool:
    wanted = {a.upper() for a in assets}
    if order.asset.upper() in wanted:
        return True
    return bool(station) and order.station.upper() == (station or "").upper() and not wanted


@lru_cache(maxsize=4096)
def _tokens_cached(text: str) -> frozenset[str]:
    return content_tokens(text)


def tokens(text: str) -> frozenset[str]:
    """Cached ``content_tokens`` for texts seen many times (row fields)."""
    return _tokens_cached(text)
