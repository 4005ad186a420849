"""The rerank step: every candidate of the first fusion gets its real vector similarity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from copilot.core.settings import load_settings
from copilot.retrieval.hybrid import VectorLookup
from copilot.service import Copilot
from tests.fakes import HashingEmbedder

QUESTION = "which gauge checks the seating gap"


@pytest.fixture
def logbook(tmp_path: Path) -> Iterator[Copilot]:
    """80 short notes that share the question's vector-friendly words, and one long step that
    BM25 ranks first (it says "gauge" and "seating") but whose vector is diluted by many words."""
    docs = tmp_path / "docs"
    docs.mkdir()
    notes = "\n\n".join(f"## Note {i}\n\nWhich checks: the gap {i} of the part." for i in range(80))
    long_step = " ".join(f"filler{i}" for i in range(60))
    (docs / "notes.md").write_text(f"# Notes\n\n{notes}\n\n## Seating\n\nFeeler gauge FG-1 for "
                                   f"the seating: {long_step}\n", encoding="utf-8")
    app = Copilot(load_settings(env={"COPILOT_HOME": str(tmp_path / "home")}),
                  embedder=HashingEmbedder())
    assert app.ingest([docs]).errors == []
    yield app
    app.close()


def test_every_hit_has_its_true_vector_similarity(logbook: Copilot) -> None:
    retriever = logbook.retriever
    assert isinstance(retriever.vector, VectorLookup)
    hits = retriever.search(QUESTION, 5).hits
    step = next(h for h in hits if "FG-1" in h.chunk.text)
    assert "bm25" in step.signals
    q = logbook.embedder.embed_query(QUESTION).reshape(-1)
    for h in hits:
        assert "vector" in h.signals, h.chunk.locator
        v = logbook.embedder.embed_documents([h.chunk.text])[0]
        assert h.signals["vector"] == pytest.approx(float(np.dot(q, v)), abs=1e-4)


class _SearchOnly:
    """The same vector index without the stored-vector lookup (a backend that lacks it)."""

    def __init__(self, inner: Any) -> None:
        self._inner, self.name = inner, inner.name

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._inner.search(*args, **kwargs)


def test_without_the_lookup_the_step_has_no_vector_signal(logbook: Copilot,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture really puts the step below the vector index's own top n (so the first test
    checks the rerank, not the vector search)."""
    monkeypatch.setattr(logbook.retriever, "vector", _SearchOnly(logbook.retriever.vector))
    step = next(h for h in logbook.retriever.search(QUESTION, 5).hits if "FG-1" in h.chunk.text)
    assert "vector" not in step.signals
