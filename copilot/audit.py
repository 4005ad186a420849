"""Append-only JSON Lines audit log: which question got which answer from which revisions."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copilot.core.types import Answer


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, answer: Answer, chunks_meta: dict[str, dict[str, Any]]) -> None:
        entry = {
            "ts": datetime.now(UTC).isoformat(timespec="seconds"),
            "question": answer.question,
            "standalone_question": answer.standalone_question,
            "answer": answer.text,
            "abstained": answer.abstained,
            "extractive": answer.extractive,
            "route": answer.route,
            "method": answer.method,
            "plan": answer.plan,
            "model": answer.model,
            "citations": [
                {"n": c.n, "chunk_id": c.chunk_id, "source": c.source, "locator": c.locator,
                 "doc_id": c.doc_id, "revision": c.revision, **chunks_meta.get(c.chunk_id, {})}
                for c in answer.citations],
            "dropped": list(answer.dropped),
            "timings_ms": dict(answer.timings_ms),
        }
        line = json.dumps(entry, ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def feedback(self, question: str, answer: dict[str, Any], verdict: str, comment: str) -> None:
        entry = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), "question": question,
                 "answer": answer.get("answer", ""), "citations": answer.get("citations", []),
                 "abstained": answer.get("abstained"), "verdict": verdict, "comment": comment}
        path = self.path.with_name("feedback.jsonl")
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
