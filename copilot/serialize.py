"""JSON shapes shared by the CLI and the HTTP API (a stable contract; evals depend on it)."""

from __future__ import annotations

from typing import Any

from copilot.core.types import Answer, Chunk, Hit


def hit_to_json(hit: Hit) -> dict[str, Any]:
    c = hit.chunk
    return {
        "rank": hit.rank, "chunk_id": c.id, "doc_id": c.doc_id, "kind": c.kind,
        "source": c.source, "locator": str(c.locator), "text": c.text,
        "score": round(hit.score, 6),
        "metadata": {**dict(c.metadata), "revision": c.revision, "status": c.status,
                     "language": c.language, "access": c.access,
                     "injection": bool(c.metadata.get("injection")), "ranks": dict(hit.ranks),
                     "signals": {k: round(v, 4) for k, v in hit.signals.items()},
                     "locator_fields": c.locator.to_dict()},
    }


def chunk_to_json(c: Chunk) -> dict[str, Any]:
    """One chunk as the source viewer shows it (API)."""
    return {"chunk_id": c.id, "doc_id": c.doc_id, "kind": c.kind, "source": c.source,
            "locator": str(c.locator), "revision": c.revision, "status": c.status,
            "text": c.body, "metadata": dict(c.metadata)}


def answer_to_json(ans: Answer) -> dict[str, Any]:
    return {
        "answer": ans.text,
        "citations": [{"n": c.n, "chunk_id": c.chunk_id, "source": c.source,
                       "locator": c.locator, "quote": c.quote, "kind": c.kind,
                       "doc_id": c.doc_id, "revision": c.revision} for c in ans.citations],
        "abstained": ans.abstained,
        "extractive": ans.extractive,
        "safety": list(ans.safety),
        "closest": [hit_to_json(h) for h in ans.closest],
        "standalone_question": ans.standalone_question,
        "route": ans.route,
        "method": ans.method,
        "plan": ans.plan,
        "table": ans.table,
        "model": ans.model,
        "dropped": list(ans.dropped),
        "timings_ms": dict(ans.timings_ms),
    }
