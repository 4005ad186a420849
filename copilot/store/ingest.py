"""Incremental, crash-safe ingestion: files -> converters -> chunks -> indexes + catalog.

Per file, all-or-nothing: new chunks are embedded and written to every index first, then the
catalog swaps the file's chunks *and the revision status of its doc id* in one SQLite
transaction, then stale ids leave the indexes. A crash at any point leaves the catalog
consistent (never a superseded revision marked current) and the indexes with at most extra ids.
A run holds the catalog's ingest lock and ``dirty`` flag; an interrupted run is reported by
``status`` and repaired (:func:`repair_interrupted`) at the next start or run.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from copilot.core.access import PUBLIC_LABEL
from copilot.core.errors import (
    CopilotError,
    CorruptFileError,
    EmptyFileError,
    FileTooLargeError,
    IndexUnavailableError,
    IngestError,
)
from copilot.core.lexicon.injection import injected_lines
from copilot.core.settings import Settings
from copilot.core.types import Chunk
from copilot.store.access_rules import access_label
from copilot.store.catalog import Catalog, FileRow
from copilot.store.discovery import discover, discover_all
from copilot.store.embedders import Embedder
from copilot.store.embedding import RowProgressFn, VectorCache, vector_text
from copilot.store.index.base import Index
from copilot.store.report import FileResult, IngestReport, Progress
from ingestion.base import Converter, SourceFile
from ingestion.chunking import chunk_document
from ingestion.registry import ConverterRegistry

__all__ = ["FileLimits", "FileResult", "IngestPipeline", "IngestReport", "Progress", "check_pdf",
           "check_zip", "content_digest", "discover", "discover_all", "reconcile",
           "repair_interrupted", "sha256_file"]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_digest(chunks: Sequence[Chunk]) -> str:
    """A hash of what a file says, not of its bytes: a re-saved .docx, a CSV with CRLF instead
    of LF line ends or the same text in another format hash alike. Kind, revision, heading,
    the body with whitespace collapsed and the fields, in order. The heading keeps a work
    instruction's doc id in (two instructions may share their steps); rows have none, as
    their doc id is only the file name, and a renamed copy of a table is still a copy."""
    h = hashlib.sha256()
    for c in chunks:
        fields = json.dumps(dict(c.metadata), sort_keys=True, ensure_ascii=False, default=str)
        h.update(json.dumps([c.kind, c.revision or "", c.heading, " ".join(c.body.split()),
                             fields], ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def injection_warnings(chunks: Sequence[Chunk], shown: int = 3) -> tuple[str, ...]:
    """One warning per file whose passages address an AI assistant (flagged, kept as data)."""
    flagged = [c for c in chunks if c.metadata.get("injection")]
    if not flagged:
        return ()
    where = "; ".join(f"{c.locator}: \"{(injected_lines(c.body) or [c.body])[0][:80]}\""
                      for c in flagged[:shown])
    more = f" and {len(flagged) - shown} more" if len(flagged) > shown else ""
    return (f"possible prompt injection: {len(flagged)} passage(s) addressed to an AI assistant "
            f"({where}{more}); kept as document text, flagged in the source viewer, never "
            "quoted as an answer",)


DEFAULT_EMBED_RATE = 10.0  # chunks/s assumed before a run has measured its embedder: a slow CPU


def embed_estimate(chunks: int, measured: float | None) -> str:
    """How long embedding ``chunks`` will take, at the rate measured in this run if any."""
    rate = measured if measured and measured > 0 else DEFAULT_EMBED_RATE
    seconds = chunks / rate
    took = (f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
            if seconds < 90 * 60 else f"{seconds / 3600:.1f} h")
    where = ("measured in this run" if measured and measured > 0
             else "assumed (nothing embedded yet in this run)")
    shown = f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"
    return f"about {took} at {shown} chunks/s {where}"


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


@dataclass(frozen=True)
class FileLimits:
    """Per-file bounds (COPILOT_MAX_* settings); each refusal names the figure and setting."""

    max_file_mb: float = 50.0
    max_unzipped_mb: float = 200.0
    max_zip_ratio: float = 100.0
    max_zip_entries: int = 10_000
    max_chunks_per_file: int = 20_000
    max_pdf_pages: int = 2_000
    warn_chunks: int = 2_000  # above this a file gets a warning with its count

    @classmethod
    def from_settings(cls, s: Settings) -> FileLimits:
        return cls(max_file_mb=s.max_file_mb, max_unzipped_mb=s.max_unzipped_mb,
                   max_zip_ratio=s.max_zip_ratio, max_chunks_per_file=s.max_chunks_per_file,
                   max_pdf_pages=s.max_pdf_pages)


def check_zip(path: Path, relpath: str, limits: FileLimits) -> None:
    """Refuse a zip container (.docx, .xlsx, ...) that inflates too far before any parser
    opens it. Python's zipfile never yields more than an entry's declared size, so bounding the
    declared sizes bounds what python-docx / openpyxl can be made to read."""
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip, or a damaged one: its converter reports that in its own words
    if len(entries) > limits.max_zip_entries:
        raise FileTooLargeError(relpath, f"zip container with {len(entries):,} entries, over "
                                f"the limit of {limits.max_zip_entries:,}")
    total = sum(e.file_size for e in entries)
    if total > limits.max_unzipped_mb * 1024 * 1024:
        raise FileTooLargeError(relpath, f"inflates to {total / 1e6:,.0f} MB, over the limit of "
                                f"{limits.max_unzipped_mb:,.0f} MB; raise COPILOT_MAX_UNZIPPED_MB"
                                " to allow it")
    packed = max(path.stat().st_size, 1)
    if total > 1024 * 1024 and total / packed > limits.max_zip_ratio:
        raise FileTooLargeError(relpath, f"inflates {total / packed:,.0f}x ({packed / 1e6:.2f} MB"
                                f" -> {total / 1e6:,.0f} MB), over the ratio limit of "
                                f"{limits.max_zip_ratio:,.0f}x (a zip bomb?); raise "
                                "COPILOT_MAX_ZIP_RATIO to allow it")


def check_pdf(path: Path, relpath: str, limits: FileLimits) -> None:
    """Refuse a PDF with more pages than the limit before any page is parsed. PDFium reads
    only the page tree for the count (pdfminer would parse every page to count them)."""
    with path.open("rb") as fh:
        if b"%PDF-" not in fh.read(1024):
            return
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return  # damaged or encrypted: the PDF reader reports that in its own words
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > limits.max_pdf_pages:
        raise FileTooLargeError(relpath, f"PDF with {pages:,} pages, over the limit of "
                                f"{limits.max_pdf_pages:,}; split the file or raise "
                                "COPILOT_MAX_PDF_PAGES to allow it")


class IngestPipeline:
    """Runs one ingest over paths; owns no models, only wires the ports together."""

    def __init__(self, catalog: Catalog, indexes: Sequence[Index], embedder: Embedder,
                 registry: ConverterRegistry, *, max_file_mb: float = 50.0,
                 max_chunk_chars: int = 1500, batch_size: int = 32,
                 limits: FileLimits | None = None, index_duplicates: bool = False,
                 release: bool = True, controlled: Sequence[Path] = (), compact: bool = True,
                 rows_progress_min: int = 500) -> None:
        """``release``: this run may supersede current revisions (a release by a role allowed
        to); otherwise only files under a ``controlled`` folder may, and the others claiming
        an existing document number wait as pending approval. ``compact``: work-order rows are
        embedded as their compact text (:func:`vector_text`); False embeds every chunk's full
        text (the pipeline before issue 18, kept for the benchmark). A file with at least
        ``rows_progress_min`` chunks reports embedding progress inside it."""
        self.catalog, self.indexes, self.embedder = catalog, indexes, embedder
        self.release, self.controlled = release, tuple(controlled)
        self.index_duplicates = index_duplicates
        self.registry = registry
        self.limits = limits or FileLimits(max_file_mb=max_file_mb)
        self.max_bytes = int(self.limits.max_file_mb * 1024 * 1024)
        self.max_chunk_chars, self.batch_size = max_chunk_chars, batch_size
        self._embedded, self._embed_seconds = 0, 0.0  # the embedder's rate in this run
        self.compact, self.rows_progress_min = compact, rows_progress_min
        self.vectors = VectorCache(embedder, batch_size)
        self._rows: RowProgressFn | None = None

    def embed_rate(self) -> float | None:
        """Chunks per second embedded so far by this pipeline; None before any measurement."""
        return self._embedded / self._embed_seconds if self._embed_seconds > 0 else None

    def reconcile(self) -> int:
        """Drop index ids the catalog does not know (left by an interrupted run)."""
        return reconcile(self.catalog, self.indexes)

    def run(self, paths: Sequence[Path], prune: bool = False,
            progress: Progress | None = None,
            rows: RowProgressFn | None = None) -> IngestReport:
        """Ingest the paths; ``progress`` is called after each file is committed, ``rows``
        after each embedding batch inside a big file (rows done, total, ETA)."""
        t0 = time.perf_counter()
        report = IngestReport()
        self._rows = rows
        with self.catalog.run_lock():
            if self.catalog.get_meta("dirty") == "1":
                _repair(self.catalog, self.indexes)
            self.catalog.begin_run()
            discovery = discover_all(paths)
            found = discovery.files
            report.files.extend(discovery.skipped)
            for n, (_root, src) in enumerate(found, start=1):
                report.files.append(self._one(src, report.superseded, report.pending))
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

    def _one(self, src: SourceFile, superseded: list[str], pending: list[str]) -> FileResult:
        try:
            return self._ingest_file(src, superseded, pending)
        except IngestError as exc:
            return FileResult(src.relpath, "failed", error=str(exc))
        except CopilotError as exc:
            return FileResult(src.relpath, "failed", error=f"{src.relpath}: {exc}")
        except RecursionError:  # a parser walking markup nested thousands of levels deep
            err = CorruptFileError(src.relpath, "nested too deeply to read (thousands of levels "
                                   "of markup); save it again from its editor")
            return FileResult(src.relpath, "failed", error=str(err))
        except Exception as exc:  # a converter bug must not stop the batch; report it plainly
            return FileResult(src.relpath, "failed",
                              error=f"{src.relpath}: unexpected {type(exc).__name__}: {exc}")

    def _ingest_file(self, src: SourceFile, superseded: list[str],
                     pending: list[str]) -> FileResult:
        size = src.path.stat().st_size
        if size == 0:
            raise EmptyFileError(src.relpath, "0 bytes")
        if size > self.max_bytes:
            raise FileTooLargeError(
                src.relpath, f"{size / 1e6:.1f} MB > limit {self.max_bytes / 1e6:.0f} MB; "
                "raise COPILOT_MAX_FILE_MB to allow it")
        key = str(src.path)
        state = self.catalog.file_state(key)
        previous = state[0] if state else None
        converter = self._convert_with(src)
        access = access_label(src.path)
        digest = sha256_file(src.path)
        for side in converter.sidecars(src):  # e.g. a column-mapping override: edits re-convert
            digest = hashlib.sha256(f"{digest}:{sha256_file(side)}".encode()).hexdigest()
        if access != PUBLIC_LABEL:  # relabelling a file (.copilotaccess) re-converts it
            digest = hashlib.sha256(f"{digest}:access={access}".encode()).hexdigest()
        if state == (digest, converter.ident):
            return FileResult(src.relpath, "unchanged", len(self.catalog.chunk_ids_for(key)))
        if not self.index_duplicates and (twin := self._twin(key, digest)):
            return self._duplicate(src, f"same bytes as {twin}, which is indexed",
                                   had_content=previous is not None)
        check_zip(src.path, src.relpath, self.limits)
        check_pdf(src.path, src.relpath, self.limits)
        doc = converter.convert(src)
        chunks = chunk_document(doc, self.max_chunk_chars, access)
        if not chunks:
            raise EmptyFileError(src.relpath, "no text or rows could be read from it")
        content = content_digest(chunks)
        if not self.index_duplicates and (twin := self._content_twin(key, content)):
            return self._duplicate(src, f"same content as {twin} (the bytes differ: re-saved "
                                   "or another format)", had_content=previous is not None)
        warnings = doc.warnings
        most = self.limits.max_chunks_per_file
        if len(chunks) > most:
            raise FileTooLargeError(src.relpath, f"{len(chunks):,} chunks (steps, sections or "
                                    f"rows), over the limit of {most:,} per file; split the file"
                                    " or raise COPILOT_MAX_CHUNKS_PER_FILE")
        if len(chunks) > self.limits.warn_chunks:
            warnings = (*warnings, f"large file: {len(chunks):,} chunks to embed, "
                        f"{embed_estimate(len(chunks), self.embed_rate())}")
        warnings = (*warnings, *injection_warnings(chunks))
        old_ids = self.catalog.chunk_ids_for(key)
        self._write_indexes([c for c in chunks if c.id not in old_ids], src.relpath)
        changed = self.catalog.replace_file(
            FileRow(key, src.relpath, digest, size, converter.ident, content), doc.info, chunks,
            may_supersede=self.release or self._controlled(src.path))
        superseded.extend(f"{s} ({d} Rev {r})" for s, d, r in changed)
        if self.catalog.is_pending(key):
            info = doc.info
            claim = f"{info.doc_id}" + (f" Rev {info.revision}" if info.revision else "")
            pending.append(f"{src.relpath} ({claim})")
            warnings = (*warnings, f"pending approval: claims {claim}, a document number already"
                        " indexed from another file; it is not searched or cited until someone "
                        "allowed to release documents approves it (or it is ingested from a "
                        "controlled folder, COPILOT_CONTROLLED_ROOTS)")
        stale = old_ids - {c.id for c in chunks}
        for index in self.indexes:
            index.delete(stale)
        return FileResult(src.relpath, "updated" if previous else "added", len(chunks),
                          kind=doc.info.kind, warnings=warnings)

    def _controlled(self, path: Path) -> bool:
        real = path.resolve()
        return any(real.is_relative_to(root) for root in self.controlled)

    def _twin(self, key: str, digest: str) -> str | None:
        """The source name of another indexed file, still on disk, with the same bytes."""
        return next((source for path, source in self.catalog.paths_with_sha256(digest)
                     if path != key and Path(path).is_file()), None)

    def _content_twin(self, key: str, content: str) -> str | None:
        """The source name of another indexed file, still on disk, with the same content."""
        return next((source for path, source in self.catalog.paths_with_content(content)
                     if path != key and Path(path).is_file()), None)

    def _duplicate(self, src: SourceFile, same: str, had_content: bool) -> FileResult:
        """Report a copy (same bytes, or same content) instead of indexing it twice (three
        copies would fill the top results and double every table count). If this path held
        other content before, that content is gone from disk, so its chunks leave the index."""
        if had_content:
            ids = self.catalog.remove_file(str(src.path))
            for index in self.indexes:
                index.delete(ids)
        return FileResult(src.relpath, "duplicate",
                          reason=f"{same}; not indexed twice (set COPILOT_INDEX_DUPLICATES=1 "
                          "to index every copy)")

    def _convert_with(self, src: SourceFile) -> Converter:
        return self.registry.pick(src)[0]

    def _write_indexes(self, chunks: list[Chunk], source: str = "") -> None:
        if not chunks:
            return
        started = time.perf_counter()
        texts = [vector_text(c) if self.compact else c.text for c in chunks]
        rows = self._rows if len(chunks) >= self.rows_progress_min else None
        vectors = self.vectors.vectors(texts, source, rows)
        self._embedded += len(chunks)
        self._embed_seconds += time.perf_counter() - started
        for index in self.indexes:
            index.upsert(chunks, vectors)
