"""Every index backend passes the product's conformance suite (as a third-party one would)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.glossary import concepts
from copilot.core.text import tokenize
from copilot.core.types import Chunk, Locator
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


def _wi_step(cid: str, section: str, text: str, doc: str = "WI-1") -> Chunk:
    return Chunk(id=cid, doc_id=doc, source=f"{doc}.md", kind="work_instruction", text=text,
                 locator=Locator(source=f"{doc}.md", doc_id=doc, section=section),
                 metadata={"section": section})


def test_a_step_inherits_half_of_the_words_its_section_uses(tmp_path: Path) -> None:
    """"OP10 runout gauge": the runout step of the OP10 section beats a step elsewhere that says
    "runout" alone, and beats the OP10 heading that never says "runout"."""
    idx = BM25Index(tmp_path)
    idx.upsert([
        _wi_step("a1", "OP10 press-fit", "OP10 press-fit: set up the gauge DI-10-01"),
        _wi_step("a2", "OP10 press-fit", "Measure the runout: max. 0.03 mm"),
        _wi_step("b1", "OP20 shaft", "Check the runout of the shaft", doc="WI-2"),
        *[_wi_step(f"f{i}", "Other", f"filler text number {i} about lubrication", doc="WI-3")
          for i in range(8)],
    ])
    asked = tokenize("OP10 runout gauge")
    flat = [i for i, _ in idx.search(Query("q", tokens=tuple(asked)), 3)]
    ranked = [i for i, _ in idx.search(Query("q", tokens=tuple(asked),
                                             concepts=concepts(asked)), 3)]
    assert flat.index("b1") < flat.index("a2")  # word by word, the other section's step wins
    assert ranked.index("a2") < ranked.index("b1")


def test_a_translation_counts_once_and_never_more_than_the_asked_word(tmp_path: Path) -> None:
    """An English "check" must not make a short Korean 점검 chunk outrank English steps."""
    idx = BM25Index(tmp_path)
    idx.upsert([
        _wi_step("en", "Checks", "Check the coolant flow at the chiller every shift"),
        _wi_step("ko", "점검", "점검 기록", doc="WI-KO"),
        *[_wi_step(f"f{i}", "Other", f"check item {i} on the line", doc="WI-3")
          for i in range(8)],
    ])
    asked = tokenize("check coolant flow")
    ranked = [i for i, _ in idx.search(Query("q", tokens=tuple(asked),
                                             concepts=concepts(asked)), 5)]
    assert ranked[0] == "en"
    ko_only = tokenize("점검")
    ko = idx.search(Query("q", tokens=tuple(ko_only), concepts=concepts(ko_only)), 3)
    assert ko and ko[0][0] == "ko"  # the Korean word still finds the Korean chunk
