"""Every index backend passes the product's conformance suite (as a third-party one would)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.store.embedders import Embedder
from copilot.store.index import conformance
from copilot.store.index.base import Index, Query
from copilot.store.index.conformance import IndexConformance, check_index, make_chunks
from copilot.store.index.keyword import BM25Index
from copilot.store.index.vector import VECTOR_INDEXES
from tests.fakes import HashingEmbedder, JsonVectorIndex

pytestmark = pytest.mark.integration


class TestChromaIndex(IndexConformance):
    def make_index(self, directory: Path) -> Index:
        return VECTOR_INDEXES.get("chroma")(directory / "chroma", 384)


class TestBM25sIndex(IndexConformance):
    def make_index(self, directory: Path) -> BM25Index:
        return BM25Index(directory / "bm25", engine="bm25s")


class TestRankBM25Index(IndexConformance):
    def make_index(self, directory: Path) -> BM25Index:
        return BM25Index(directory / "bm25", engine="rank-bm25")


class TestJsonVectorIndexWithFakeEmbedder(IndexConformance):
    """The stand-in third-party backend, with the hashing embedder: no model at all."""

    def make_index(self, directory: Path) -> JsonVectorIndex:
        return JsonVectorIndex(directory / "json", HashingEmbedder.dim)

    def embedder(self) -> Embedder:
        return HashingEmbedder()


@pytest.mark.unit
def test_every_check_is_a_test_of_the_pytest_class() -> None:
    tests = {name for name in vars(IndexConformance) if name.startswith("test_")}
    assert tests == {c.__name__.replace("check_", "test_", 1) for c in conformance.CHECKS}


@pytest.mark.unit
def test_check_index_runs_without_pytest_and_catches_a_broken_backend(tmp_path: Path) -> None:
    check_index(lambda d: JsonVectorIndex(d, HashingEmbedder.dim), tmp_path / "ok",
                HashingEmbedder())

    class KeepsDeleted(JsonVectorIndex):
        def delete(self, ids: object) -> None:
            """Breaks the contract: deleted ids stay searchable."""

    with pytest.raises(AssertionError):
        check_index(lambda d: KeepsDeleted(d, HashingEmbedder.dim), tmp_path / "broken",
                    HashingEmbedder())


def test_bm25_tokens_are_rebuilt_after_a_tokenizer_change(tmp_path: Path) -> None:
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
    assert again.search(Query("housing bolt torque"), 1)[0][0] == chunks[0].id
