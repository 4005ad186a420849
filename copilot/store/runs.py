"""Ingest-run bookkeeping: one writer at a time (an OS file lock) and a ``dirty`` flag.

A run holds ``ingest.lock`` (released by the kernel even on kill -9) and sets ``dirty`` in the
catalog's meta table; ``dirty`` with the lock free means the last run was interrupted, which
:meth:`IngestRuns.state` reports and the next start repairs.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from copilot.core.errors import IndexUnavailableError

RunStateName = Literal["idle", "running", "interrupted"]


@dataclass(frozen=True)
class RunState:
    """Where ingestion stands: no run, one running now, or the last one did not finish."""

    state: RunStateName
    started_at: str | None = None
    finished_at: str | None = None
    last_interrupted: dict[str, Any] | None = None  # the last repaired interruption

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "started_at": self.started_at,
                "finished_at": self.finished_at, "last_interrupted": self.last_interrupted}


class Meta(Protocol):
    """The catalog's key/value meta table, as the run bookkeeping needs it."""

    def get_meta(self, key: str) -> str | None: ...

    def set_many(self, items: Sequence[tuple[str, str]]) -> None:
        """Write every pair in one transaction."""
        ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class IngestRuns:
    """The run lock next to the catalog file and the run flags in its meta table."""

    def __init__(self, meta: Meta, lock_path: Path) -> None:
        self._meta, self._lock_path = meta, lock_path

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the index's ingest lock (one writer run at a time, across processes)."""
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                started = self._meta.get_meta("run_started_at") or "an unknown time"
                raise IndexUnavailableError(
                    f"another ingest is running on this index (started {started}); wait for "
                    "it to finish, then run this one again") from None
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock (so does the kernel on kill)

    def begin(self) -> None:
        """Mark a run as started (``dirty``); call with :meth:`lock` held."""
        self._meta.set_many([("dirty", "1"), ("run_started_at", _now())])

    def end(self) -> None:
        """Mark the run as finished; an exception or a kill before this leaves it interrupted."""
        self._meta.set_many([("dirty", "0"), ("run_finished_at", _now())])

    def _lock_free(self) -> bool:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)
        return True

    def state(self) -> RunState:
        """idle, running (another holder of the lock) or interrupted (dirty, lock free)."""
        get = self._meta.get_meta
        last = get("last_interrupted")
        state: RunStateName = "idle"
        if get("dirty") == "1":
            state = "interrupted" if self._lock_free() else "running"
        return RunState(state, get("run_started_at"), get("run_finished_at"),
                        json.loads(last) if last else None)

    def mark_repaired(self, stale_ids_dropped: int, superseded: int) -> None:
        """Record that an interrupted run was repaired (kept for ``status``), clear ``dirty``."""
        note = {"started_at": self._meta.get_meta("run_started_at"), "repaired_at": _now(),
                "stale_ids_dropped": stale_ids_dropped, "revisions_superseded": superseded}
        self._meta.set_many([("dirty", "0"), ("last_interrupted", json.dumps(note))])
