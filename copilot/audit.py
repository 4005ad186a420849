"""Append-only audit log with a hash chain: who asked, searched, uploaded, removed, exported or
logged in, when, and which chunks and revisions an answer cited.

Each JSON line carries ``seq``, ``prev`` (the previous line's hash) and ``hash`` (SHA-256 of the
line's canonical JSON without ``hash``), so an edited, deleted, inserted or reordered line breaks
the chain (``python -m copilot audit verify``). Past ``max_bytes`` the file is renamed
``audit.NNNNNN.jsonl`` and the chain goes on in a new ``audit.jsonl``; ``audit.head`` holds the
last seq and hash, so cutting lines off the end is detected too. Writers in several processes (the
server, the CLI) take turns through a lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copilot.core.access import Principal
from copilot.core.types import Answer

GENESIS = "0" * 64
_ROTATED = re.compile(r"audit\.(\d{6})\.jsonl$")


def _canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest()


def chain_files(path: Path) -> list[Path]:
    """Rotated files oldest first, then the current one."""
    rotated = sorted((p for p in path.parent.glob("audit.*.jsonl") if _ROTATED.search(p.name)),
                     key=lambda p: p.name)
    return [*rotated, *([path] if path.exists() else [])]


def _last_line(path: Path) -> str:
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        pos, buf = fh.tell(), b""
        while pos > 0 and buf.count(b"\n") < 2:
            step = min(4096, pos)
            pos -= step
            fh.seek(pos)
            buf = fh.read(step) + buf
    lines = [ln for ln in buf.splitlines() if ln.strip()]
    return lines[-1].decode("utf-8") if lines else ""


class AuditLog:
    def __init__(self, path: Path, max_bytes: int = 10_000_000) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    @property
    def head_path(self) -> Path:
        return self.path.with_name("audit.head")

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.with_name("audit.lock").open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def _tail(self) -> tuple[int, str]:
        """(last seq, last hash) of the chain; a log from before the chain is set aside."""
        for path in reversed(chain_files(self.path)):
            line = _last_line(path)
            if not line:
                continue
            try:
                last = json.loads(line)
                return int(last["seq"]), str(last["hash"])
            except (ValueError, KeyError, TypeError):
                if path == self.path:  # written by a version without the chain
                    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                    os.replace(path, path.with_name(f"audit.legacy-{stamp}.jsonl"))
                    continue
                raise
        return -1, GENESIS

    def append(self, event: str, principal: Principal | None = None,
               **fields: Any) -> dict[str, Any]:
        """Write one chained entry: the event, who did it (user, role) and its fields."""
        with self._locked():
            seq, prev = self._tail()
            if self.path.exists() and self.path.stat().st_size >= self.max_bytes:
                rotated = chain_files(self.path)[:-1]
                n = int(_ROTATED.search(rotated[-1].name).group(1)) + 1 if rotated else 1  # type: ignore[union-attr]
                os.replace(self.path, self.path.with_name(f"audit.{n:06d}.jsonl"))
            entry: dict[str, Any] = {
                "seq": seq + 1, "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "event": event, "user": principal.user if principal else None,
                "role": principal.role.value if principal else None, **fields, "prev": prev}
            entry["hash"] = entry_hash(entry)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            tmp = self.head_path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"seq": entry["seq"], "hash": entry["hash"]}),
                           encoding="utf-8")
            os.replace(tmp, self.head_path)
        return entry

    def record(self, answer: Answer, chunks_meta: dict[str, dict[str, Any]],
               principal: Principal | None = None) -> None:
        """An answered question with the chunks and revisions it cited."""
        self.append(
            "ask", principal, question=answer.question,
            standalone_question=answer.standalone_question, answer=answer.text,
            abstained=answer.abstained, extractive=answer.extractive, route=answer.route,
            method=answer.method, plan=answer.plan, model=answer.model,
            citations=[{"n": c.n, "chunk_id": c.chunk_id, "source": c.source,
                        "locator": c.locator, "doc_id": c.doc_id, "revision": c.revision,
                        **chunks_meta.get(c.chunk_id, {})} for c in answer.citations],
            dropped=list(answer.dropped), timings_ms=dict(answer.timings_ms))

    def feedback(self, question: str, answer: dict[str, Any], verdict: str, comment: str,
                 user: str | None = None, replaces: str = "") -> None:
        entry = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), "question": question,
                 "answer": answer.get("answer", ""), "citations": answer.get("citations", []),
                 "abstained": answer.get("abstained"), "verdict": verdict, "comment": comment,
                 "user": user}
        if replaces:
            entry["replaces"] = replaces  # the same answer's earlier verdict, now withdrawn
        path = self.path.with_name("feedback.jsonl")
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


@dataclass
class Verification:
    entries: int = 0
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: Path) -> Verification:
    """Walk the chain over every file; name the first place it breaks."""
    result = Verification()
    seq, prev = -1, GENESIS
    for file in chain_files(path):
        result.files.append(file.name)
        for lineno, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{file.name} line {lineno}"
            try:
                entry = json.loads(line)
                ok_seq, ok_prev = entry["seq"] == seq + 1, entry["prev"] == prev
                ok_hash = entry["hash"] == entry_hash(entry)
            except (ValueError, KeyError, TypeError):
                result.problems.append(f"{where}: not a chained audit entry")
                return result
            if not ok_hash:
                result.problems.append(f"{where}: the entry was changed (its hash does not match)")
            elif not ok_prev or not ok_seq:
                result.problems.append(
                    f"{where}: the chain breaks (seq {entry['seq']} after {seq}): an entry "
                    "before it was removed, inserted or moved")
            if result.problems:
                return result
            seq, prev = entry["seq"], entry["hash"]
            result.entries += 1
    head = path.with_name("audit.head")
    if head.exists():
        want = json.loads(head.read_text(encoding="utf-8"))
        if (want.get("seq"), want.get("hash")) != (seq, prev):
            result.problems.append(
                f"the log ends at seq {seq} but audit.head records seq {want.get('seq')}: "
                "entries were removed from the end")
    elif seq >= 0:
        result.problems.append("audit.head is missing (it is written with every entry)")
    return result
