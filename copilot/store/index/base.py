"""The Index port: a derived, rebuildable view over the catalog's chunks.

Contract (every backend passes ``copilot.store.index.conformance``, importable by third parties):
- ``upsert`` is idempotent by chunk id: writing the same id twice keeps one entry (the latest).
- ``delete`` ignores ids it does not hold.
- ``search`` returns at most ``k`` (id, score) pairs, best first, only for ids whose static fields
  equal every ``where`` item, whose ``access`` field the ``scope`` allows and that are not in
  ``exclude``. The scope is applied *before* the top k are taken (inside the backend's query),
  so a caller's k results are never k results minus the ones it may not read, and a restricted
  chunk never takes part in the ranking.
- ``ids`` returns every id held, so the pipeline can reconcile an index with the catalog after a
  crash (the catalog is the source of truth; indexes may only hold extra ids, never miss one).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.glossary import Concept
from copilot.core.types import Chunk, Scalar

Where = Mapping[str, Scalar]
@dataclass(frozen=True)
class Query:
    """A search request as the indexes see it (the vector is computed once, upstream)."""

    text: str
    tokens: tuple[str, ...] = ()
    vector: npt.NDArray[np.float32] | None = None
    # keyword indexes that can score word by word use these instead of ``tokens``
    concepts: tuple[Concept, ...] = ()


@runtime_checkable
class Index(Protocol):
    name: str

    def upsert(
        self, chunks: Sequence[Chunk], vectors: npt.NDArray[np.float32] | None = None
    ) -> None:
        """Add or replace chunks (vector indexes need ``vectors``, one row per chunk)."""

    def delete(self, ids: Collection[str]) -> None:
        """Remove ids; unknown ids are ignored."""

    def search(
        self, query: Query, k: int, where: Where | None = None, exclude: Collection[str] = (),
        scope: AccessScope = UNRESTRICTED,
    ) -> list[tuple[str, float]]:
        """Top-k ids with scores, best first, among the chunks ``scope`` may read."""

    def ids(self) -> set[str]:
        """Every id held."""

    def count(self) -> int:
        """Number of chunks held."""

    def close(self) -> None:
        """Flush and release files."""
