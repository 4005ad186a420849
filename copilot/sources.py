"""The source viewer's data: a cited chunk in its context, as one caller may read it.

A work-instruction step is shown with the steps around it in the same file (same revision); a
PFMEA row or a work order with its document. Read through a scoped ``CatalogReader``, so a
chunk the caller may not read is "not found", the same answer as a chunk that does not exist.
Passages flagged at ingest as addressed to an AI assistant are listed, so the viewer can mark
them (they are document text, never instructions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from copilot.core.lexicon.injection import injected_lines
from copilot.core.lexicon.safety import safety_lines
from copilot.core.types import Chunk
from copilot.ports import CatalogReader

NEIGHBOURS = 2  # steps shown before and after a cited work-instruction step


@dataclass(frozen=True)
class SafetyNote:
    """One DANGER / WARNING / CAUTION / lockout line of a work instruction, and where it is."""

    line: str
    chunk_id: str
    locator: str


@dataclass(frozen=True)
class SourceContext:
    """A cited chunk, its neighbours in the same file, its document's catalog row, and every
    safety line of that file (a step's warnings can sit several steps away from the cited one)."""

    chunk: Chunk
    before: tuple[Chunk, ...] = ()
    after: tuple[Chunk, ...] = ()
    document: Mapping[str, Any] = field(default_factory=dict)
    safety: tuple[SafetyNote, ...] = ()

    @property
    def injection(self) -> tuple[str, ...]:
        """Lines of the chunk flagged at ingest as addressed to an assistant."""
        return injection_of(self.chunk)


def injection_of(chunk: Chunk) -> tuple[str, ...]:
    """The chunk's lines addressed to an assistant, when ingest flagged it (else none)."""
    return tuple(injected_lines(chunk.body)) if chunk.metadata.get("injection") else ()


def load_context(catalog: CatalogReader, chunk_id: str,
                 window: int = NEIGHBOURS) -> SourceContext | None:
    """The chunk with its surroundings, or None if it is unknown or the reader may not see it."""
    chunk = catalog.get_chunks([chunk_id]).get(chunk_id)
    if chunk is None:
        return None
    document = next((d for d in catalog.documents() if d["source"] == chunk.source), {})
    if chunk.kind != "work_instruction":
        return SourceContext(chunk, document=document)
    path = catalog.path_for_source(chunk.source)
    siblings = catalog.chunks_of(path) if path else [chunk]
    ids = [c.id for c in siblings]
    if chunk.id not in ids:
        return SourceContext(chunk, document=document)
    i = ids.index(chunk.id)
    return SourceContext(chunk, tuple(siblings[max(0, i - window):i]),
                         tuple(siblings[i + 1:i + 1 + window]), document,
                         safety_notes(siblings))


def safety_notes(chunks: list[Chunk]) -> tuple[SafetyNote, ...]:
    """Each warning line of ``chunks`` once (a split step repeats its warnings), in order."""
    seen: dict[str, SafetyNote] = {}
    for c in chunks:
        for line in safety_lines(c.text):
            seen.setdefault(line, SafetyNote(line, c.id, str(c.locator)))
    return tuple(seen.values())


def source_to_json(ctx: SourceContext) -> dict[str, Any]:
    """The source viewer's JSON: the chunk, its neighbours, its document, injection flags."""

    def one(c: Chunk) -> dict[str, Any]:
        return {"chunk_id": c.id, "locator": str(c.locator), "text": c.body, "kind": c.kind,
                "doc_id": c.doc_id, "revision": c.revision, "status": c.status,
                "access": c.access, "injection": bool(c.metadata.get("injection")),
                "injected_lines": list(injection_of(c))}

    return {**one(ctx.chunk), "source": ctx.chunk.source,
            "before": [one(c) for c in ctx.before], "after": [one(c) for c in ctx.after],
            "document": dict(ctx.document),
            "safety": [{"line": n.line, "chunk_id": n.chunk_id, "locator": n.locator}
                       for n in ctx.safety]}
