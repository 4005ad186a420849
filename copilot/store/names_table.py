"""The names each file writes ("Chiller 6", "Step 4", "제92조"), kept beside its chunks in the
catalog's transaction so that "does any document name Chiller 5?" is one indexed read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from copilot.core.access import PUBLIC_LABEL, AccessScope
from copilot.core.lexicon.names import REVISION_KIND, Name, names_in
from copilot.core.types import Chunk
from copilot.store.scope import scope_sql

NAMES_VERSION = "4"  # bump when names_in changes: the catalog re-reads every file's chunks
NAMES_SCHEMA = """
CREATE TABLE IF NOT EXISTS names (
    path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    kind TEXT NOT NULL, ident TEXT NOT NULL, access TEXT NOT NULL,
    PRIMARY KEY (path, kind, ident));
CREATE INDEX IF NOT EXISTS names_kind ON names(kind, ident);
"""


def write(db: sqlite3.Connection, path: str, texts: Iterable[str],
                chunks: Sequence[Chunk]) -> None:
    """Replace the names of one file: those its chunks, title and file name write."""
    access = chunks[0].access if chunks else PUBLIC_LABEL
    found: set[Name] = set()
    for text in (*texts, *(c.text for c in chunks)):
        found |= names_in(text)
    db.execute("DELETE FROM names WHERE path=?", (path,))
    db.executemany("INSERT INTO names(path, kind, ident, access) VALUES (?,?,?,?)",
                   [(path, n.kind, n.ident, access) for n in sorted(found)])


def rebuild(db: sqlite3.Connection, chunks_of: Callable[[str], Sequence[Chunk]]) -> None:
    """Names of every indexed file, for a catalog written before this table."""
    for path, title in db.execute("SELECT path, COALESCE(title, '') FROM documents").fetchall():
        write(db, path, (path, title), chunks_of(path))
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
               ("names_version", NAMES_VERSION))


QueryFn = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]  # Catalog.query


def read(query: QueryFn, kinds: Iterable[str], scope: AccessScope) -> set[Name]:
    """Every name of the given kinds in the files ``scope`` may read."""
    wanted = sorted(set(kinds))
    if not wanted:
        return set()
    allowed, params = scope_sql(scope, "access")
    rows = query(
        f"SELECT DISTINCT kind, ident FROM names WHERE kind IN ({','.join('?' * len(wanted))}) "
        f"AND {allowed}", [*wanted, *params])
    return {Name(k, i) for k, i in rows}


def revisions(query: QueryFn, doc_id: str, scope: AccessScope) -> set[str] | None:
    """The revisions of a document id the files ``scope`` may read hold or mention ("Rev A" in
    a revision history); None when no readable file has that document id."""
    allowed, params = scope_sql(scope, "d.access")
    held = query(f"SELECT revision FROM documents d WHERE doc_id=? AND {allowed}",
                 [doc_id, *params])
    if not held:
        return None
    named = query("SELECT DISTINCT n.ident FROM names n JOIN documents d ON d.path = n.path "
                  f"WHERE d.doc_id=? AND n.kind=? AND {allowed}",
                  [doc_id, REVISION_KIND, *params])
    return {str(r[0]).upper() for r in (*held, *named) if r[0]}


def sections_named(query: QueryFn, name: Name, scope: AccessScope, limit: int = 20) -> list[str]:
    """The chunks of the section a name heads ("제104조": the article and its paragraphs), in
    the files that name it and ``scope`` may read."""
    allowed, params = scope_sql(scope, "c.access")
    rows = query(
        "SELECT c.id FROM chunks c JOIN names n ON n.path = c.path WHERE n.kind=? AND "
        f"n.ident=? AND c.locator LIKE ? AND {allowed} ORDER BY c.path, c.ordinal LIMIT ?",
        [name.kind, name.ident, f'%"section": "{name}%', *params, limit])
    return [str(r[0]) for r in rows]
