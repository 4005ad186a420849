"""Chroma vector index: embedded PersistentClient, our own embeddings, telemetry off."""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import IndexUnavailableError
from copilot.core.plugins import Registry
from copilot.core.types import Chunk
from copilot.store.index.base import Index, Query, Where

COLLECTION = "chunks"
_BATCH = 2000  # well under Chroma's max batch size


def _where_clause(where: Where | None,
                  scope: AccessScope = UNRESTRICTED) -> dict[str, Any] | None:
    """Chroma's metadata filter: every ``where`` item, and an access label the scope allows
    (applied by Chroma inside the nearest-neighbour query, before the top k)."""
    items: list[dict[str, Any]] = [{k: {"$eq": v}} for k, v in (where or {}).items()]
    if scope.labels is not None:
        items.append({"access": {"$in": sorted(scope.labels) or [""]}})
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


class ChromaIndex:
    """Vector half of the hybrid index (implements ``Index``). Cosine distance, HNSW."""

    name = "vector"

    def __init__(self, directory: Path, dim: int) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        directory.mkdir(parents=True, exist_ok=True)
        try:
            self._client = chromadb.PersistentClient(
                path=str(directory),
                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
            )
            # embedding_function=None: Chroma must never embed (its default would fetch a model).
            self._col = self._client.get_or_create_collection(
                COLLECTION,
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "dim": dim},
            )
        except Exception as exc:
            raise IndexUnavailableError(f"cannot open the vector index at {directory}: {exc}") from exc
        stored_dim = (self._col.metadata or {}).get("dim")
        if stored_dim is not None and int(stored_dim) != dim:
            raise IndexUnavailableError(
                f"the vector index at {directory} was built with {stored_dim}-d embeddings but the "
                f"configured embedder gives {dim}-d; re-ingest into a new COPILOT_HOME"
            )
        self._lock = threading.RLock()

    def upsert(
        self, chunks: Sequence[Chunk], vectors: npt.NDArray[np.float32] | None = None
    ) -> None:
        if not chunks:
            return
        if vectors is None or len(vectors) != len(chunks):
            raise ValueError("ChromaIndex.upsert needs one vector per chunk")
        with self._lock:
            for i in range(0, len(chunks), _BATCH):
                part = chunks[i : i + _BATCH]
                self._col.upsert(
                    ids=[c.id for c in part],
                    embeddings=np.asarray(vectors[i : i + _BATCH], dtype=np.float32),
                    metadatas=[c.filter_fields() for c in part],  # type: ignore[misc]
                )

    def delete(self, ids: Collection[str]) -> None:
        ids = list(ids)
        with self._lock:
            for i in range(0, len(ids), _BATCH):
                self._col.delete(ids=ids[i : i + _BATCH])

    def search(
        self, query: Query, k: int, where: Where | None = None, exclude: Collection[str] = (),
        scope: AccessScope = UNRESTRICTED,
    ) -> list[tuple[str, float]]:
        if query.vector is None:
            raise ValueError("ChromaIndex.search needs a query vector")
        with self._lock:
            total = self._col.count()
            if total == 0 or k <= 0:
                return []
            # Dynamic exclusions (superseded revisions) are few: over-fetch by their number.
            n = min(total, k + len(exclude))
            res = self._col.query(
                query_embeddings=[np.asarray(query.vector, dtype=np.float32)],  # type: ignore[arg-type]
                n_results=n,
                where=_where_clause(where, scope),
                include=["distances"],
            )
        ids = res["ids"][0]
        dists = (res.get("distances") or [[0.0] * len(ids)])[0]
        ex = set(exclude)
        out = [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=False) if i not in ex]
        return out[:k]

    def vectors(self, ids: Collection[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The stored vectors of ``ids`` (those it holds), for scoring chunks found otherwise."""
        if not ids:
            return {}
        with self._lock:
            got = self._col.get(ids=list(ids), include=["embeddings"])  # type: ignore[list-item]
        embeddings = got.get("embeddings")
        if embeddings is None:
            return {}
        return {i: np.asarray(e, dtype=np.float32)
                for i, e in zip(got["ids"], embeddings, strict=False)}

    def ids(self) -> set[str]:
        with self._lock:
            out: set[str] = set()
            offset = 0
            while True:
                got = self._col.get(include=[], limit=10_000, offset=offset)["ids"]
                out.update(got)
                if len(got) < 10_000:
                    return out
                offset += len(got)

    def count(self) -> int:
        with self._lock:
            return int(self._col.count())

    def close(self) -> None:
        """Chroma's embedded client persists on write; nothing to flush."""


class VectorIndexFactory(Protocol):
    """Opens (creating if needed) a vector index stored in ``directory`` for ``dim``-d vectors."""

    def __call__(self, directory: Path, dim: int) -> Index: ...


def register_builtin_vector_indexes(registry: Registry[VectorIndexFactory]) -> None:
    """The vector index shipped with Floor Copilot, registered like any plugin."""
    registry.register("chroma", ChromaIndex)


VECTOR_INDEXES: Registry[VectorIndexFactory] = Registry(
    "vector index", "floor_copilot.vector_indexes", register_builtin_vector_indexes,
    setting="vector_index")
