"""Reusable conformance suite: every Index backend subclasses ``IndexConformance``."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from copilot.core.types import Chunk, Locator, content_id
from copilot.store.embedders import Embedder
from copilot.store.index.base import Index, Query

TEXTS = [
    ("Tighten the M8 housing bolts to 25 Nm in a star pattern", "OP30", "work_instruction"),
    ("Spindle bearing temperature above 70 C: check chiller CHL-01 flow", "OP20", "work_instruction"),
    ("Failure mode: bearing cocked during press-fit | S: 8 | O: 3 | D: 4", "OP10", "pfmea"),
    ("WO-24-00017 PRS-02 L/H BRG HOT SPDL 2 regreased", "OP20", "maintenance_log"),
    ("Leak test at 2.0 bar, reject above 3.0 cc/min", "OP40", "work_instruction"),
    ("스핀들 베어링 과열 알람 - 그리스 보충 후 정상", "OP20", "maintenance_log"),
]


def make_chunks() -> list[Chunk]:
    out = []
    for i, (text, station, kind) in enumerate(TEXTS):
        out.append(Chunk(id=content_id("t", i, text), text=text, kind=kind,  # type: ignore[arg-type]
                         doc_id=f"DOC-{i}", source=f"doc{i}.md",
                         locator=Locator(source=f"doc{i}.md", step=str(i)),
                         language="ko" if i == 5 else "en", metadata={"station": station}))
    return out


class IndexConformance:
    """Subclasses provide ``make_index(tmp_path)``; vectors come from the real embedder."""

    make_index: Callable[..., Index]

    @pytest.fixture
    def index(self, tmp_path: Path) -> Index:
        return self.make_index(tmp_path)

    def _vectors(self, embedder: Embedder, chunks: list[Chunk]) -> np.ndarray:
        return embedder.embed_documents([c.text for c in chunks])

    def _query(self, embedder: Embedder, text: str) -> Query:
        from copilot.core.text import tokenize

        return Query(text, tuple(tokenize(text)), embedder.embed_query(text))

    def _fill(self, index: Index, embedder: Embedder) -> list[Chunk]:
        chunks = make_chunks()
        index.upsert(chunks, self._vectors(embedder, chunks))
        return chunks

    def test_is_an_index(self, index: Index) -> None:
        assert isinstance(index, Index)

    def test_empty_index_returns_nothing(self, index: Index, embedder: Embedder) -> None:
        assert index.search(self._query(embedder, "bolt torque"), 5) == []
        assert index.count() == 0

    def test_upsert_is_idempotent(self, index: Index, embedder: Embedder) -> None:
        chunks = self._fill(index, embedder)
        index.upsert(chunks, self._vectors(embedder, chunks))
        assert index.count() == len(chunks)
        assert index.ids() == {c.id for c in chunks}

    def test_finds_the_relevant_chunk_first(self, index: Index, embedder: Embedder) -> None:
        chunks = self._fill(index, embedder)
        hits = index.search(self._query(embedder, "housing bolt torque M8"), 3)
        assert hits[0][0] == chunks[0].id
        assert all(a[1] >= b[1] for a, b in itertools.pairwise(hits))

    def test_k_limits_results(self, index: Index, embedder: Embedder) -> None:
        self._fill(index, embedder)
        assert len(index.search(self._query(embedder, "bearing spindle OP20 bolt"), 2)) <= 2

    def test_where_filters_on_static_fields(self, index: Index, embedder: Embedder) -> None:
        chunks = self._fill(index, embedder)
        hits = index.search(self._query(embedder, "bearing"), 10, where={"station": "OP20"})
        assert hits
        by_id = {c.id: c for c in chunks}
        assert all(by_id[i].metadata["station"] == "OP20" for i, _ in hits)
        hits = index.search(self._query(embedder, "bearing"), 10,
                            where={"station": "OP20", "kind": "maintenance_log"})
        assert hits and all(by_id[i].kind == "maintenance_log" for i, _ in hits)

    def test_exclude_drops_ids(self, index: Index, embedder: Embedder) -> None:
        chunks = self._fill(index, embedder)
        hits = index.search(self._query(embedder, "housing bolt torque M8"), 3,
                            exclude={chunks[0].id})
        assert chunks[0].id not in [i for i, _ in hits]

    def test_delete_removes_and_ignores_unknown(self, index: Index, embedder: Embedder) -> None:
        chunks = self._fill(index, embedder)
        index.delete({chunks[0].id, "no-such-id"})
        assert chunks[0].id not in index.ids()
        assert index.count() == len(chunks) - 1
        hits = index.search(self._query(embedder, "housing bolt torque M8"), 10)
        assert chunks[0].id not in [i for i, _ in hits]

    def test_korean_query_finds_korean_chunk(self, index: Index, embedder: Embedder) -> None:
        chunks = self._fill(index, embedder)
        hits = index.search(self._query(embedder, "스핀들 베어링이 과열되면"), 2)
        assert chunks[5].id in [i for i, _ in hits]

    def test_persists_across_reopen(self, tmp_path: Path, embedder: Embedder) -> None:
        index = self.make_index(tmp_path)
        chunks = self._fill(index, embedder)
        index.close()
        again = self.make_index(tmp_path)
        assert again.ids() == {c.id for c in chunks}
        assert again.search(self._query(embedder, "leak test pressure"), 1)[0][0] == chunks[4].id
