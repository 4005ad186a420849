"""Table questions without vectors: converters -> catalog -> planner -> SQL, scored per category.

The typed tables are filled through the real converters and ``Catalog.replace_file`` (the
same code path as ingestion) but without embedding, so the 5,485-row excavator log is ready in
seconds. Used by ``python -m copilot eval GOLDEN --tables-only --corpus DIR`` and the bench.

    python -m evals.tables_eval evals/golden/shared_tables.jsonl --corpus ../shared/corpora
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from copilot.core.errors import CopilotError
from copilot.core.types import Chunk, DocumentInfo
from copilot.store.catalog import Catalog, FileRow
from copilot.tables.qa import TableQA
from evals.golden_format import GoldenItem, load_golden, score_answer
from evals.stats import percentile
from ingestion.base import SourceFile
from ingestion.chunking import chunk_document
from ingestion.registry import ConverterRegistry, default_registry

TABLE_KINDS = ("pfmea", "maintenance_log")


def convert_table(path: Path, rel: str | None = None,
                  reg: ConverterRegistry | None = None) -> tuple[DocumentInfo, list[Chunk], str] | None:
    """A PFMEA / maintenance file through its converter and the chunker: (document, chunks,
    converter id), or None when it is not a table file these converters read."""
    sf = SourceFile(path, rel or path.name)
    picked = (reg or default_registry()).pick(sf)
    if not picked:
        return None
    try:
        doc = picked[0].convert(sf)
    except CopilotError:
        return None  # not a table file this converter can read (e.g. a work instruction)
    if doc.info.kind not in TABLE_KINDS:
        return None
    return doc.info, chunk_document(doc), picked[0].ident


def fill_catalog(catalog: Catalog, files: Iterable[Path], root: Path | None = None) -> int:
    """Convert table files (PFMEA, maintenance logs) into the catalog; returns rows written."""
    reg = default_registry()
    n = 0
    for path in files:
        rel = str(path.relative_to(root)) if root else path.name
        got = convert_table(path, rel, reg)
        if got is None:
            continue
        info, chunks, ident = got
        row = FileRow(str(path), rel, hashlib.sha256(path.read_bytes()).hexdigest(),
                      path.stat().st_size, ident)
        catalog.replace_file(row, info, chunks)
        n += len(chunks)
    catalog.recompute_status()
    return n


def table_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and p.suffix.lower() in (".csv", ".xlsx", ".xls"))


def summarize(rows: list[tuple[GoldenItem, dict[str, float], float]]) -> dict[str, Any]:
    def block(rs: list[tuple[GoldenItem, dict[str, float], float]]) -> dict[str, Any]:
        def mean(key: str) -> float | None:
            xs = [m[key] for _, m, _ in rs if key in m]
            return round(statistics.fmean(xs), 3) if xs else None
        lat = [ms for _, _, ms in rs]
        return {"n": len(rs), "exact": mean("exact"), "fact_recall": mean("fact_recall"),
                "route_accuracy": mean("route_correct"),
                "p50_ms": round(percentile(lat, 50), 1) if lat else None,
                "p95_ms": round(percentile(lat, 95), 1) if lat else None}

    by: dict[str, list[tuple[GoldenItem, dict[str, float], float]]] = {}
    for r in rows:
        by.setdefault(r[0].category, []).append(r)
        by.setdefault(f"lang:{r[0].lang}", []).append(r)
    return {"overall": block(rows), "by_category": {k: block(v) for k, v in sorted(by.items())}}


def run(golden: Path, corpus: list[Path], today: date | None = None,
        out: Path | None = None) -> dict[str, Any]:
    from copilot.serialize import answer_to_json

    with tempfile.TemporaryDirectory(prefix="copilot-tables-") as tmp:
        cat = Catalog(Path(tmp) / "catalog.sqlite")
        for root in corpus:
            fill_catalog(cat, table_files(root) if root.is_dir() else [root],
                         root if root.is_dir() else None)
        qa = TableQA(cat, today=(lambda: today) if today else date.today)
        qa.indexes()  # value indexes built once, outside the per-question timing
        from copilot.core.text import tokenize

        tokenize("예열")  # loads the Korean morpheme model (as Copilot.warm_up does)
        rows = []
        results = []
        for item in load_golden(golden):
            t0 = time.perf_counter()
            ta = qa.answer(item.question)
            ms = (time.perf_counter() - t0) * 1000
            ans = answer_to_json(ta.answer) if ta else None
            m = score_answer(item, ans)
            rows.append((item, m, ms))
            results.append({"id": item.id, "category": item.category, "metrics": m,
                            "answer": ans["answer"] if ans else None,
                            "plan": ans["plan"] if ans else None})
        cat.close()
    if out:
        out.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in results) + "\n",
                       encoding="utf-8")
    return summarize(rows)


def markdown(summary: dict[str, Any], title: str) -> str:
    cols = ("n", "exact", "fact_recall", "route_accuracy", "p50_ms", "p95_ms")
    lines = [f"# Table questions: {title}", "", "| slice | " + " | ".join(cols) + " |",
             "|---" * (len(cols) + 1) + "|"]
    for name, d in (("overall", summary["overall"]), *summary["by_category"].items()):
        lines.append(f"| {name} | " + " | ".join("–" if d[c] is None else str(d[c])
                                                  for c in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.tables_eval", description=__doc__)
    ap.add_argument("golden")
    ap.add_argument("--corpus", action="append", required=True, metavar="DIR_OR_FILE")
    ap.add_argument("--today", help="ISO date that 'this year' / 'last quarter' refer to")
    ap.add_argument("--out", metavar="results.jsonl")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    summary = run(Path(args.golden), [Path(c) for c in args.corpus],
                  date.fromisoformat(args.today) if args.today else None,
                  Path(args.out) if args.out else None)
    print(json.dumps(summary, indent=2) if args.json else markdown(summary, args.golden))
    return 0


if __name__ == "__main__":
    sys.exit(main())
