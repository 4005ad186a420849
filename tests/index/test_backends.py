"""Both index backends pass the same conformance suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.index.keyword import BM25Index
from copilot.index.vector import ChromaIndex
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
