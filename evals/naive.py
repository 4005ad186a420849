"""The naive peer baseline, computed in the same eval run: fixed-size chunks + RRF + top-3 quotes.

What a plain chunk-and-quote RAG (the peers' default set-up) does with the same files: every
indexed file's text (raw text for text formats, the converter's text otherwise) cut into
1,000-character windows with 200 characters of overlap, BM25 and the same embedder fused by
reciprocal rank (k=60), and the answer is the top 3 windows quoted verbatim. It never abstains,
never routes to a table and knows nothing of revisions. Window vectors are cached under
``$COPILOT_HOME/evals-naive/`` (keyed by the windows' text and the embedder), so the baseline
costs one embedding pass per corpus, not per run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rank_bm25 import BM25Okapi

from copilot.core.text import tokenize
from copilot.store.catalog import Catalog
from copilot.store.embedders import Embedder

SIZE, OVERLAP, TOP_QUOTES, RRF_K, POOL = 1000, 200, 3, 60, 50
RAW_TEXT = {".csv", ".txt", ".md", ".json", ".tsv"}


def file_text(catalog: Catalog, path: str) -> str:
    """A file's text as a plain chunker sees it: the raw text, or the converter's text."""
    p = Path(path)
    if p.suffix.lower() in RAW_TEXT and p.is_file():
        return p.read_bytes().decode("utf-8", errors="replace")
    return "\n\n".join(c.text for c in catalog.chunks_of(path))


def windows(text: str, size: int = SIZE, overlap: int = OVERLAP) -> list[str]:
    step = size - overlap
    return [text[i : i + size] for i in range(0, max(len(text) - overlap, 1), step)
            if text[i : i + size].strip()]


@dataclass(frozen=True)
class NaiveHit:
    rank: int
    text: str
    source: str


class NaiveBaseline:
    """Fixed windows over every indexed file; search = BM25 + vector fused by RRF."""

    def __init__(self, catalog: Catalog, embedder: Embedder, cache_dir: Path) -> None:
        self._texts: list[str] = []
        self._sources: list[str] = []
        for path in sorted(catalog.file_paths()):
            for w in windows(file_text(catalog, path)):
                self._texts.append(w)
                self._sources.append(Path(path).name)
        self._bm25 = BM25Okapi([tokenize(t) or ["_"] for t in self._texts])
        self._embedder = embedder
        self._vectors = self._embed(cache_dir)

    def __len__(self) -> int:
        return len(self._texts)

    def _embed(self, cache_dir: Path) -> npt.NDArray[np.float32]:
        digest = hashlib.sha256(self._embedder.name.encode())
        for t in self._texts:
            digest.update(t.encode("utf-8", errors="replace"))
        cache = cache_dir / f"{digest.hexdigest()[:24]}.npy"
        if cache.is_file():
            return np.asarray(np.load(cache), dtype=np.float32)
        vecs = np.asarray(self._embedder.embed_documents(self._texts), dtype=np.float32)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(cache, vecs)
        return vecs

    def search(self, question: str, k: int = 10) -> list[NaiveHit]:
        scores = self._bm25.get_scores(tokenize(question) or ["_"])
        by_bm25 = np.argsort(-scores)[:POOL]
        q = np.asarray(self._embedder.embed_query(question), dtype=np.float32).reshape(-1)
        by_vec = np.argsort(-(self._vectors @ q))[:POOL]
        fused: dict[int, float] = {}
        for ranked in (by_bm25, by_vec):
            for r, i in enumerate(ranked):
                fused[int(i)] = fused.get(int(i), 0.0) + 1.0 / (RRF_K + r + 1)
        top = sorted(fused, key=lambda i: -fused[i])[:k]
        return [NaiveHit(r, self._texts[i], self._sources[i]) for r, i in enumerate(top, 1)]

    def answer(self, hits: Sequence[NaiveHit]) -> dict[str, Any]:
        """The baseline's reply in the CLI/API answer shape: the top windows, quoted."""
        top = hits[:TOP_QUOTES]
        return {"answer": "\n\n".join(h.text for h in top), "abstained": False,
                "extractive": True, "route": "documents", "citations": [],
                "timings_ms": {}}
