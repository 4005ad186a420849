"""SQLite vs DuckDB for the typed record tables, measured on the same rows and queries.

    pip install --target /tmp/duckdb_pkg duckdb   # DuckDB is NOT a dependency; measurement only
    python -m evals.store_choice --duckdb-path /tmp/duckdb_pkg [--catalog CATALOG.sqlite]

Without --catalog the scaled bench catalog (100k work orders + 33k FMEA rows) is built first.
Queries are the shapes the planner emits: filtered counts, a text (LIKE) filter, a group-by sum,
a percentage and a top-N order. SQLite wins on what matters here anyway: the rows are written in
the catalog's own transaction, so they can never drift from the chunks they cite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = {
    "count, asset + year": "SELECT COUNT(*) FROM work_orders WHERE asset = 'D3' "
                           "AND date >= '2009-01-01' AND date < '2010-01-01'",
    "text filter (LIKE)": "SELECT COUNT(*) FROM work_orders WHERE search LIKE '%hyd%' "
                          "AND search LIKE '%leak%'",
    "group-by sum": "SELECT asset, SUM(cost) FROM work_orders WHERE date >= '2008-01-01' "
                    "GROUP BY asset ORDER BY 2 DESC LIMIT 1",
    "percentage": "SELECT 100.0 * SUM(CASE WHEN wo_type = 'PM02' THEN 1 ELSE 0 END) / COUNT(*) "
                  "FROM work_orders",
    "top-5 by cost": "SELECT chunk_id, cost FROM work_orders ORDER BY cost DESC LIMIT 5",
    "FMEA avg per component": "SELECT component, AVG(rpn) FROM pfmea GROUP BY component "
                              "ORDER BY 2 DESC LIMIT 1",
}


def timed(fn: object, n: int = 7) -> float:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.store_choice")
    ap.add_argument("--duckdb-path", required=True)
    ap.add_argument("--catalog")
    args = ap.parse_args(argv)
    sys.path.insert(0, args.duckdb_path)
    import sqlite3

    import duckdb

    tmp = tempfile.TemporaryDirectory()
    path = Path(args.catalog) if args.catalog else Path(tmp.name) / "scaled.sqlite"
    if not args.catalog:
        from copilot.store.catalog import Catalog
        from evals.bench_tables import build_scaled

        build_scaled(Catalog(path), 100000)
    lite = sqlite3.connect(path)
    duck = duckdb.connect()
    t = time.perf_counter()
    import csv

    types = {"INTEGER": "BIGINT", "REAL": "DOUBLE", "TEXT": "VARCHAR"}
    for table in ("work_orders", "pfmea"):
        info = lite.execute(f"PRAGMA table_info({table})").fetchall()
        cols = ", ".join(f"{c[1]} {types.get(c[2], 'VARCHAR')}" for c in info)
        dump = Path(tmp.name) / f"{table}.csv"
        with dump.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(lite.execute(f"SELECT * FROM {table}"))
        duck.execute(f"CREATE TABLE {table} ({cols})")
        duck.execute(f"COPY {table} FROM '{dump}' (HEADER false)")
    load_s = time.perf_counter() - t
    n = lite.execute("SELECT COUNT(*) FROM work_orders").fetchone()[0]
    print(f"rows: {n:,} work orders; DuckDB load {load_s:.1f} s\n")
    print("| query | SQLite ms | DuckDB ms |\n|---|---|---|")
    for name, sql in QUERIES.items():
        a = timed(lambda s=sql: lite.execute(s).fetchall())
        b = timed(lambda s=sql: duck.execute(s).fetchall())
        print(f"| {name} | {a:.1f} | {b:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
