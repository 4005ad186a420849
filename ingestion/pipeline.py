"""Incremental, crash-safe ingestion: files -> converters -> chunks -> indexes + catalog.

Per file, all-or-nothing: new chunks are embedded and written to every index first, then the
catalog swaps the file's chunks *and the revision status of its doc id* in one SQLite
transaction, then stale ids leave the indexes. A crash at any point leaves the catalog
consistent (never a superseded revision marked current) and the indexes with at most extra ids.
A run holds the catalog's ingest lock and ``dirty`` flag; an interrupted run is reported by
``status`` and repaired (:func:`repair_interrupted`) at the next start or run.
"""

from __future__ import annotations

import fnmatch
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from copilot.catalog import Catalog, FileRow
from copilot.embedders import Embedder
from copilot.errors import (
    CopilotError,
    EmptyFileError,
    FileTooLargeError,
    IndexUnavailableError,
    IngestError,
)
from copilot.index.base import Index
from copilot.types import Chunk
from ingestion.base import Converter, SourceFile
from ingestion.chunking import chunk_document
from ingestion.registry import ConverterRegistry

Status = Literal["added", "updated", "unchanged", "removed", "failed"]
IGNORE_FILE = ".copilotignore"


@dataclass(frozen=True)
class FileResult:
    source: str
    status: Status
    chunks: int = 0
    kind: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def chunks_written(self) -> int:
        return sum(f.chunks for f in self.files if f.status in ("added", "updated"))

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def summary(self) -> dict[str, object]:
        return {
            "added": self.count("added"), "updated": self.count("updated"),
            "unchanged": self.count("unchanged"), "removed": self.count("removed"),
            "failed": self.count("failed"), "chunks": self.chunks_written,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[str, int, int], None]  # (source, done, total)


def _ignored(rel: Path, patterns: Sequence[str]) -> bool:
    s = rel.as_posix()
    return any(fnmatch.fnmatch(s, p) or fnmatch.fnmatch(rel.name, p) for p in patterns)


def discover(paths: Iterable[Path]) -> list[tuple[Path, SourceFile]]:
    """(root, file) pairs under the given paths; skips hidden files, Office lock files (~$...)
    and anything matching a root's ``.copilotignore`` glob lines."""
    out: list[tuple[Path, SourceFile]] = []
    for p in paths:
        p = p.resolve()
        if p.is_file():
            out.append((p.parent, SourceFile(p, p.name)))
            continue
        ignore_file = p / IGNORE_FILE
        patterns = [ln.strip() for ln in ignore_file.read_text(encoding="utf-8").splitlines()
                    if ln.strip() and not ln.startswith("#")] if ignore_file.is_file() else []
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p)
            if not f.is_file() or any(part.startswith((".", "~$")) for part in rel.parts):
                continue
            if _ignored(rel, patterns):
                continue
            out.append((p, SourceFile(f, (Path(p.name) / rel).as_posix())))
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def reconcile(catalog: Catalog, indexes: Sequence[Index]) -> int:
    """Drop index ids the catalog does not know (left by an interrupted run)."""
    known = catalog.all_chunk_ids()
    dropped = 0
    for index in indexes:
        extra = index.ids() - known
        index.delete(extra)
        dropped += len(extra)
    return dropped


def _repair(catalog: Catalog, indexes: Sequence[Index]) -> None:
    """With the ingest lock held: reconcile the indexes, recompute every revision status."""
    dropped = reconcile(catalog, indexes)
    superseded = catalog.recompute_status()
    catalog.mark_repaired(dropped, len(superseded))


def repair_interrupted(catalog: Catalog, indexes: Sequence[Index]) -> bool:
    """Repair after an interrupted run, unless a run is going on now; True if it repaired."""
    if catalog.run_state().state != "interrupted":
        return False
    try:
        with catalog.run_lock():
            if catalog.get_meta("dirty") != "1":
                return False
            _repair(catalog, indexes)
    except IndexUnavailableError:  # a run started meanwhile: it repairs first itself
        return False
    return True


