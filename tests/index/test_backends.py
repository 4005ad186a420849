"""Both index backends pass the same conformance suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.store.index.keyword import BM25Index
from copilot.store.index.vector import ChromaIndex
from tests.index.conformance import IndexConformance

pytestmark = pytest.mark.integration


class TestChromaIndex(IndexConformance):
    @staticmethod
    def make_index(tmp_path: Path) -> ChromaIndex:  # type: ignore[override]
        return ChromaIndex(tmp_path / "chroma", dim=384)


class TestBM25sIndex(IndexConformance):
    @staticmethod
    def make_index(tmp_path: Path) -> BM25Index:  # type: ignore[override]
        return BM25Index(tmp_path / "bm25", engine="bm25s")


class TestRankBM25Index(IndexConformance):
    @staticmethod
    def make_index(tmp_path: Path) -> BM25Index:  # type: ignore[override]
        return BM25Index(tmp_path / "bm25", engine="rank-bm25")


def test_bm25_tokens_are_rebuilt_after_a_tokenizer_change(tmp_path: Path) -> None:
    from tests.index.conformance import make_chunks

    chunks = make_chunks()
    index = BM25Index(tmp_path / "bm25")
    index.upsert(chunks)
    assert not index.tokens_stale()
    index._db.execute("UPDATE meta SET value='0' WHERE key='tokenizer'")
    index._db.execute("UPDATE docs SET tokens='stale'")
    index._db.commit()
    index.close()
    again = BM25Index(tmp_path / "bm25")
    assert again.tokens_stale()
    again.retokenize([chunks])
    assert not again.tokens_stale()
    from copilot.store.index.base import Query

    assert again.search(Query("housing bolt torque"), 1)[0][0] == chunks[0].id
