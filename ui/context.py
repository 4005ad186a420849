"""Read-only look-ups the source panel and filters need, over the catalog's read-only port.

A cited chunk is shown *in context*: for a work-instruction step, the steps around it in the
same file (same revision); for a PFMEA row or a work order, the record itself with its document.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copilot.core.types import Chunk
    from copilot.ports import CatalogReader, CatalogSource

NEIGHBOURS = 2  # steps shown before and after a cited work-instruction step


@dataclass(frozen=True)
class SourceContext:
    """A cited chunk, its neighbours in the same file, and its document's catalog row."""

    chunk: Chunk
    before: tuple[Chunk, ...] = ()
    after: tuple[Chunk, ...] = ()
    document: Mapping[str, Any] = field(default_factory=dict)


def load_context(catalog: CatalogReader, chunk_id: str,
                 window: int = NEIGHBOURS) -> SourceContext | None:
    """The chunk with its surroundings, or None if it left the index since it was cited."""
    chunk = catalog.get_chunks([chunk_id]).get(chunk_id)
    if chunk is None:
        return None
    document = next((d for d in catalog.documents() if d["source"] == chunk.source), {})
    if chunk.kind != "work_instruction":
        return SourceContext(chunk, document=document)
    path = catalog.path_for_source(chunk.source)
    siblings = catalog.chunks_of(path) if path else [chunk]
    ids = [c.id for c in siblings]
    if chunk.id not in ids:
        return SourceContext(chunk, document=document)
    i = ids.index(chunk.id)
    return SourceContext(chunk, tuple(siblings[max(0, i - window):i]),
                         tuple(siblings[i + 1:i + 1 + window]), document)


@dataclass(frozen=True)
class Facets:
    """Values offered in the station / asset filters."""

    stations: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()


class FacetCache:
    """Distinct station/asset values of the indexed chunks, recomputed when the catalog changes."""

    def __init__(self, catalog: CatalogSource) -> None:
        self._catalog = catalog
        self._lock = threading.Lock()
        self._cached: tuple[int, Facets] | None = None

    def get(self) -> Facets:
        """Current facets (a catalog scan only after an ingest or removal)."""
        catalog = self._catalog()
        generation = catalog.generation()
        with self._lock:
            if self._cached is not None and self._cached[0] == generation:
                return self._cached[1]
            stations: set[str] = set()
            assets: set[str] = set()
            for batch in catalog.iter_chunks():
                for chunk in batch:
                    _add(stations, chunk.metadata.get("station"))
                    _add(assets, chunk.metadata.get("asset"))
            facets = Facets(tuple(sorted(stations)), tuple(sorted(assets)))
            self._cached = (generation, facets)
            return facets


def _add(values: set[str], value: object) -> None:
    if isinstance(value, str) and value.strip():
        values.add(value.strip().upper())
