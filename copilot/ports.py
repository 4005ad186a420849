"""Narrow ports the features (learning, PFMEA, the UI's source panel) receive from the service.

The service is the composition root: it builds ``Learning``, ``PfmeaAssistant`` and the UI's
look-ups from these, never handing them itself. ``Retriever`` lives in ``copilot.retrieval``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from copilot.core.access import AccessScope
from copilot.core.types import Chunk
from copilot.generation.base import Generator

# The configured model, loaded on first call (a feature that never generates never loads it).
GeneratorFactory = Callable[[], Generator]


class CatalogReader(Protocol):
    """Read-only view of the catalog: documents and chunks of the current index."""

    def generation(self) -> int:
        """A number that changes whenever an ingest or removal changes the catalog."""
        ...

    def documents(self) -> list[dict[str, Any]]:
        """Indexed documents (source, doc_id, kind, revision, status, chunk count)."""
        ...

    def path_for_source(self, source: str) -> str | None: ...

    def get_chunks(self, ids: Sequence[str]) -> dict[str, Chunk]: ...

    def chunks_of(self, path: str) -> list[Chunk]:
        """The chunks of one file, in document order."""
        ...

    def iter_chunks(self, batch: int = 1000) -> Iterable[list[Chunk]]: ...

    def superseded_chunk_ids(self) -> frozenset[str]:
        """Chunks that are not current (superseded, or pending approval)."""
        ...


# The current catalog (the service reopens it after ``close``, so features ask each time).
CatalogSource = Callable[[], CatalogReader]
# The current catalog as a caller with this access scope may read it (every read filtered).
ScopedCatalogSource = Callable[[AccessScope], CatalogReader]
