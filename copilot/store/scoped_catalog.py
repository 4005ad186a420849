"""The catalog as one caller may read it (a ``CatalogReader`` bound to an access scope)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from copilot.core.access import AccessScope
from copilot.core.types import Chunk
from copilot.store.catalog import Catalog


class ScopedCatalog:
    """The catalog as one caller may read it: a ``CatalogReader`` whose every read (documents,
    chunks, file look-ups) is filtered by ``scope`` inside the SQL. Features (learning, PFMEA,
    the source viewer) are handed this view and never see what the caller may not read."""

    def __init__(self, catalog: Catalog, scope: AccessScope) -> None:
        self.catalog, self.scope = catalog, scope

    def generation(self) -> int:
        return self.catalog.generation()

    def documents(self) -> list[dict[str, Any]]:
        return self.catalog.documents(self.scope)

    def path_for_source(self, source: str) -> str | None:
        return self.catalog.path_for_source(source, self.scope)

    def get_chunks(self, ids: Sequence[str]) -> dict[str, Chunk]:
        return self.catalog.get_chunks(ids, self.scope)

    def chunks_of(self, path: str) -> list[Chunk]:
        return self.catalog.chunks_of(path, self.scope)

    def iter_chunks(self, batch: int = 1000) -> Iterable[list[Chunk]]:
        return self.catalog.iter_chunks(batch, self.scope)

    def superseded_chunk_ids(self) -> frozenset[str]:
        """Chunks that are not current: superseded, or pending approval."""
        return self.catalog.superseded_chunk_ids() | self.catalog.pending_chunk_ids()
