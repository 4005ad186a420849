"""The catalog: SQLite source of truth for files, documents (revisions, status) and chunks.

The vector and keyword indexes are derived from it. Invariant kept by the ingest pipeline:
every chunk id in the catalog is present in every index (indexes are written before the catalog
commits and pruned after), so after a crash an index can only hold *extra* ids, which searches
drop and the next ingest reconciles away.

Revision status (current / superseded) is recomputed for the affected doc ids inside the same
transaction that adds or removes a file, so no committed state ever serves a superseded
revision as current (the order of revisions: ``revisions.py``). An ingest run holds
``ingest.lock`` (an OS file lock, released by the kernel even on kill -9) and sets the ``dirty``
flag; ``dirty`` with the lock free means the last run was interrupted, which
:meth:`Catalog.run_state` reports and the next start repairs (``runs.py``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.core.access import PUBLIC_LABEL, UNRESTRICTED, AccessScope
from copilot.core.types import Chunk, DocumentInfo, Locator, heading_in
from copilot.store import names_table
from copilot.store.catalog_schema import CATALOG_SCHEMA as _SCHEMA
from copilot.store.records import RECORDS_VERSION, rebuild_records, schema_sql, write_records
from copilot.store.revisions import revision_key as revision_key  # re-exported for its users
from copilot.store.revisions import status_updates
from copilot.store.runs import IngestRuns, RunState
from copilot.store.scope import scope_sql

BUSY_SECONDS = 30.0


@dataclass(frozen=True)
class FileRow:
    path: str
    source: str
    sha256: str
    size: int
    converter: str
    content: str = ""  # digest of the extracted content (ingest.content_digest); "" = unknown


class Catalog:
    """Thread-safe wrapper over one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # WAL (in _SCHEMA) + a busy wait: several API workers and an ingest share this file.
        self._db = sqlite3.connect(path, timeout=BUSY_SECONDS, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA foreign_keys=ON")
        # Table questions scan the typed record tables: keep them in memory once read.
        self._db.execute("PRAGMA cache_size=-65536")
        self._db.execute("PRAGMA mmap_size=268435456")
        self._db.executescript(_SCHEMA)
        if "access" not in {r[1] for r in self._db.execute("PRAGMA table_info(documents)")}:
            self._db.execute(  # a catalog written before access labels: every file public
                f"ALTER TABLE documents ADD COLUMN access TEXT NOT NULL DEFAULT '{PUBLIC_LABEL}'")
        self._lock = threading.RLock()
        self._superseded_cache: tuple[int, tuple[frozenset[str], frozenset[str]]] | None = None
        self.runs = IngestRuns(self, path.with_name("ingest.lock"))
        self._ensure_records()

    def _ensure_records(self) -> None:
        """Typed record tables (PFMEA rows, work orders) and names exist and match the chunks."""
        self._db.executescript(names_table.NAMES_SCHEMA)
        if self.get_meta("names_version") != names_table.NAMES_VERSION:
            with self._lock, self._transaction():
                names_table.rebuild(self._db, self.chunks_of)
        if self.get_meta("records_version") == RECORDS_VERSION:
            self._db.executescript(schema_sql())
            return
        with self._lock:
            paths = self.file_paths()
            with self._transaction():
                rebuild_records(self._db, ((p, self.chunks_of(p)) for p in paths))
                self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                                 ("records_version", RECORDS_VERSION))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Read-only SQL over the catalog (the typed record tables), under the lock."""
        with self._lock:
            return list(self._db.execute(sql, params).fetchall())

    # -- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def meta_default(self, key: str, value: str) -> str:
        """The stored value of ``key``, storing ``value`` first if there is none (the first of
        several processes opening the catalog at once wins; all of them read the same value)."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value))
            return self.get_meta(key) or value

    def _bump(self) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    # -- files --------------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction (call with ``_lock`` held): committed whole or rolled back."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def file_state(self, path: str) -> tuple[str, str] | None:
        """(sha256, converter ident) recorded for a file, if it is indexed."""
        with self._lock:
            row = self._db.execute("SELECT sha256, converter FROM files WHERE path=?",
                                   (path,)).fetchone()
            return None if row is None else (str(row[0]), str(row[1]))

    def paths_with_sha256(self, sha256: str) -> list[tuple[str, str]]:
        """(path, source) of every indexed file whose bytes have this hash."""
        return [(r[0], r[1]) for r in self.query(
            "SELECT path, source FROM files WHERE sha256=? ORDER BY path", (sha256,))]

    def paths_with_content(self, digest: str) -> list[tuple[str, str]]:
        """(path, source) of every indexed file whose extracted content has this digest."""
        return [(r[0], r[1]) for r in self.query(
            "SELECT f.path, f.source FROM file_content c JOIN files f ON f.path = c.path "
            "WHERE c.digest=? ORDER BY f.path", (digest,))]

    def file_paths(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT path FROM files ORDER BY path")]

    def path_for_source(self, source: str, scope: AccessScope = UNRESTRICTED) -> str | None:
        """The indexed file named ``source`` (or its path), if ``scope`` may read it."""
        allowed, params = scope_sql(scope, "d.access")
        with self._lock:
            row = self._db.execute(
                "SELECT f.path FROM files f JOIN documents d ON d.path = f.path "
                f"WHERE (f.source=? OR f.path=?) AND {allowed}",
                (source, source, *params)).fetchone()
            return None if row is None else str(row[0])

    def chunk_ids_for(self, path: str) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT id FROM chunks WHERE path=?", (path,))}

    def replace_file(self, row: FileRow, info: DocumentInfo, chunks: Sequence[Chunk],
                     may_supersede: bool = True) -> list[tuple[str, str, str]]:
        """Swap a file's document and chunks, and the revision status of its doc id, in one
        transaction (all-or-nothing). Returns (source, doc_id, revision) newly superseded.

        Document control: unless ``may_supersede`` (a release, or a controlled folder), a file
        claiming the doc id of a current document held at another path waits as ``pending``
        (not searched, cited or counted) until :meth:`approve`."""
        with self._lock:
            with self._transaction():
                old = self._db.execute("SELECT doc_id FROM documents WHERE path=?",
                                       (row.path,)).fetchone()
                claimed = not may_supersede and self._db.execute(
                    "SELECT 1 FROM documents WHERE doc_id=? AND path!=? AND status='current'",
                    (info.doc_id, row.path)).fetchone() is not None
                self._db.execute("DELETE FROM files WHERE path=?", (row.path,))
                self._db.execute(
                    "INSERT INTO files(path, source, sha256, size, converter) VALUES (?,?,?,?,?)",
                    (row.path, row.source, row.sha256, row.size, row.converter))
                self._db.execute("DELETE FROM file_content WHERE path=?", (row.path,))
                if row.content:
                    self._db.execute("INSERT INTO file_content(path, digest) VALUES (?, ?)",
                                     (row.path, row.content))
                self._db.execute(
                    "INSERT INTO documents(path, doc_id, kind, title, revision, effective_date, "
                    "station, language, source, extra, status, access) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (row.path, info.doc_id, info.kind, info.title, info.revision,
                     info.effective_date, info.station, info.language, row.source,
                     json.dumps(dict(info.extra), ensure_ascii=False, default=str),
                     "pending" if claimed else "current",
                     chunks[0].access if chunks else PUBLIC_LABEL))
                self._db.executemany(
                    "INSERT OR REPLACE INTO chunks(id, path, ordinal, kind, doc_id, source, "
                    "revision, language, access, text, locator, metadata) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(c.id, row.path, i, c.kind, c.doc_id, c.source, c.revision, c.language,
                      c.access, c.text, json.dumps(c.locator.to_dict(), ensure_ascii=False),
                      json.dumps(dict(c.metadata), ensure_ascii=False, default=str))
                     for i, c in enumerate(chunks)])
                write_records(self._db, row.path, chunks)
                names_table.write(self._db, row.path, (row.source, info.title or ""), chunks)
                changed = self._restatus({info.doc_id} | ({old[0]} if old else set()))
                self._bump()
            return changed

    def remove_file(self, path: str) -> set[str]:
        """Delete a file's document and chunks (and restore the status of its doc id's other
        revisions) in one transaction; returns the removed chunk ids."""
        with self._lock:
            ids = self.chunk_ids_for(path)
            with self._transaction():
                old = self._db.execute("SELECT doc_id FROM documents WHERE path=?",
                                       (path,)).fetchone()
                self._db.execute("DELETE FROM chunks WHERE path=?", (path,))
                self._db.execute("DELETE FROM documents WHERE path=?", (path,))
                self._db.execute("DELETE FROM files WHERE path=?", (path,))
                self._db.execute("DELETE FROM file_content WHERE path=?", (path,))
                self._restatus({old[0]} if old else set())
                self._bump()
            return ids

    # -- revisions ----------------------------------------------------------------------------
    def is_pending(self, path: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT status FROM documents WHERE path=?",
                                   (path,)).fetchone()
            return row is not None and row[0] == "pending"

    def approve(self, path: str) -> list[tuple[str, str, str]]:
        """A pending document joins its doc id's revisions (the newest is current), in one
        transaction. Returns (source, doc_id, revision) of documents that became superseded."""
        with self._lock:
            with self._transaction():
                row = self._db.execute("SELECT doc_id FROM documents WHERE path=? AND "
                                       "status='pending'", (path,)).fetchone()
                if row is None:
                    return []
                self._db.execute("UPDATE documents SET status='current' WHERE path=?", (path,))
                changed = self._restatus({row[0]})
                self._bump()
            return changed

    def _restatus(self, doc_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """Inside an open transaction: newest revision of each doc id current, older ones
        superseded (pending documents wait aside). Returns (source, doc_id, revision) of
        documents that became superseded."""
        changed: list[tuple[str, str, str]] = []
        for doc_id in sorted(doc_ids):
            docs = self._db.execute(
                "SELECT path, doc_id, revision, effective_date, status, source FROM documents "
                "WHERE doc_id=? AND status!='pending'", (doc_id,)).fetchall()
            if not docs:
                continue
            source = {r[0]: r for r in docs}
            for status, by, path, superseded in status_updates(docs):
                if superseded:
                    changed.append((source[path][5], doc_id, source[path][2] or ""))
                self._db.execute("UPDATE documents SET status=?, superseded_by=? WHERE path=?",
                                 (status, by, path))
        return changed

    def recompute_status(self) -> list[tuple[str, str, str]]:
        """Recompute every doc id's revision status (repairs catalogs written before status
        moved into the file's own transaction). Returns documents that became superseded."""
        with self._lock:
            with self._transaction():
                ids = [r[0] for r in self._db.execute("SELECT DISTINCT doc_id FROM documents")]
                changed = self._restatus(ids)
                self._bump()
            return changed

    # -- ingest runs (runs.py) -----------------------------------------------------------------
    def run_lock(self) -> AbstractContextManager[None]:
        """Hold the index's ingest lock (one writer run at a time, across processes)."""
        return self.runs.lock()

    def begin_run(self) -> None:
        self.runs.begin()

    def end_run(self) -> None:
        self.runs.end()

    def run_state(self) -> RunState:
        return self.runs.state()

    def mark_repaired(self, stale_ids_dropped: int, superseded: int) -> None:
        self.runs.mark_repaired(stale_ids_dropped, superseded)

    def set_many(self, items: Sequence[tuple[str, str]]) -> None:
        """Write meta pairs in one transaction."""
        with self._lock, self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                                 items)

    def superseded_chunk_ids(self) -> frozenset[str]:
        """Chunks of superseded revisions."""
        return self._chunk_ids_by_status()[0]

    def pending_chunk_ids(self) -> frozenset[str]:
        """Chunks of documents waiting for approval (never searched or cited)."""
        return self._chunk_ids_by_status()[1]

    def _chunk_ids_by_status(self) -> tuple[frozenset[str], frozenset[str]]:
        with self._lock:
            gen = self.generation()
            if self._superseded_cache and self._superseded_cache[0] == gen:
                return self._superseded_cache[1]
            rows = self._db.execute(
                "SELECT c.id, d.status FROM chunks c JOIN documents d ON c.path = d.path "
                "WHERE d.status IN ('superseded', 'pending')").fetchall()
            got = (frozenset(r[0] for r in rows if r[1] == "superseded"),
                   frozenset(r[0] for r in rows if r[1] == "pending"))
            self._superseded_cache = (gen, got)
            return got

    # -- chunks -------------------------------------------------------------------------------
    def get_chunks(self, ids: Sequence[str],
                   scope: AccessScope = UNRESTRICTED) -> dict[str, Chunk]:
        """Chunks by id (unknown ids and those ``scope`` may not read are simply absent),
        status from their document."""
        out: dict[str, Chunk] = {}
        allowed, scope_params = scope_sql(scope, "c.access")
        with self._lock:
            for i in range(0, len(ids), 500):
                part = list(ids[i : i + 500])
                q = ("SELECT c.id, c.text, c.kind, c.doc_id, c.source, c.locator, c.language, "
                     "c.revision, d.status, c.access, c.metadata FROM chunks c JOIN documents d "
                     f"ON c.path = d.path WHERE c.id IN ({','.join('?' * len(part))}) "
                     f"AND {allowed}")
                for r in self._db.execute(q, [*part, *scope_params]):
                    out[r[0]] = Chunk(
                        id=r[0], text=r[1], kind=r[2], doc_id=r[3], source=r[4],
                        locator=Locator.from_dict(json.loads(r[5])), language=r[6],
                        revision=r[7], status=r[8], access=r[9], metadata=json.loads(r[10]),
                        heading=heading_in(r[1], r[2], r[3]))
        return out

    def chunks_of(self, path: str, scope: AccessScope = UNRESTRICTED) -> list[Chunk]:
        with self._lock:
            ids = [r[0] for r in self._db.execute(
                "SELECT id FROM chunks WHERE path=? ORDER BY ordinal", (path,))]
        got = self.get_chunks(ids, scope)
        return [got[i] for i in ids if i in got]

    def all_chunk_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT id FROM chunks")}

    def documents(self, scope: AccessScope = UNRESTRICTED) -> list[dict[str, Any]]:
        """Indexed documents ``scope`` may read, with their access label and flagged chunks."""
        allowed, params = scope_sql(scope, "d.access")
        with self._lock:
            cur = self._db.execute(
                "SELECT d.source, d.doc_id, d.kind, d.title, d.revision, d.effective_date, "
                "d.station, d.language, d.status, d.superseded_by, d.access, COUNT(c.id), "
                "SUM(c.metadata LIKE '%\"injection\": true%'), d.extra "
                "FROM documents d LEFT JOIN chunks c ON c.path = d.path "
                f"WHERE {allowed} GROUP BY d.path ORDER BY d.source", params)
            keys = ("source", "doc_id", "kind", "title", "revision", "effective_date", "station",
                    "language", "status", "superseded_by", "access", "chunks", "flagged")
            return [dict(zip(keys, (*r[:-2], int(r[-2] or 0)), strict=True)) | _mapping(r[-1])
                    for r in cur]

    def chunk_counts(self, scope: AccessScope = UNRESTRICTED) -> dict[str, int]:
        allowed, params = scope_sql(scope, "access")
        with self._lock:
            return {r[0]: int(r[1]) for r in self._db.execute(
                f"SELECT kind, COUNT(*) FROM chunks WHERE {allowed} GROUP BY kind ORDER BY kind",
                params)}

    def iter_chunks(self, batch: int = 1000,
                    scope: AccessScope = UNRESTRICTED) -> Iterable[list[Chunk]]:
        ids = sorted(self.all_chunk_ids())
        for i in range(0, len(ids), batch):
            got = self.get_chunks(ids[i : i + batch], scope)
            yield [got[x] for x in ids[i : i + batch] if x in got]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _mapping(extra: str) -> dict[str, Any]:
    """A table's column mapping (inferred or overridden), when the converter recorded one."""
    try:
        info = json.loads(extra or "{}")
        columns = json.loads(info["column_mapping"]) if "column_mapping" in info else None
    except (ValueError, TypeError):
        return {}
    return {"columns": columns, "mapping": info.get("mapping")} if columns else {}
