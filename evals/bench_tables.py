"""Table questions: planner + query latency at 100k rows, and exact answers beside plain RAG.

    python -m evals.bench tables [--rows 100000] [--home DIR]

- latency: the shared golden table questions over the real excavator log + haul-truck FMEA,
  then over the same data scaled to ``--rows`` work orders (each copy is another fleet of
  five excavators, assets A1..E18) plus 100 copies of the FMEA (another line's sheet each).
  Baseline in the same run: running the already-made plans (SQL engine only), so the ratio
  shows what planning (schema + value linking) adds. Target: p95 <= 100 ms at 100k rows.
- accuracy: every sample-plant golden table question answered twice by the same service,
  route auto (planner + SQL) and route "documents" (plain hybrid RAG, extractive answer),
  exact-answer rate per category. Needs an index of sample_docs (``--home``; otherwise one is
  built in a temporary folder, ~2-3 minutes).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from copilot.core.types import Chunk, Locator
from copilot.store.catalog import Catalog, FileRow
from copilot.tables.qa import TableQA
from evals.golden_format import load_golden
from evals.stats import percentile as _pct

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora"
UWA = SHARED / "uwa-fmea" / "fmea_dataset_combined.csv"
EXCAVATOR = SHARED / "excavator-work-orders" / "case_study_pdl.csv"
GOLDEN = REPO / "evals" / "golden"


def _converted(path: Path) -> tuple[Any, list[Chunk]]:
    from evals.tables_eval import convert_table

    got = convert_table(path)
    if got is None:
        raise ValueError(f"{path} is not a PFMEA / maintenance table")
    return got[0], got[1]


def _copies(info: Any, chunks: list[Chunk], k: int, rename_asset: bool) -> tuple[Any, list[Chunk]]:
    source = f"copy{k:03d}_{info.source}"
    out = []
    for c in chunks:
        meta = dict(c.metadata)
        if rename_asset and "asset" in meta:
            meta["asset"] = f"{meta['asset']}{k + 1}"
        out.append(replace(c, id=f"{c.id}-{k}", source=source, doc_id=f"{c.doc_id}-{k}",
                           locator=Locator.from_dict({**c.locator.to_dict(), "source": source}),
                           metadata=meta))
    return replace(info, source=source, doc_id=f"{info.doc_id}-{k}"), out


def build_scaled(catalog: Catalog, rows: int) -> int:
    wo_info, wo = _converted(EXCAVATOR)
    fm_info, fm = _converted(UWA)
    n = 0
    k = 0
    while n < rows:
        info, chunks = _copies(wo_info, wo, k, rename_asset=True)
        chunks = chunks[: rows - n]
        catalog.replace_file(FileRow(f"/bench/{info.source}", info.source, f"x{k}", 0, "bench"),
                             info, chunks)
        n += len(chunks)
        k += 1
    for j in range(100):
        info, chunks = _copies(fm_info, fm, j, rename_asset=False)
        catalog.replace_file(FileRow(f"/bench/{info.source}", info.source, f"f{j}", 0, "bench"),
                             info, chunks)
    catalog.recompute_status()
    return n


def latency(qa: TableQA, questions: list[str], repeat: int = 3) -> tuple[list[float], list[float]]:
    """(planner + query ms, query-only ms) per question run."""
    from copilot.core.text import tokenize

    tokenize("예열")  # the Korean morpheme model loads once, as in Copilot.warm_up
    qa.indexes()
    full: list[float] = []
    bare: list[float] = []
    for _ in range(repeat):
        for q in questions:
            t0 = time.perf_counter()
            planned = qa.plan(q)
            if planned is None:
                continue
            qa.run(planned.plan)
            t1 = time.perf_counter()
            qa.run(planned.plan)
            t2 = time.perf_counter()
            full.append((t1 - t0) * 1000)
            bare.append((t2 - t1) * 1000)
    return full, bare


def bench_latency(rows: int, row: Callable[..., None]) -> None:
    from evals.tables_eval import fill_catalog

    if not EXCAVATOR.exists() or not UWA.exists():
        print(f"skipped table latency: {SHARED} not found")
        return
    questions = [i.question for i in load_golden(GOLDEN / "shared_tables.jsonl")]
    today = date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as tmp:
        base = Catalog(Path(tmp) / "base.sqlite")
        fill_catalog(base, [UWA, EXCAVATOR])
        scaled = Catalog(Path(tmp) / "scaled.sqlite")
        t0 = time.perf_counter()
        n = build_scaled(scaled, rows)
        build_s = time.perf_counter() - t0
        for label, cat in (("5,485 WO + 330 FMEA rows", base),
                           (f"{n:,} WO + 33,000 FMEA rows", scaled)):
            full, bare = latency(TableQA(cat, today=lambda: today), questions)
            row(f"table question, {label}",
                f"planner + query p50 {_pct(full, 50):.1f} / p95 {_pct(full, 95):.1f} ms",
                f"query only p50 {_pct(bare, 50):.1f} / p95 {_pct(bare, 95):.1f} ms",
                f"ratio p95 {_pct(full, 95) / max(_pct(bare, 95), 1e-6):.2f}x",
                f"{len(full)} runs")
        row("table store build (catalog only, no vectors)",
            f"{n + 33000:,} rows in {build_s:.1f} s")


def bench_accuracy(home: Path | None, embedder_name: str, row: Callable[..., None]) -> None:
    from copilot.answering.request import Ask
    from copilot.core.settings import load_settings
    from copilot.serialize import answer_to_json
    from copilot.service import Copilot
    from copilot.store.embedders import create_embedder
    from evals.golden_format import score_answer as score

    items = load_golden(GOLDEN / "sample_plant_tables.jsonl")
    heldout = GOLDEN / "heldout_tables.jsonl"
    if heldout.exists():
        items += [i for i in load_golden(heldout) if i.id.startswith("ho-sp")]
    tmp = None
    if home is None:
        tmp = tempfile.TemporaryDirectory(prefix="copilot-bench-")
        home = Path(tmp.name)
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}),
                  embedder=create_embedder(embedder_name))
    try:
        if not app.catalog.file_paths():
            print(f"indexing sample_docs into {home} ...", flush=True)
            app.ingest([REPO / "sample_docs"])
        by: dict[str, dict[str, list[float]]] = {}
        for item in items:
            t = answer_to_json(app.ask(Ask(item.question, item.history, mode="extract")))
            d = answer_to_json(app.ask(Ask(item.question, item.history, mode="extract",
                                           route="documents")))
            for key in (item.category, "overall"):
                slot = by.setdefault(key, {"table": [], "rag": []})
                slot["table"].append(score(item, t).get("exact", 0.0))
                slot["rag"].append(score(item, d).get("exact", 0.0))
        for cat, s in sorted(by.items(), key=lambda kv: kv[0] != "overall"):
            n = len(s["table"])
            row(f"exact answers, {cat} (n={n})",
                f"planner + SQL {sum(s['table']) / n:.2f}",
                f"plain hybrid RAG {sum(s['rag']) / n:.2f}")
    finally:
        app.close()
        if tmp is not None:
            tmp.cleanup()
