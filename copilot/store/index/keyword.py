"""Persisted BM25 keyword index with pluggable scoring engines (bm25s, rank-bm25).

Storage: a small SQLite file holds (id, tokens, static fields) - durable and transactional.
The scoring matrix is derived: built lazily from the stored tokens and cached on disk keyed by a
generation counter, so a crash can never leave a half-written BM25 index behind.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.glossary import Concept, translations
from copilot.core.plugins import Registry
from copilot.core.text import TOKENIZER_VERSION, tokenize
from copilot.core.types import Chunk
from copilot.store.index.base import Query, Where

Scores = npt.NDArray[np.float32]


class KeywordEngine(ABC):
    """Scores every document of a fixed corpus for a tokenized query."""

    name = "engine"

    @abstractmethod
    def scores(self, query_tokens: Sequence[str]) -> Scores:
        """One BM25 score per corpus document (0 where nothing matches)."""

    def save(self, path: Path) -> bool:
        """Persist the built engine (optional); True if saved."""
        return False

    def vocabulary(self) -> Collection[str]:
        """Every token of the corpus (for 'does the plant use this word at all' checks)."""
        return ()


class Bm25sEngine(KeywordEngine):
    """bm25s: sparse-matrix BM25 (Lucene variant), ~ms per query at 100k docs."""

    name = "bm25s"

    def __init__(self, corpus: Sequence[Sequence[str]] | None, cache: Path | None = None) -> None:
        import bm25s

        if cache is not None:
            self._bm = bm25s.BM25.load(str(cache), load_corpus=False)
        else:
            self._bm = bm25s.BM25()
            # bm25s rejects an empty vocabulary; a placeholder keeps the shapes valid.
            docs = [list(d) or ["\x00"] for d in (corpus or [])]
            self._bm.index(docs, show_progress=False)
        self._vocab: dict[str, int] = self._bm.vocab_dict

    def scores(self, query_tokens: Sequence[str]) -> Scores:
        known = [t for t in query_tokens if t in self._vocab]
        if not known:
            return np.zeros(self._bm.scores["num_docs"], np.float32)
        return np.asarray(self._bm.get_scores(known), dtype=np.float32)

    def save(self, path: Path) -> bool:
        self._bm.save(str(path))
        return True

    def vocabulary(self) -> Collection[str]:
        return self._vocab.keys()


class RankBm25Engine(KeywordEngine):
    """rank-bm25 (Okapi), the card's choice: pure Python, slower at scale (see evals/bench)."""

    name = "rank-bm25"

    def __init__(self, corpus: Sequence[Sequence[str]] | None, cache: Path | None = None) -> None:
        from rank_bm25 import BM25Okapi

        class _LuceneIdfOkapi(BM25Okapi):  # type: ignore[misc]
            """Okapi with Lucene's always-positive IDF (plain Okapi zeroes common terms)."""

            def _calc_idf(self, nd: dict[str, int]) -> None:
                n = self.corpus_size
                self.idf = {w: float(np.log(1 + (n - f + 0.5) / (f + 0.5))) for w, f in nd.items()}

        docs = [list(d) or ["\x00"] for d in (corpus or [])]
        self._bm = _LuceneIdfOkapi(docs) if docs else None

    def vocabulary(self) -> Collection[str]:
        return () if self._bm is None else self._bm.idf.keys()

    def scores(self, query_tokens: Sequence[str]) -> Scores:
        if self._bm is None:
            return np.zeros(0, np.float32)
        return np.asarray(self._bm.get_scores(list(query_tokens)), dtype=np.float32)


def concept_scores(engine: KeywordEngine, asked: Sequence[Concept],
                   groups: npt.NDArray[np.int64] | None = None,
                   inherit: float = 0.5) -> Scores:
    """BM25 summed over concepts, each scored by its best form: the asked word, or a glossary
    translation capped at the asked word's best score when the corpus has that word.

    ``groups`` numbers each chunk's section (-1: none): a step that lacks a word its own section
    uses still gets ``inherit`` of that word's best score in the section, so "OP10 runout check
    gauge" finds the runout step of the OP10 instruction although "OP10" and "gauge" are in its
    heading and its neighbours (the way a reader takes a step in its context)."""
    total: Scores | None = None
    cache: dict[tuple[str, ...], Scores] = {}

    def score(tokens: tuple[str, ...]) -> Scores:
        if tokens not in cache:
            cache[tokens] = engine.scores(list(tokens))
        return cache[tokens]

    for c in asked:
        best = score((c.token,))
        cap = float(best.max()) if best.size else 0.0
        for form in c.translations:
            other = score(form)
            best = np.maximum(best, np.minimum(other, cap) if cap > 0 else other)
        if groups is not None and inherit > 0 and best.size == groups.size:
            best = best + inherit * (_group_max(best, groups) - best)
        total = best.copy() if total is None else total + best
    return total if total is not None else engine.scores([])


