"""Deterministic fakes implementing the real ports (for logic tests; the real ones are tested too)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from copilot.core.types import Chunk, Hit, Kind, Locator
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.retrieval import Retriever, SearchResult
from copilot.store.index.base import Where


class ScriptedGenerator(Generator):
    """Replies with a fixed text (or a function of the prompt), streamed in small pieces."""

    name = "scripted"
    model_id = "scripted-fake"

    def __init__(self, reply: str | Callable[[str], str]) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        prompt = "\n".join(m.content for m in messages)
        self.prompts.append(prompt)
        text = self.reply(prompt) if callable(self.reply) else self.reply
        for i in range(0, len(text), 7):
            yield text[i : i + 7]


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


class FakeRetriever(Retriever):
    """Ranks its chunks by words shared with the query; records every search.

    ``vector`` is the similarity every hit reports (the answerer trusts a hit at 0.78 or more);
    ``unknown`` are the words it reports as absent from every document (None: cannot tell)."""

    def __init__(self, chunks: Sequence[Chunk], vector: float = 0.9,
                 unknown: Sequence[str] | None = ()) -> None:
        self.chunks, self.vector = list(chunks), vector
        self.unknown = None if unknown is None else tuple(unknown)
        self.queries: list[str] = []

    def search(self, query: str, k: int = 10, where: Where | None = None,
               include_superseded: bool = False) -> SearchResult:
        self.queries.append(query)
        words = set(re.findall(r"\w+", query.lower()))
        found = [c for c in self.chunks
                 if (include_superseded or c.status == "current")
                 and all(c.filter_fields().get(f) == v for f, v in (where or {}).items())]
        shared = {c.id: len(words & set(re.findall(r"\w+", c.text.lower()))) for c in found}
        ranked = sorted((c for c in found if shared[c.id]), key=lambda c: -shared[c.id])[:k]
        hits = tuple(Hit(chunk=c, score=1.0 / n, rank=n, signals={"vector": self.vector})
                     for n, c in enumerate(ranked, start=1))
        return SearchResult(query, hits, {"total": 0.0}, self.unknown)


def chunk(text: str, n: int = 1, kind: Kind = "work_instruction", step: str | None = None,
          section: str | None = None) -> Chunk:
    """A chunk of a work instruction WI-{n} Rev A (or a row of another kind)."""
    loc = Locator(source=f"doc{n}.md", doc_id=f"WI-{n}", revision="A", step=step, section=section)
    return Chunk(id=f"c{n}", text=text, kind=kind, doc_id=f"WI-{n}", source=f"doc{n}.md",
                 locator=loc, revision="A")
