"""Ingest while asking: questions asked during a large ingest, against the same questions idle.

    python -m evals.bench ingest-ask [--rows 1500]

The index holds ``sample_docs``; the golden questions are asked one after another with nothing
else running (idle), then again in a loop while a generated work-order export of ``--rows``
rows is ingested on another thread (the shape of an upload from the UI or API). Reported: how
many questions were answered during the ingest, errors, p50/p95 latency during vs idle (ratio),
and the ``status`` call behind ``/api/health``. Readers answer from the last committed files,
so the only cost during an ingest is the CPU the embedder takes.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from copilot.answering.request import Ask
from evals.stats import percentile

REPO = Path(__file__).resolve().parents[1]
Row = Callable[..., None]

ASSETS = ("PRS-01", "PRS-02", "NR-30", "DSP-30", "LKT-40", "OFL-50", "EOL-50", "LSR-60")
PROBLEMS = ("spindle bearing overheating", "hydraulic pressure low", "torque drift on spindle 3",
            "coolant leak at the quick coupling", "sealant bead gap", "servo alarm 21",
            "proximity sensor misaligned", "oil fill nozzle dripping", "laser marking faint")
ACTIONS = ("replaced bearing and regreased", "recalibrated transducer", "tightened fitting",
           "cleaned nozzle and purged", "adjusted sensor bracket", "reset drive and checked cable")


def work_order_export(path: Path, rows: int, seed: int = 11) -> Path:
    """A CMMS-style work-order CSV of ``rows`` rows (deterministic)."""
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Work Order", "Created", "Asset", "Description", "Action", "Downtime (min)"])
        for i in range(rows):
            day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
            out.writerow([f"WO-B{i:06d}", day, rnd.choice(ASSETS), rnd.choice(PROBLEMS),
                          rnd.choice(ACTIONS), rnd.randint(5, 240)])
    return path


def _questions(limit: int) -> list[str]:
    lines = (REPO / "evals" / "golden" / "sample_plant.jsonl").read_text(encoding="utf-8")
    return [json.loads(line)["question"] for line in lines.splitlines() if line.strip()][:limit]


def _timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def bench_ingest_ask(embedder_name: str, rows: int, row: Row, questions: int = 20) -> None:
    from copilot.core.settings import load_settings
    from copilot.service import Copilot

    asks = _questions(questions)
    with tempfile.TemporaryDirectory() as tmp:
        app = Copilot(load_settings(env={"COPILOT_HOME": f"{tmp}/home",
                                         "COPILOT_EMBEDDER": embedder_name}))
        try:
            app.ingest([REPO / "sample_docs"])
            for q in asks:  # warm caches the same way for both runs
                app.ask(Ask(q))
            idle = [_timed(partial(app.ask, Ask(q))) for q in asks]
            idle_status = [_timed(app.status) for _ in range(5)]
            export = work_order_export(Path(tmp) / "wo_export.csv", rows)
            during, status, errors = _asking_during_ingest(app, export, asks)
        finally:
            app.close()
    p95_idle, p95_during = percentile(idle, 95), percentile(during["ask"], 95)
    row(f"ingest-ask: {len(during['ask'])} questions answered during a {rows}-row ingest "
        f"({during['seconds']:.0f} s, {during['chunks']} chunks)", f"errors {errors}",
        f"p50 idle {percentile(idle, 50):.0f} ms / during {percentile(during['ask'], 50):.0f} ms",
        f"p95 idle {p95_idle:.0f} ms / during {p95_during:.0f} ms",
        f"ratio {p95_during / p95_idle:.1f}x", "target: > 0 answered, 0 errors")
    row("ingest-ask: status (/api/health) during the ingest",
        f"p95 idle {percentile(idle_status, 95):.0f} ms / during {percentile(status, 95):.0f} ms")


def _asking_during_ingest(app: Any, export: Path, asks: list[str]
                          ) -> tuple[dict[str, Any], list[float], int]:
    report: list[Any] = []
    t0 = time.perf_counter()
    run = threading.Thread(target=lambda: report.append(app.ingest([export])), daemon=True)
    run.start()
    times: list[float] = []
    status: list[float] = []
    errors = 0
    i = 0
    while run.is_alive():
        try:
            times.append(_timed(partial(app.ask, Ask(asks[i % len(asks)]))))
            status.append(_timed(app.status))
        except Exception:
            errors += 1
        i += 1
    run.join()
    seconds = time.perf_counter() - t0
    chunks = report[0].chunks_written if report else 0
    if not report or report[0].summary()["added"] != 1:
        errors += 1
    return {"ask": times or [float("nan")], "seconds": seconds, "chunks": chunks}, status, errors