def _group_max(values: Scores, groups: npt.NDArray[np.int64]) -> Scores:
    """Each element's group maximum (itself where its group is -1)."""
    inside = groups >= 0
    if not inside.any():
        return values
    top = np.zeros(int(groups.max()) + 1, dtype=values.dtype)
    np.maximum.at(top, groups[inside], values[inside])
    out = values.copy()
    out[inside] = top[groups[inside]]
    return out


def section_groups(fields: Sequence[Mapping[str, Any]]) -> npt.NDArray[np.int64]:
    """A number per (document, section) for chunks that belong to a section, else -1."""
    numbers: dict[tuple[str, str], int] = {}
    out = np.full(len(fields), -1, dtype=np.int64)
    for i, f in enumerate(fields):
        section = f.get("section")
        if isinstance(section, str) and section:
            out[i] = numbers.setdefault((str(f.get("doc_id")), section), len(numbers))
    return out


class _EmptyEngine(KeywordEngine):
    def scores(self, query_tokens: Sequence[str]) -> Scores:
        return np.zeros(0, np.float32)


class EngineFactory(Protocol):
    """Builds an engine over ``corpus`` (token lists), or reloads the one saved at ``cache``."""

    def __call__(self, corpus: Sequence[Sequence[str]] | None,
                 cache: Path | None = None) -> KeywordEngine: ...


def register_builtin_keyword_engines(registry: Registry[EngineFactory]) -> None:
    """The BM25 engines shipped with Floor Copilot, registered like any plugin."""
    registry.register("bm25s", Bm25sEngine)
    registry.register("rank-bm25", RankBm25Engine)


KEYWORD_ENGINES: Registry[EngineFactory] = Registry(
    "keyword engine", "floor_copilot.keyword_engines", register_builtin_keyword_engines,
    setting="keyword_engine")

