"""What the vector index embeds for a chunk, and embedding a file's chunks cheaply.

A work-order row is embedded as its *compact text*: the words that say what happened (asset,
description, codes, failure mode, action, part, system), without the id, dates and figures,
which only BM25 and the table engine use (a vector of "WO259747 | 2016-04-06 14:00" means
nothing), truncated to what the model reads well. The chunk text itself (what BM25 indexes,
what is quoted and cited) does not change. A CMMS export repeats the same job text thousands
of times, so identical compact texts are embedded once (4,248 chiller work orders hold 312).
"""

from __future__ import annotations

import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from copilot.core.types import Chunk
from copilot.store.embedders import Embedder, Matrix

COMPACT_KINDS = frozenset({"maintenance_log"})
# ids, codes, dates and figures: exact-match material for BM25 and the table engine, noise
# to the model ("A", "PM01", "MT010b"); asset *descriptions* ("Chiller 13") stay
NOT_EMBEDDED = frozenset({
    "work_order", "date", "date_closed", "downtime_h", "labor_h", "cost", "currency",
    "priority", "running_time", "sheet", "technician", "value_errors", "doc_title",
    "effective_date", "injection", "asset", "station", "wo_type", "failure_code",
    "secondary_code", "functional_location"})
COMPACT_MAX_CHARS = 600  # ~128-150 e5 tokens; a work order says what happened before that


def vector_text(chunk: Chunk, max_chars: int = COMPACT_MAX_CHARS) -> str:
    """The text embedded for ``chunk``: the compact text of a work-order row, else its text."""
    if chunk.kind not in COMPACT_KINDS:
        return chunk.text
    words = (v.strip() for k, v in chunk.metadata.items()
             if k not in NOT_EMBEDDED and isinstance(v, str))
    compact = " | ".join(dict.fromkeys(w for w in words if w))  # each value once
    return (compact or chunk.text)[:max_chars]


@dataclass(frozen=True)
class RowProgress:
    """Embedding progress inside one file: rows whose vector is ready, and the time left."""

    source: str
    done: int
    total: int
    distinct: int  # distinct texts the file needs embedded (after the run cache)
    eta_s: float | None  # None before the first batch has been timed


RowProgressFn = Callable[[RowProgress], None]


class VectorCache:
    """Embeds texts in batches, each distinct text once per run (bounded LRU across files)."""

    def __init__(self, embedder: Embedder, batch_size: int = 64, size: int = 20_000) -> None:
        self.embedder, self.batch_size, self.size = embedder, max(1, batch_size), size
        self._cache: OrderedDict[str, Matrix] = OrderedDict()
        self.embedded = 0  # texts actually sent to the model in this run
        self.seconds = 0.0

    def rate(self) -> float | None:
        """Texts per second through the model so far; None before any measurement."""
        return self.embedded / self.seconds if self.seconds > 0 else None

    def vectors(self, texts: Sequence[str], source: str = "",
                progress: RowProgressFn | None = None) -> Matrix:
        """One L2-normalised vector per text, in order; ``progress`` after every batch."""
        rows = Counter(texts)
        todo = [t for t in rows if t not in self._cache]
        fresh: dict[str, Matrix] = {}
        done = sum(n for t, n in rows.items() if t not in todo)
        started = time.perf_counter()
        for i in range(0, len(todo), self.batch_size):
            batch = todo[i : i + self.batch_size]
            t0 = time.perf_counter()
            out = self.embedder.embed_batch(batch, query=False)
            self.seconds += time.perf_counter() - t0
            self.embedded += len(batch)
            fresh.update(zip(batch, np.asarray(out, dtype=np.float32), strict=True))
            done += sum(rows[t] for t in batch)
            if progress:
                left = len(todo) - i - len(batch)
                spent = time.perf_counter() - started
                progress(RowProgress(source, done, len(texts), len(todo),
                                     spent / (i + len(batch)) * left))
        out_rows = [fresh[t] if t in fresh else self._hit(t) for t in texts]
        for text, vec in fresh.items():
            self._put(text, vec)
        if not out_rows:
            return np.zeros((0, self.embedder.dim), np.float32)
        return np.asarray(np.vstack(out_rows), dtype=np.float32)

    def _hit(self, text: str) -> Matrix:
        self._cache.move_to_end(text)
        return self._cache[text]

    def _put(self, text: str, vec: Matrix) -> None:
        self._cache[text] = vec
        self._cache.move_to_end(text)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)
