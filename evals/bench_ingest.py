"""Ingestion speed (issue 18): today's pipeline against the new one, in one run, on one slice.

    python -m evals.bench ingest [--rows 500] [--big 20000]

- the same files go through the pipeline twice, each time into a fresh COPILOT_HOME: first as
  before issue 18 (every chunk's full text embedded, batches of 32: ``COPILOT_EMBED_COMPACT=0``),
  then as now (work-order rows embedded as their compact text, each distinct text once);
  chunks/s for both and the ratio;
- retrieval recall@10 (hybrid / BM25 / vector) on the shared-corpora golden items whose evidence
  is in the slice, after each ingest: the speed must not cost recall;
- a big run: ``--big`` work orders in the chiller CMMS shape (the real rows repeated with new
  ids, dates and durations) through the new pipeline, with time and chunks/s (0 skips it).

The slice (``--rows`` work orders sampled evenly from both logs, the FMEA sheet at the same
rate, both procedures, plus the excavator rows the golden items ask about) is read from ``../shared/corpora``; it is skipped with a reason
when that folder is absent.
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from evals.golden_format import GoldenItem, load_golden

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
GOLDEN = REPO / "evals" / "golden" / "shared_corpora.jsonl"
CHILLERS = "assetopsbench-chillers/chiller_work_orders.csv"
EXCAVATORS = "excavator-work-orders/case_study_pdl.csv"
WHOLE = ("uwa-fmea/fmea_dataset_filled.csv", "osha-1910-147-loto/29-CFR-1910.147_excerpt_c4_d_e_f_AppA.md",
         "kr-osh-rules-88-111/산업안전보건기준에관한규칙_제88조-제111조_excerpt.md")
REAL_WORK_ORDERS = 4248 + 5485  # rows in the two real logs
Row = Callable[..., None]


@dataclass(frozen=True)
class Run:
    """One ingest of the slice: chunks, seconds, and recall@10 per retrieval mode."""

    label: str
    chunks: int
    seconds: float
    recall: dict[str, float]
    cpu_s: float = 0.0  # this process's CPU time (all threads): steadier than wall on a busy box

    @property
    def rate(self) -> float:
        return self.chunks / self.seconds if self.seconds > 0 else 0.0


def _sample(path: Path, step: int, keep: Callable[[str], bool] = lambda _: False) -> str:
    """The header, every ``step``-th row and every row ``keep`` selects (rows are one line in
    these exports)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[:1] + [ln for n, ln in enumerate(lines[1:]) if n % step == 0 or keep(ln)])


def golden_items(items: list[GoldenItem] | None = None) -> list[GoldenItem]:
    """The shared-corpora items with evidence (aggregate and unanswerable items have none)."""
    return [i for i in (items or load_golden(GOLDEN)) if i.evidence]


