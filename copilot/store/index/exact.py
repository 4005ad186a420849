"""Exact nearest neighbours over the embedded Chroma collection's own vectors.

Measured on the evaluation index (11,089 chunks, 5,485 of them excavator rows with 4,794
distinct texts): Chroma's HNSW graph returned only 67 % of the true 40 nearest chunks (ties
counted as found), 0 of 40 for some questions, and fetching 800 candidates instead of 40 raised
that to 69 % only: many identical row vectors leave parts of the graph unreachable. A matrix
product over every vector takes 0.2 ms per question at that size (`evals/README.md`, Session
11), so the embedded index searches exactly up to :data:`EXACT_MAX` vectors; a Chroma server
(scale-out) keeps its HNSW search.

The vectors are read once and again whenever the collection's files change (any process's
write), so a re-ingested file is never searched with its old vectors.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.store.index.base import Where

EXACT_MAX = 300_000  # vectors searched by one matrix product (about 460 MB of 384-d float32)
_PAGE = 10_000


@dataclass(frozen=True)
class _Matrix:
    key: tuple[int, int]
    ids: list[str]
    unit: npt.NDArray[np.float32]  # one unit-length row per id
    metas: list[Mapping[str, Any]]


class ExactNeighbours:
    """Cosine top-k over every stored vector, filtered like Chroma's ``where`` and scope."""

    def __init__(self, directory: Path, collection: Callable[[], Any]) -> None:
        self._files = (directory / "chroma.sqlite3", directory / "chroma.sqlite3-wal")
        self._collection = collection
        self._matrix: _Matrix | None = None
        self._lock = threading.Lock()

    def _key(self, count: int) -> tuple[int, int]:
        stamps = [f.stat().st_mtime_ns for f in self._files if f.exists()]
        return count, max(stamps, default=0)

    def _load(self, count: int) -> _Matrix:
        key = self._key(count)
        with self._lock:
            if self._matrix is not None and self._matrix.key == key:
                return self._matrix
            col = self._collection()
            ids: list[str] = []
            rows: list[Any] = []
            metas: list[Mapping[str, Any]] = []
            offset = 0
            while True:
                got = col.get(include=["embeddings", "metadatas"], limit=_PAGE, offset=offset)
                ids.extend(got["ids"])
                rows.extend(got["embeddings"] if got.get("embeddings") is not None else [])
                metas.extend(m or {} for m in (got.get("metadatas") or [{}] * len(got["ids"])))
                if len(got["ids"]) < _PAGE:
                    break
                offset += len(got["ids"])
            raw = np.asarray(rows, dtype=np.float32).reshape(len(ids), -1)
            norms = np.linalg.norm(raw, axis=1, keepdims=True)
            unit = (raw / np.where(norms > 0, norms, 1.0)).astype(np.float32)
            self._matrix = _Matrix(key, ids, unit, metas)
            return self._matrix

    def forget(self) -> None:
        """Drop the cached vectors (this process wrote)."""
        with self._lock:
            self._matrix = None

    def search(self, vector: npt.NDArray[np.float32], k: int, count: int,
               where: Where | None = None, exclude: Collection[str] = (),
               scope: AccessScope = UNRESTRICTED) -> list[tuple[str, float]]:
        """The ``k`` stored ids nearest ``vector`` (cosine similarity, best first) among those
        whose metadata matches every ``where`` item and an access label ``scope`` allows."""
        m = self._load(count)
        if not m.ids:
            return []
        q = np.asarray(vector, dtype=np.float32).ravel()
        norm = float(np.linalg.norm(q))
        sims = m.unit @ (q / norm if norm > 0 else q)
        keep = _allowed(m.metas, where, scope)
        if exclude:
            ex = set(exclude)
            keep &= np.fromiter((i not in ex for i in m.ids), bool, len(m.ids))
        sims = np.where(keep, sims, -np.inf)
        n = min(k, int(np.count_nonzero(keep)))
        if n <= 0:
            return []
        top = np.argpartition(-sims, n - 1)[:n]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(m.ids[i], float(sims[i])) for i in top]


def _allowed(metas: list[Mapping[str, Any]], where: Where | None,
             scope: AccessScope) -> npt.NDArray[np.bool_]:
    items = list((where or {}).items())
    labels = scope.labels
    return np.fromiter(
        (all(meta.get(f) == v for f, v in items)
         and (labels is None or meta.get("access") in labels) for meta in metas),
        bool, len(metas))
