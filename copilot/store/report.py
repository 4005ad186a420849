"""What an ingest run reports: one result per input file (with why it was left out, if it was)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["added", "updated", "unchanged", "removed", "failed", "skipped", "duplicate"]


@dataclass(frozen=True)
class FileResult:
    source: str
    status: Status
    chunks: int = 0
    kind: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    reason: str | None = None  # why a "skipped" or "duplicate" input was left out


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    # files claiming a revision of a document held elsewhere, waiting for approval (not cited)
    pending: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def chunks_written(self) -> int:
        return sum(f.chunks for f in self.files if f.status in ("added", "updated"))

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def duplicates(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "duplicate"]

    def summary(self) -> dict[str, object]:
        return {
            "added": self.count("added"), "updated": self.count("updated"),
            "unchanged": self.count("unchanged"), "removed": self.count("removed"),
            "failed": self.count("failed"), "skipped": self.count("skipped"),
            "duplicate": self.count("duplicate"),
            "pending": len(self.pending),
            "chunks": self.chunks_written,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[str, int, int], None]  # (source, done, total)