class IngestPipeline:
    """Runs one ingest over paths; owns no models, only wires the ports together."""

    def __init__(self, catalog: Catalog, indexes: Sequence[Index], embedder: Embedder,
                 registry: ConverterRegistry, *, max_file_mb: float = 50.0,
                 max_chunk_chars: int = 1500, batch_size: int = 32) -> None:
        self.catalog, self.indexes, self.embedder = catalog, indexes, embedder
        self.registry = registry
        self.max_bytes = int(max_file_mb * 1024 * 1024)
        self.max_chunk_chars, self.batch_size = max_chunk_chars, batch_size

    def reconcile(self) -> int:
        """Drop index ids the catalog does not know (left by an interrupted run)."""
        return reconcile(self.catalog, self.indexes)

    def run(self, paths: Sequence[Path], prune: bool = False,
            progress: Progress | None = None) -> IngestReport:
        """Ingest the paths; ``progress`` is called after each file is committed."""
        t0 = time.perf_counter()
        report = IngestReport()
        with self.catalog.run_lock():
            if self.catalog.get_meta("dirty") == "1":
                _repair(self.catalog, self.indexes)
            self.catalog.begin_run()
            found = discover(paths)
            for n, (_root, src) in enumerate(found, start=1):
                report.files.append(self._one(src, report.superseded))
                if progress:
                    progress(src.relpath, n, len(found))
            if prune:
                report.files.extend(self._prune(paths, {str(s.path) for _, s in found}))
            self.catalog.end_run()
        report.seconds = time.perf_counter() - t0
        return report

    def _prune(self, roots: Sequence[Path], present: set[str]) -> list[FileResult]:
        out: list[FileResult] = []
        prefixes = [str(r.resolve()) for r in roots]
        for path in self.catalog.file_paths():
            if path in present or not any(path == p or path.startswith(p.rstrip("/") + "/")
                                          for p in prefixes):
                continue
            if Path(path).exists() and any(Path(p).is_dir() for p in prefixes):
                continue  # still there (e.g. now ignored): keep it, prune is for deleted files
            ids = self.catalog.remove_file(path)
            for index in self.indexes:
                index.delete(ids)
            out.append(FileResult(source=path, status="removed", chunks=len(ids)))
        return out

    def _one(self, src: SourceFile, superseded: list[str]) -> FileResult:
        try:
            return self._ingest_file(src, superseded)
        except IngestError as exc:
            return FileResult(src.relpath, "failed", error=str(exc))
        except CopilotError as exc:
            return FileResult(src.relpath, "failed", error=f"{src.relpath}: {exc}")
        except Exception as exc:  # a converter bug must not stop the batch; report it plainly
            return FileResult(src.relpath, "failed",
                              error=f"{src.relpath}: unexpected {type(exc).__name__}: {exc}")

    def _ingest_file(self, src: SourceFile, superseded: list[str]) -> FileResult:
        size = src.path.stat().st_size
        if size == 0:
            raise EmptyFileError(src.relpath, "0 bytes")
        if size > self.max_bytes:
            raise FileTooLargeError(
                src.relpath, f"{size / 1e6:.1f} MB > limit {self.max_bytes / 1e6:.0f} MB; "
                "raise COPILOT_MAX_FILE_MB to allow it")
        key = str(src.path)
        digest = sha256_file(src.path)
        state = self.catalog.file_state(key)
        previous = state[0] if state else None
        converter = self._convert_with(src)
        if state == (digest, converter.ident):
            return FileResult(src.relpath, "unchanged", len(self.catalog.chunk_ids_for(key)))
        doc = converter.convert(src)
        chunks = chunk_document(doc, self.max_chunk_chars)
        if not chunks:
            raise EmptyFileError(src.relpath, "no text or rows could be read from it")
        old_ids = self.catalog.chunk_ids_for(key)
        self._write_indexes([c for c in chunks if c.id not in old_ids])
        changed = self.catalog.replace_file(
            FileRow(key, src.relpath, digest, size, converter.ident), doc.info, chunks)
        superseded.extend(f"{s} ({d} Rev {r})" for s, d, r in changed)
        stale = old_ids - {c.id for c in chunks}
        for index in self.indexes:
            index.delete(stale)
        return FileResult(src.relpath, "updated" if previous else "added", len(chunks),
                          kind=doc.info.kind, warnings=doc.warnings)

    def _convert_with(self, src: SourceFile) -> Converter:
        return self.registry.pick(src)[0]

    def _write_indexes(self, chunks: list[Chunk]) -> None:
        if not chunks:
            return
        vectors = self.embedder.embed_documents([c.text for c in chunks], self.batch_size)
        for index in self.indexes:
            index.upsert(chunks, vectors)
