"""Typed record tables inside the catalog's SQLite file, written in the catalog's transaction.

Why SQLite (and not DuckDB): the rows must change in the same all-or-nothing transaction as
the chunks they come from, so there is no second copy that can drift; each row references its
chunk (``ON DELETE CASCADE``), so removing or replacing a file removes its rows too. Measured
in ``evals/bench.py tables`` on 100k rows, the planner's queries stay far below the 100 ms target.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from copilot.core.schema import TABLES, TableSpec, table_for_kind
from copilot.core.types import Chunk, Scalar

# Bump when a table's columns change: the catalog rebuilds the rows from its chunks.
RECORDS_VERSION = "6"
_BASE = ("chunk_id", "path", "source", "doc_id", "sheet", "row", "extra", "search", "access")
_INDEXED = ("category", "number", "date", "id")


def ddl(spec: TableSpec) -> str:
    cols = ",\n    ".join(f"{c.name} {c.sql}" for c in spec.field_columns)
    return (
        f"CREATE TABLE IF NOT EXISTS {spec.name} (\n"
        "    chunk_id TEXT PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,\n"
        "    path TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL, sheet TEXT,\n"
        "    row INTEGER, extra TEXT NOT NULL,\n"  # text + locator stay in chunks: narrow rows
        "    search TEXT NOT NULL,\n"  # lower-cased text columns: meaning filters scan one column
        "    access TEXT NOT NULL,\n"  # the file's access label: every read filters on it
        f"    {cols});\n"
        f"CREATE INDEX IF NOT EXISTS {spec.name}_path ON {spec.name}(path);\n"
        f"CREATE INDEX IF NOT EXISTS {spec.name}_access ON {spec.name}(access);\n"
        + "".join(f"CREATE INDEX IF NOT EXISTS {spec.name}_{c.name} ON {spec.name}({c.name});\n"
                  for c in spec.field_columns if c.role in _INDEXED))


def schema_sql() -> str:
    return "".join(ddl(t) for t in TABLES)


def _typed(value: Scalar | None, sql: str) -> Scalar | None:
    """Coerce a record field to its column type; values that do not fit become NULL."""
    if value is None or value == "":
        return None
    try:
        if sql == "INTEGER":
            f = float(value)
            return int(f) if f.is_integer() else None
        if sql == "REAL":
            return float(value)
    except (TypeError, ValueError):
        return None
    return str(value)


def row_for(spec: TableSpec, chunk: Chunk, path: str) -> tuple[Any, ...]:
    meta: Mapping[str, Scalar] = chunk.metadata
    known = {c.name for c in spec.field_columns}
    extra = {k: v for k, v in meta.items() if k not in known and k != "sheet"}
    loc = chunk.locator
    search = " ".join(str(meta[c]) for c in spec.text_columns if meta.get(c) not in (None, ""))
    base = (chunk.id, path, chunk.source, chunk.doc_id, loc.sheet, loc.row,
            json.dumps(extra, ensure_ascii=False, default=str), search.lower(), chunk.access)
    return base + tuple(_typed(meta.get(c.name), c.sql) for c in spec.field_columns)


def write_records(db: sqlite3.Connection, path: str, chunks: Sequence[Chunk]) -> None:
    """Insert the typed rows of a file's table chunks (caller holds the transaction)."""
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for chunk in chunks:
        spec = table_for_kind(chunk.kind)
        if spec is not None:
            by_table.setdefault(spec.name, []).append(row_for(spec, chunk, path))
    for name, rows in by_table.items():
        spec = next(t for t in TABLES if t.name == name)
        cols = _BASE + tuple(c.name for c in spec.field_columns)
        db.executemany(
            f"INSERT OR REPLACE INTO {name} ({', '.join(cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})", rows)


def rebuild_records(db: sqlite3.Connection, chunks_by_path: Iterable[tuple[str, list[Chunk]]]
                    ) -> None:
    """Recreate every table row from the catalog's chunks (schema upgrade / first open)."""
    for spec in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {spec.name}")
    for statement in schema_sql().split(";\n"):
        if statement.strip():
            db.execute(statement)
    for path, chunks in chunks_by_path:
        write_records(db, path, chunks)
