"""Revision order and status: which revision of a doc id is current, which are superseded."""

from __future__ import annotations

import re
from typing import Any


def revision_key(rev: str | None) -> tuple[Any, ...]:
    """Natural order of revisions: '2' < '10', 'B' < 'C' < 'AA', dotted '1.2' < '1.10'."""
    if not rev:
        return ()
    parts = re.findall(r"\d+|[A-Za-z]+", rev.upper().removeprefix("REV").strip(" .:"))
    return tuple((0, int(p), "") if p.isdigit() else (1, len(p), p) for p in parts)


def status_updates(docs: list[tuple[Any, ...]]) -> list[tuple[str, str | None, Any, bool]]:
    """(status, superseded_by, path, became_superseded) for rows of one doc id whose status
    changes; rows are (path, doc_id, revision, effective_date, status, source)."""
    docs = sorted(docs, key=lambda r: (revision_key(r[2]), r[3] or ""), reverse=True)
    newest = docs[0]
    out: list[tuple[str, str | None, Any, bool]] = []
    for r in docs:
        superseded = r is not newest and revision_key(r[2]) < revision_key(newest[2])
        status = "superseded" if superseded else "current"
        if status != r[4]:
            out.append((status, newest[2] if superseded else None, r[0], superseded))
    return out
