"""Chroma vector index: embedded (PersistentClient) or on a Chroma server (HttpClient).

Our own embeddings, telemetry off. One backend, ``chroma``, with two homes for its data: a folder
under COPILOT_HOME, or a collection on a ``chroma run`` server when ``chroma_url`` is set (the
collection name comes from the catalog, so two plants sharing one server never collide). The query
code, filters and conformance are the same; only where the HNSW index lives changes.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import ConfigError, IndexUnavailableError
from copilot.core.plugins import Registry
from copilot.core.types import Chunk
from copilot.store.index.base import Index, Query, Where
from copilot.store.index.exact import EXACT_MAX, ExactNeighbours

COLLECTION = "chunks"
_BATCH = 2000  # well under Chroma's max batch size


def _where_clause(where: Where | None,
                  scope: AccessScope = UNRESTRICTED) -> dict[str, Any] | None:
    """Chroma's metadata filter: every ``where`` item, and an access label the scope allows
    (applied by Chroma inside the nearest-neighbour query, before the top k)."""
    items: list[dict[str, Any]] = [{k: {"$eq": v}} for k, v in (where or {}).items()]
    if scope.labels is not None:
        items.append({"access": {"$in": sorted(scope.labels) or [""]}})
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


class ChromaIndex:
    """Vector half of the hybrid index (implements ``Index``). Cosine distance, HNSW."""

    name = "vector"

    def __init__(self, directory: Path, dim: int, *, url: str = "",
                 collection: str = COLLECTION) -> None:
        self._where = f"the Chroma server at {url}" if url else f"the vector index at {directory}"
        try:
            self._client = _server_client(url) if url else _embedded_client(directory)
            # embedding_function=None: Chroma must never embed (its default would fetch a model).
            self._col = self._client.get_or_create_collection(
                collection,
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "dim": dim},
            )
        except ConfigError:
            raise
        except Exception as exc:
            raise IndexUnavailableError(_unavailable(self._where, url, exc)) from exc
        stored_dim = (self._col.metadata or {}).get("dim")
        if stored_dim is not None and int(stored_dim) != dim:
            raise IndexUnavailableError(
                f"{self._where}{f' (collection {collection})' if url else ''} was built with "
                f"{stored_dim}-d embeddings but the configured embedder gives {dim}-d; re-ingest into a new "
                "COPILOT_HOME"
            )
        self._url = url
        self._lock = threading.RLock()
        # the embedded collection is searched exactly (its HNSW graph misses neighbours among
        # many identical rows: copilot/store/index/exact.py); a server keeps HNSW
        self._exact = None if url else ExactNeighbours(directory, lambda: self._col)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Serialises embedded calls (the server takes concurrent requests itself); a server that
        went away becomes IndexUnavailableError naming its URL."""
        with nullcontext() if self._url else self._lock:
            try:
                yield
            except (ValueError, IndexUnavailableError):
                raise
            except Exception as exc:
                if not self._url:
                    raise
                raise IndexUnavailableError(_unavailable(self._where, self._url, exc)) from exc

    def upsert(
        self, chunks: Sequence[Chunk], vectors: npt.NDArray[np.float32] | None = None
    ) -> None:
        if not chunks:
            return
        if vectors is None or len(vectors) != len(chunks):
            raise ValueError("ChromaIndex.upsert needs one vector per chunk")
        with self._guard():
            for i in range(0, len(chunks), _BATCH):
                part = chunks[i : i + _BATCH]
                self._col.upsert(
                    ids=[c.id for c in part],
                    embeddings=np.asarray(vectors[i : i + _BATCH], dtype=np.float32),
                    metadatas=[c.filter_fields() for c in part],  # type: ignore[misc]
                )
            if self._exact is not None:
                self._exact.forget()

    def delete(self, ids: Collection[str]) -> None:
        ids = list(ids)
        with self._guard():
            for i in range(0, len(ids), _BATCH):
                self._col.delete(ids=ids[i : i + _BATCH])
            if self._exact is not None:
                self._exact.forget()

    def search(
        self, query: Query, k: int, where: Where | None = None, exclude: Collection[str] = (),
        scope: AccessScope = UNRESTRICTED,
    ) -> list[tuple[str, float]]:
        if query.vector is None:
            raise ValueError("ChromaIndex.search needs a query vector")
        with self._guard():
            total = self._col.count()
            if total == 0 or k <= 0:
                return []
            if self._exact is not None and total <= EXACT_MAX:
                return self._exact.search(np.asarray(query.vector, dtype=np.float32), k, total,
                                          where, exclude, scope)
            # Dynamic exclusions (superseded revisions) are few: over-fetch by their number.
            n = min(total, k + len(exclude))
            res = self._col.query(
                query_embeddings=[np.asarray(query.vector, dtype=np.float32)],  # type: ignore[arg-type]
                n_results=n,
                where=_where_clause(where, scope),
                include=["distances"],
            )
        ids = res["ids"][0]
        dists = (res.get("distances") or [[0.0] * len(ids)])[0]
        ex = set(exclude)
        out = [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=False) if i not in ex]
        return out[:k]

    def vectors(self, ids: Collection[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The stored vectors of ``ids`` (those it holds), for scoring chunks found otherwise."""
        if not ids:
            return {}
        with self._lock:
            got = self._col.get(ids=list(ids), include=["embeddings"])  # type: ignore[list-item]
        embeddings = got.get("embeddings")
        if embeddings is None:
            return {}
        return {i: np.asarray(e, dtype=np.float32)
                for i, e in zip(got["ids"], embeddings, strict=False)}

    def ids(self) -> set[str]:
        with self._guard():
            out: set[str] = set()
            offset = 0
            while True:
                got = self._col.get(include=[], limit=10_000, offset=offset)["ids"]
                out.update(got)
                if len(got) < 10_000:
                    return out
                offset += len(got)

    def count(self) -> int:
        with self._guard():
            return int(self._col.count())

    def close(self) -> None:
        """Chroma persists on write (embedded or on the server); nothing to flush."""


def _embedded_client(directory: Path) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    directory.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(
        path=str(directory), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))


def server_address(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of a Chroma server URL such as ``http://chroma.plant.lan:8000``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        raise ConfigError(f"setting 'chroma_url' (COPILOT_CHROMA_URL): {url!r} is not a Chroma "
                          "server URL - use http://HOST:PORT (no path), e.g. http://127.0.0.1:8001")
    ssl = parts.scheme == "https"
    try:
        port = parts.port or (443 if ssl else 8000)
    except ValueError as exc:
        raise ConfigError(f"setting 'chroma_url': bad port in {url!r}") from exc
    return parts.hostname, port, ssl


def _server_client(url: str) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    host, port, ssl = server_address(url)
    return chromadb.HttpClient(host=host, port=port, ssl=ssl,
                               settings=ChromaSettings(anonymized_telemetry=False))


def ping_server(url: str) -> None:
    """IndexUnavailableError naming ``url`` unless a Chroma server answers its heartbeat there."""
    try:
        _server_client(url).heartbeat()
    except ConfigError:
        raise
    except Exception as exc:
        raise IndexUnavailableError(_unavailable(f"the Chroma server at {url}", url, exc)) from exc


def _unavailable(where: str, url: str, exc: Exception) -> str:
    """One line naming the index and, for a server, how to bring it back."""
    if not url:
        return f"cannot open {where}: {exc}"
    return (f"cannot reach {where} ({type(exc).__name__}: {exc}) - start it (`chroma run --path "
            "DIR --host HOST --port PORT`, deploy/systemd/chroma.service) or unset "
            "COPILOT_CHROMA_URL to use the embedded index")


class VectorIndexFactory(Protocol):
    """Opens (creating if needed) a vector index stored in ``directory`` for ``dim``-d vectors."""

    def __call__(self, directory: Path, dim: int) -> Index: ...


def open_vector_index(name: str, directory: Path, dim: int, *, url: str = "",
                      collection: str = COLLECTION) -> Index:
    """The configured backend; with a server URL, the ``chroma`` backend on that server."""
    if not url:
        return VECTOR_INDEXES.get(name)(directory, dim)
    if name != "chroma":
        raise ConfigError(f"setting 'chroma_url' (COPILOT_CHROMA_URL) is set but 'vector_index' is "
                          f"{name!r} - a Chroma server needs vector_index = chroma")
    return ChromaIndex(directory, dim, url=url, collection=collection)


def register_builtin_vector_indexes(registry: Registry[VectorIndexFactory]) -> None:
    """The vector index shipped with Floor Copilot, registered like any plugin."""
    registry.register("chroma", ChromaIndex)


VECTOR_INDEXES: Registry[VectorIndexFactory] = Registry(
    "vector index", "floor_copilot.vector_indexes", register_builtin_vector_indexes,
    setting="vector_index")