def build_slice(corpora: Path, out: Path, rows: int) -> Path:
    """Write the slice to ``out``: about ``rows`` work orders sampled evenly from both logs and
    the FMEA sheet at the same rate (the real corpora's proportions), the procedures whole,
    and the excavator rows holding golden evidence (so recall can be scored)."""
    wanted = [g[0].lower() for i in golden_items() if i.category == "work_order_lookup"
              for g in i.evidence]
    step = max(1, REAL_WORK_ORDERS // max(rows, 1))
    out.mkdir(parents=True, exist_ok=True)
    (out / "chillers.csv").write_text(_sample(corpora / CHILLERS, step), encoding="utf-8")
    (out / "excavators.csv").write_text(
        _sample(corpora / EXCAVATORS, step, lambda ln: any(w in ln.lower() for w in wanted)),
        encoding="utf-8")
    fmea, *procedures = WHOLE
    (out / Path(fmea).name).write_text(_sample(corpora / fmea, step), encoding="utf-8")
    for name in procedures:
        (out / Path(name).name).write_bytes((corpora / name).read_bytes())
    return out


def chiller_rows(corpora: Path, n: int) -> Iterator[list[str]]:
    """``n`` work orders in the chiller CMMS shape: the real rows again and again, each pass
    with new ids, dates moved on and durations varied (the texts repeat, as in real logs)."""
    with (corpora / CHILLERS).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        yield next(reader)
        real = list(reader)
    for i in range(n):
        r = list(real[i % len(real)])
        r[0] = f"WO{900000 + i}"
        when = datetime.strptime(r[11], "%m/%d/%y %H:%M") + timedelta(days=(i // len(real)) * 41)
        r[11] = f"{when.month}/{when.day}/{when.strftime('%y %H:%M')}"
        r[12] = f"{1 + i % 7}:{(i * 15) % 60:02d}"
        yield r


def write_big(corpora: Path, out: Path, n: int) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(chiller_rows(corpora, n))
    path = out / f"chillers_{n}.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def recall(app: object, items: list[GoldenItem], k: int = 10) -> dict[str, float]:
    """Mean evidence recall@k per retrieval mode (the eval runner's rule)."""
    from evals.runner import MODES, retrieval_metrics

    out: dict[str, float] = {}
    for mode, weights in MODES.items():
        scores = [retrieval_metrics(item, [h.chunk.text for h in app.retriever.search(  # type: ignore[attr-defined]
            item.question, k, weights=weights).hits])["recall"] for item in items]
        out[mode] = sum(scores) / len(scores) if scores else 0.0
    return out


@contextmanager
def _app(env: dict[str, str], embedder: object) -> Iterator[object]:
    from copilot.core.settings import load_settings
    from copilot.service import Copilot

    with tempfile.TemporaryDirectory() as home:
        app = Copilot(load_settings(env={"COPILOT_HOME": home, **env}), embedder=embedder)  # type: ignore[arg-type]
        try:
            yield app
        finally:
            app.close()


def ingest_once(label: str, folder: Path, env: dict[str, str], embedder: object,
                items: list[GoldenItem]) -> Run:
    with _app(env, embedder) as app:
        t, c = time.perf_counter(), time.process_time()
        report = app.ingest([folder])  # type: ignore[attr-defined]
        took, cpu = time.perf_counter() - t, time.process_time() - c
        return Run(label, report.chunks_written, took, recall(app, items), cpu)


def present(items: list[GoldenItem], folder: Path) -> list[GoldenItem]:
    """Items whose every evidence group is in the slice's text (scored fairly on a slice)."""
    from evals.golden_format import group_found

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))
    return [i for i in items if all(group_found(g, text) for g in i.evidence)]


def bench_ingest_speed(embedder_name: str, rows: int, big: int, row: Row,
                       corpora: Path = CORPORA) -> tuple[Run, Run] | None:
    """Today's pipeline vs the new one on one slice; then the big run. None when skipped."""
    from copilot.store.embedders import create_embedder

    if not (corpora / CHILLERS).is_file():
        row("ingest (issue 18)", f"skipped: {corpora} is absent (the shared real corpora)")
        return None
    emb = create_embedder(embedder_name)
    emb.warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_slice(corpora, Path(tmp) / "slice", rows)
        items = present(golden_items(), folder)
        before = ingest_once("today", folder, {"COPILOT_EMBED_COMPACT": "0",
                                                "COPILOT_EMBED_BATCH_SIZE": "32"}, emb, items)
        after = ingest_once("new", folder, {}, emb, items)
        for r in (before, after):
            row(f"ingest real-corpora slice (~{rows} work orders + FMEA + procedures), {r.label}",
                f"{r.chunks} chunks", f"{r.seconds:.0f} s", f"{r.rate:.1f} chunks/s",
                f"CPU {r.cpu_s:.0f} s",
                " ".join(f"{m} recall@10 {v:.3f}" for m, v in r.recall.items()),
                f"{len(items)} golden items")
        row("ingest speed-up, same run, same files",
            f"{after.rate / max(before.rate, 1e-9):.1f}x chunks/s",
            f"{before.cpu_s / max(after.cpu_s, 1e-9):.1f}x less CPU",
            "target >= 5x at equal or better recall")
        if big:
            bench_big(corpora, Path(tmp), big, emb, row)
    return before, after


def bench_big(corpora: Path, tmp: Path, n: int, embedder: object, row: Row) -> Run:
    folder = tmp / "big"
    folder.mkdir()
    write_big(corpora, folder, n)
    env = {"COPILOT_MAX_CHUNKS_PER_FILE": str(n + 1), "COPILOT_MAX_FILE_MB": "200"}
    run = ingest_once(f"{n:,} work orders", folder, env, embedder, [])
    row(f"ingest {n:,} chiller-shaped work orders (new pipeline)", f"{run.chunks} chunks",
        f"{run.seconds:.0f} s", f"{run.rate:.1f} chunks/s", f"CPU {run.cpu_s:.0f} s",
        f"100,000 at this rate: {100_000 / max(run.rate, 1e-9) / 60:.1f} min")
    return run
