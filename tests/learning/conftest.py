"""One ingested copy of the sample plant for all learning tests (module-independent, session-wide).

Briefings and quizzes read only the catalog, never vectors, so the index is built with a small
deterministic embedder implementing the real port (the real one costs ~2 min on this corpus);
the revision-change test uses the real e5 embedder on a small plant.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder, Matrix
from tests.conftest import SAMPLE_DOCS


class HashEmbedder(Embedder):
    """Bag-of-hashed-words vectors: deterministic, instant, L2-normalised."""

    name = "test-hash"
    dim = 64

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.maximum(norms, 1e-9), dtype=np.float32)


@pytest.fixture(scope="session")
def plant_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("learn-plant") / "sample_docs"
    shutil.copytree(SAMPLE_DOCS, root)
    return root


@pytest.fixture(scope="session")
def plant(tmp_path_factory: pytest.TempPathFactory, plant_dir: Path) -> Iterator[Copilot]:
    """The whole sample plant ingested once (read-only for tests: they must not ingest into it)."""
    home = tmp_path_factory.mktemp("learn-home")
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=HashEmbedder())
    report = app.ingest([plant_dir])
    assert report.errors == []
    yield app
    app.close()
