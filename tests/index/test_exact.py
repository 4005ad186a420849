"""The embedded vector index searches exactly: the true nearest chunks among many identical
rows (where Chroma's HNSW graph lost neighbours), with the same filters, and fresh after any
process writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.core.access import AccessScope
from copilot.core.types import Chunk, Locator
from copilot.store.index.base import Query
from copilot.store.index.vector import ChromaIndex

pytestmark = pytest.mark.integration

DIM = 16


def _chunks(n: int, access: str = "everyone") -> list[Chunk]:
    return [Chunk(id=f"c{i}", text=f"row {i}", kind="maintenance_log", doc_id=f"D{i % 3}",
                  source="log.csv", locator=Locator(source="log.csv", row=i), access=access)
            for i in range(n)]


def _vectors(n: int, seed: int) -> np.ndarray:
    """Half the rows repeat one of 10 vectors, as a work-order log repeats its texts (Chroma's
    HNSW found about a third of the true neighbours in such a collection)."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(10, DIM)).astype(np.float32)
    return np.vstack([np.repeat(base, n // 20, axis=0),
                      rng.normal(size=(n - n // 2, DIM)).astype(np.float32)])


def _sims(vectors: np.ndarray, q: np.ndarray) -> np.ndarray:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit @ (q / np.linalg.norm(q))


def _exact(vectors: np.ndarray, q: np.ndarray, k: int, allowed: list[int]) -> list[float]:
    """The k best similarities (identical rows tie: any of them is a right answer)."""
    sims = _sims(vectors, q)
    return sorted((float(sims[i]) for i in allowed), reverse=True)[:k]


def _got(vectors: np.ndarray, q: np.ndarray, hits: list[tuple[str, float]]) -> list[float]:
    sims = _sims(vectors, q)
    return [float(sims[int(i[1:])]) for i, _ in hits]


def test_search_is_exact_filtered_and_sees_other_writers(tmp_path: Path) -> None:
    index = ChromaIndex(tmp_path / "v", DIM)
    vectors = _vectors(2000, 1)
    chunks = _chunks(2000)
    index.upsert(chunks, vectors)
    rng = np.random.default_rng(2)
    for _ in range(5):
        q = rng.normal(size=DIM).astype(np.float32)
        got = _got(vectors, q, index.search(Query("", vector=q), 20))
        assert got == pytest.approx(_exact(vectors, q, 20, list(range(2000))), abs=1e-5)
        hits = index.search(Query("", vector=q), 10, where={"doc_id": "D1"}, exclude={"c1"})
        assert all(int(i[1:]) % 3 == 1 and i != "c1" for i, _ in hits)
        allowed = [i for i in range(2000) if i % 3 == 1 and i != 1]
        assert _got(vectors, q, hits) == pytest.approx(_exact(vectors, q, 10, allowed), abs=1e-5)
    assert index.search(Query("", vector=vectors[0]), 5, scope=AccessScope(frozenset({"qa"}))) == []
    # another process (another client on the same folder) adds a near-copy of row 0
    other = ChromaIndex(tmp_path / "v", DIM)
    extra = replace_id(_chunks(1, access="qa")[0], "new")
    other.upsert([extra], vectors[:1] * 1.0001)
    got = [i for i, _ in index.search(Query("", vector=vectors[0]), 2, scope=AccessScope(
        frozenset({"qa"})))]
    assert got == ["new"]


def replace_id(chunk: Chunk, new: str) -> Chunk:
    from dataclasses import replace

    return replace(chunk, id=new)