BUSY_SECONDS = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, tokens TEXT NOT NULL, fields TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class BM25Index:
    """Keyword half of the hybrid index (implements ``Index``)."""

    name = "bm25"

    def __init__(self, directory: Path, engine: str = "bm25s") -> None:
        self._factory = KEYWORD_ENGINES.get(engine)  # ConfigError naming the choices
        self._dir = directory
        self._engine_name = engine
        directory.mkdir(parents=True, exist_ok=True)
        # WAL + a busy wait: API workers read while an ingesting process writes.
        self._db = sqlite3.connect(directory / "bm25.sqlite", timeout=BUSY_SECONDS,
                                   check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._loaded_gen = -1
        self._ids: list[str] = []
        self._fields: list[dict[str, Any]] = []
        self._engine: KeywordEngine | None = None
        self._columns: dict[str, npt.NDArray[Any]] = {}
        self._groups: npt.NDArray[np.int64] | None = None

    def tokens_stale(self) -> bool:
        """True when stored tokens were made by another tokenizer version (re-upsert them)."""
        row = self._db.execute("SELECT value FROM meta WHERE key='tokenizer'").fetchone()
        return self.count() > 0 and (row is None or row[0] != TOKENIZER_VERSION)

    def _stamp_tokenizer(self) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('tokenizer', ?)",
                         (TOKENIZER_VERSION,))

    # -- writes -------------------------------------------------------------------------------
    def _bump(self) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def upsert(self, chunks: Sequence[Chunk], vectors: Any = None) -> None:
        if not chunks:
            return
        rows = [(c.id, "\x1f".join(tokenize(c.text)), json.dumps(c.filter_fields(),
                 ensure_ascii=False)) for c in chunks]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO docs(id, tokens, fields) VALUES (?,?,?)",
                                 rows)
            if self.count() == len(rows):
                self._stamp_tokenizer()
            self._bump()

    def retokenize(self, batches: Iterable[Sequence[Chunk]]) -> None:
        """Rebuild every stored token list (after a tokenizer change) from the chunks' text."""
        for batch in batches:
            self.upsert(batch)
        with self._lock, self._db:
            self._stamp_tokenizer()
            self._bump()

    def delete(self, ids: Collection[str]) -> None:
        if not ids:
            return
        with self._lock, self._db:
            self._db.executemany("DELETE FROM docs WHERE id = ?", [(i,) for i in ids])
            self._bump()

    # -- reads --------------------------------------------------------------------------------
    def _generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def _snapshot(self) -> tuple[int, list[tuple[str, str, str]]]:
        """The generation and the rows it counts, read in one transaction: another process
        writing in between can never pair one generation with another's rows."""
        own = not self._db.in_transaction
        if own:
            self._db.execute("BEGIN")
        try:
            return self._generation(), self._db.execute(
                "SELECT id, tokens, fields FROM docs ORDER BY id").fetchall()
        finally:
            if own:
                self._db.execute("COMMIT")

    def _ensure_loaded(self) -> None:
        """Reload when the stored generation moved: a write by this or any other process (API
        workers share the file and pick up an ingesting worker's new chunks on their next
        search)."""
        gen = self._generation()
        if gen == self._loaded_gen and self._engine is not None:
            return
        gen, rows = self._snapshot()
        self._ids = [r[0] for r in rows]
        self._fields = [json.loads(r[2]) for r in rows]
        self._columns = {}
        self._groups = None
        if not rows:
            self._engine, self._loaded_gen = _EmptyEngine(), gen
            return
        self._engine = self._cached_engine(gen, len(rows)) or self._built_engine(gen, rows)
        self._loaded_gen = gen

    def _sections(self) -> npt.NDArray[np.int64]:
        if self._groups is None or self._groups.size != len(self._ids):
            self._groups = section_groups(self._fields)
        return self._groups

    def _cache(self, gen: int | str) -> Path:
        return self._dir / f"bm25-{self._engine_name}-cache-{gen}"

    def _cached_engine(self, gen: int, n: int) -> KeywordEngine | None:
        """The engine saved for ``gen`` (by any process), if it is there and whole."""
        if not self._cache(gen).is_dir():
            return None
        try:
            engine = self._factory(None, cache=self._cache(gen))
            return engine if len(engine.scores(())) == n else None
        except Exception:  # a damaged cache is rebuilt from the durable tokens
            return None

    def _built_engine(self, gen: int, rows: Sequence[tuple[str, str, str]]) -> KeywordEngine:
        """Built from the stored tokens, then saved under a private name and renamed into place
        (a directory rename is atomic: readers see a whole cache or none)."""
        engine = self._factory([r[1].split("\x1f") if r[1] else [] for r in rows])
        tmp = self._dir / f".bm25-tmp-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        if engine.save(tmp):
            try:
                tmp.rename(self._cache(gen))
            except OSError:  # another process saved this generation first
                shutil.rmtree(tmp, ignore_errors=True)
            for old in self._dir.glob(f"bm25-{self._engine_name}-cache*"):
                if old != self._cache(gen):  # older generations; a reader still loading one
                    shutil.rmtree(old, ignore_errors=True)  # falls back to building
        return engine

    def _column(self, key: str) -> npt.NDArray[Any]:
        col = self._columns.get(key)
        if col is None:
            col = np.array([f.get(key) for f in self._fields], dtype=object)
            self._columns[key] = col
        return col

    def _mask(self, where: Where | None, exclude: Collection[str],
              scope: AccessScope = UNRESTRICTED) -> npt.NDArray[np.bool_] | None:
        if not where and not exclude and scope.unrestricted:
            return None
        mask = np.ones(len(self._ids), dtype=bool)
        if scope.labels is not None:  # the candidates the caller may read, before ranking
            mask &= np.isin(self._column("access"), sorted(scope.labels))
        for key, value in (where or {}).items():
            mask &= self._column(key) == value
        if exclude:
            ex = set(exclude)
            mask &= np.fromiter((i not in ex for i in self._ids), dtype=bool, count=len(self._ids))
        return mask

    def search(
        self, query: Query, k: int, where: Where | None = None, exclude: Collection[str] = (),
        scope: AccessScope = UNRESTRICTED,
    ) -> list[tuple[str, float]]:
        with self._lock:
            self._ensure_loaded()
            assert self._engine is not None
            if not self._ids:
                return []
            scores = (concept_scores(self._engine, query.concepts, self._sections())
                      if query.concepts
                      else self._engine.scores(list(query.tokens) or tokenize(query.text)))
            mask = self._mask(where, exclude, scope)
            if mask is not None:
                scores = np.where(mask, scores, 0.0)
            n = min(k, int(np.count_nonzero(scores > 0)))
            if n <= 0:
                return []
            top = np.argpartition(-scores, n - 1)[:n]
            top = top[np.argsort(-scores[top], kind="stable")]
            return [(self._ids[i], float(scores[i])) for i in top]

    def unknown_terms(self, tokens: Sequence[str],
                      scope: AccessScope = UNRESTRICTED) -> list[str]:
        """The tokens that occur in no chunk ``scope`` may read, not even as a glossary
        translation (a word only restricted documents use is unknown to the caller)."""
        with self._lock:
            self._ensure_loaded()
            assert self._engine is not None
            vocab = self._engine.vocabulary()
            unknown = [t for t in tokens
                       if t not in vocab and not any(x in vocab for x in translations(t))]
            mask = self._mask(None, (), scope)
            if mask is None:
                return unknown
            return [t for t in tokens if t in unknown or not np.any(
                mask & (self._engine.scores([t, *translations(t)]) > 0))]

    def ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT id FROM docs")}

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
