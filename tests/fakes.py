"""Deterministic fakes implementing the real ports (for logic tests; the real ones are tested too)."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.lexicon.names import asked_names, names_in, unknown_names
from copilot.core.schema import machine_words
from copilot.core.text import tokenize
from copilot.core.types import Chunk, Hit, Kind, Locator, heading_in
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.retrieval import Retriever, SearchResult
from copilot.store.embedders import Embedder, Matrix
from copilot.store.index.base import Query, Where


class ScriptedGenerator(Generator):
    """Replies with a fixed text (or a function of the prompt), streamed in small pieces.

    ``delay`` seconds pass before each piece (a slow model); with ``hold`` set, the last piece
    waits until the event is set (at most ``HOLD_S``), so a test can look at the partial answer
    while the model is still "writing" without relying on how long anything takes."""

    name = "scripted"
    model_id = "scripted-fake"
    HOLD_S = 120.0

    def __init__(self, reply: str | Callable[[str], str], delay: float = 0.0,
                 hold: threading.Event | None = None) -> None:
        self.reply, self.delay, self.hold = reply, delay, hold
        self.prompts: list[str] = []

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        prompt = "\n".join(m.content for m in messages)
        self.prompts.append(prompt)
        text = self.reply(prompt) if callable(self.reply) else self.reply
        pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
        for n, piece in enumerate(pieces):
            if self.delay:
                time.sleep(self.delay)
            if self.hold is not None and n == len(pieces) - 1:
                self.hold.wait(self.HOLD_S)
            yield piece


def citing(template: str, needle: str) -> Callable[[str], str]:
    """A reply that cites, as ``{n}``, the prompt's first source containing ``needle``."""

    def reply(prompt: str) -> str:
        blocks = re.split(r"\n(?=\[\d+\] )", prompt)
        for block in blocks:
            m = re.match(r"\[(\d+)\] ", block.strip())
            if m and needle in block:
                return template.format(n=m.group(1))
        return template.format(n=1)

    return reply


class HashingEmbedder(Embedder):
    """Bag of hashed tokens, L2-normalised: same text, same vector; shared words, high cosine."""

    name = "fake-hashing"
    dim = 256
    languages = ("en", "ko")

    def __init__(self) -> None:
        self.calls = 0

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                digest = hashlib.blake2b(token.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.where(norms == 0, 1.0, norms), dtype=np.float32)


class JsonVectorIndex:
    """Brute-force cosine index kept in one JSON file: a stand-in third-party ``Index`` backend."""

    name = "vector"

    def __init__(self, directory: Path, dim: int) -> None:
        self._file = directory / "vectors.json"
        self.dim = dim
        self._rows: dict[str, tuple[list[float], dict[str, object]]] = {}
        if self._file.is_file():
            self._rows = {k: (v[0], v[1]) for k, v in json.loads(self._file.read_text()).items()}

    def _save(self) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        self._file.write_text(json.dumps(self._rows))

    def upsert(self, chunks: Sequence[Chunk], vectors: npt.NDArray[np.float32] | None = None) -> None:
        if not chunks:
            return
        assert vectors is not None and len(vectors) == len(chunks)
        for chunk, vector in zip(chunks, vectors, strict=True):
            self._rows[chunk.id] = ([float(x) for x in vector], dict(chunk.filter_fields()))
        self._save()

    def delete(self, ids: Collection[str]) -> None:
        for i in ids:
            self._rows.pop(i, None)
        self._save()

    def search(self, query: Query, k: int, where: Where | None = None,
               exclude: Collection[str] = (),
               scope: AccessScope = UNRESTRICTED) -> list[tuple[str, float]]:
        assert query.vector is not None
        scored = [(i, float(np.dot(vec, query.vector))) for i, (vec, fields) in self._rows.items()
                  if i not in exclude and all(fields.get(f) == v for f, v in (where or {}).items())
                  and scope.allows(str(fields.get("access", "")))]
        return sorted(scored, key=lambda pair: -pair[1])[:k]

    def ids(self) -> set[str]:
        return set(self._rows)

    def count(self) -> int:
        return len(self._rows)

    def close(self) -> None:
        """Every write is saved already."""


class FakeRetriever(Retriever):
    """Ranks its chunks by words shared with the query; records every search.

    ``vector`` is the similarity every hit reports (the answerer trusts a hit at 0.78 or more);
    ``unknown`` are the words it reports as absent from every document (None: cannot tell);
    the names no chunk writes ("Chiller 5") it finds as the real retriever does."""

    def __init__(self, chunks: Sequence[Chunk], vector: float = 0.9,
                 unknown: Sequence[str] | None = ()) -> None:
        self.chunks, self.vector = list(chunks), vector
        self.unknown = None if unknown is None else tuple(unknown)
        self.queries: list[str] = []

    def search(self, query: str, k: int = 10, where: Where | None = None,
               include_superseded: bool = False,
               scope: AccessScope = UNRESTRICTED) -> SearchResult:
        self.queries.append(query)
        words = set(re.findall(r"\w+", query.lower()))
        found = [c for c in self.chunks
                 if (include_superseded or c.status == "current") and scope.allows(c.access)
                 and all(c.filter_fields().get(f) == v for f, v in (where or {}).items())]
        shared = {c.id: len(words & set(re.findall(r"\w+", c.text.lower()))) for c in found}
        ranked = sorted((c for c in found if shared[c.id]), key=lambda c: -shared[c.id])[:k]
        hits = tuple(Hit(chunk=c, score=1.0 / n, rank=n, signals={"vector": self.vector})
                     for n, c in enumerate(ranked, start=1))
        known = set().union(*(names_in(c.text) for c in found))
        unnamed = tuple(str(n) for n in unknown_names(asked_names(query), known,
                                                      machine_words()))
        return SearchResult(query, hits, {"total": 0.0}, self.unknown, unnamed)


def chunk(text: str, n: int = 1, kind: Kind = "work_instruction", step: str | None = None,
          section: str | None = None) -> Chunk:
    """A chunk of a work instruction WI-{n} Rev A (or a row of another kind)."""
    loc = Locator(source=f"doc{n}.md", doc_id=f"WI-{n}", revision="A", step=step, section=section)
    return Chunk(id=f"c{n}", text=text, kind=kind, doc_id=f"WI-{n}", source=f"doc{n}.md",
                 locator=loc, revision="A", heading=heading_in(text, kind, f"WI-{n}"))
