"""Issue 18, ingestion speed: compact texts, each distinct text embedded once, the same vectors
as before for the same text, progress with an ETA inside a big file, the benchmark run small."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from copilot import cli
from copilot.cli_progress import RowsPrinter
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder, Matrix
from copilot.store.embedding import RowProgress, VectorCache, vector_text
from tests.conftest import SHARED_CORPORA
from tests.fakes import HashingEmbedder, chunk

pytestmark = pytest.mark.integration

HEADER = "Work Order,Date,Asset,Description,Failure Mode,Cost\n"
JOBS = ("Oil analysis on the compressor", "Replace condenser fan belt", "Refrigerant leak at valve")


def work_orders(path: Path, n: int) -> Path:
    """``n`` work orders whose descriptions repeat (three jobs), as a CMMS export does."""
    lines = [f"WO-{1000 + i},2024-01-{1 + i % 28:02d},CH-{1 + i % 2},{JOBS[i % 3]},"
             f"{'Leak' if i % 3 == 2 else 'Wear'},{100 + i}\n" for i in range(n)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


class Counting(Embedder):
    """Passes through to a real embedder and keeps every text the model was asked for."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.dim, self.seen = inner, inner.dim, list[str]()

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        self.seen.extend(texts)
        return self.inner.embed_batch(texts, query=query)


def test_a_work_order_embeds_its_words_not_its_id_date_or_cost() -> None:
    row = chunk("Work order WO-1 | 2024-01-03 | Asset CH-1 | Refrigerant leak at valve | Cost 120",
                kind="maintenance_log")
    row = type(row)(**{**row.__dict__, "metadata": {
        "work_order": "WO-1", "date": "2024-01-03", "asset": "CH-1", "cost": 120.0,
        "short_text": "Refrigerant leak at valve", "failure_mode": "Leak",
        "asset_description": "Chiller 1"}})
    assert vector_text(row) == "Refrigerant leak at valve | Leak | Chiller 1"
    step = chunk("[WI-7 Rev B] Torque\nTighten the M8 bolts to 25 Nm.")
    assert vector_text(step) == step.text  # documents embed their whole text, heading included


def test_each_distinct_text_is_embedded_once_with_the_vectors_of_before(
        embedder: Embedder) -> None:
    counting = Counting(embedder)
    texts = ["Refrigerant leak at valve", "Oil analysis on the compressor",
             "Refrigerant leak at valve", "냉각수 누설 점검"]
    got = VectorCache(counting, batch_size=2).vectors(texts)
    before = embedder.embed_documents(texts, 32)  # the path before issue 18: every text
    assert sorted(counting.seen) == sorted(set(texts))
    assert got.shape == before.shape
    assert np.allclose(got, before, atol=1e-5)


def test_the_run_cache_reuses_vectors_across_files_and_stays_bounded() -> None:
    fake = HashingEmbedder()
    cache = VectorCache(fake, batch_size=4, size=2)
    first = cache.vectors(["a b", "c d", "e f"])
    again = cache.vectors(["e f", "c d"])
    assert fake.calls == 1  # the last two texts of the first file were still cached
    assert np.allclose(again, first[[2, 1]])
    cache.vectors(["a b"])
    assert fake.calls == 2  # "a b" had left the bounded cache


def test_progress_inside_a_big_file_counts_rows_to_the_total(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    work_orders(folder / "log.csv", 90)
    events: list[RowProgress] = []
    app = Copilot(load_settings(env={"COPILOT_HOME": str(tmp_path / "home"),
                                     "COPILOT_EMBED_BATCH_SIZE": "2"}),
                  embedder=HashingEmbedder())
    try:
        app.ingest([folder], rows=events.append)  # 90 rows: under the 500-row bar, no events
        assert events == []
        work_orders(folder / "big.csv", 600)
        report = app.ingest([folder], rows=events.append)
    finally:
        app.close()
    assert report.chunks_written == 600
    done = [e.done for e in events]
    assert done == sorted(done) and done[-1] == 600 and len(events) > 1
    assert {e.total for e in events} == {600} and {e.source for e in events} == {"in/big.csv"}
    assert events[0].distinct == 3  # three jobs: the ids, dates, assets and costs differ
    assert events[-1].eta_s == 0


def test_rows_printer_prints_first_last_and_at_most_every_interval() -> None:
    now = [0.0]
    out = io.StringIO()
    printer = RowsPrinter(out, every_s=10, clock=lambda: now[0])
    for done, t in ((100, 0.0), (200, 3.0), (300, 11.0), (400, 12.0), (500, 13.0)):
        now[0] = t
        printer(RowProgress("log.csv", done, 500, 40, 25.0))
    lines = out.getvalue().splitlines()
    assert [ln.split(":")[1].split("/")[0].strip() for ln in lines] == ["100", "300", "500"]
    assert "log.csv: 300 / 500 rows embedded (60%, 40 distinct texts), about 25 s left" in lines


def test_cli_ingest_prints_row_progress_with_eta_for_a_big_file(
        tmp_path: Path, fake_plugins: None, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    work_orders(tmp_path / "big.csv", 700)
    monkeypatch.setenv("COPILOT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COPILOT_EMBEDDER", "fake-hashing")
    assert cli.main(["ingest", str(tmp_path / "big.csv")]) == 0
    err = capsys.readouterr().err
    assert "big.csv: 700 / 700 rows embedded (100%" in err
    assert "left" in err


def test_an_id_search_still_finds_its_row_among_rows_with_one_vector(tmp_path: Path) -> None:
    """The compact text changes what is embedded, never what BM25 indexes and cites: every
    leak row shares one vector, the work-order id picks the row."""
    folder = tmp_path / "in"
    folder.mkdir()
    work_orders(folder / "log.csv", 12)
    app = Copilot(load_settings(env={"COPILOT_HOME": str(tmp_path / "home")}),
                  embedder=HashingEmbedder())
    try:
        app.ingest([folder])
        hits = app.search("WO-1008 refrigerant leak", k=3).hits
    finally:
        app.close()
    assert hits[0].chunk.text.startswith("Work order WO-1008")  # same vector as every leak
    assert hits[0].chunk.locator.work_order == "WO-1008"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="../shared/corpora is absent")
def test_the_ingest_benchmark_runs_small_and_keeps_recall(embedder: Embedder) -> None:
    from evals.bench_ingest import bench_ingest_speed

    rows: list[tuple[object, ...]] = []
    result = bench_ingest_speed("e5-small", 40, 300, lambda *cells: rows.append(cells))
    assert result is not None
    before, after = result
    assert before.chunks == after.chunks > 40
    assert after.recall["hybrid"] >= before.recall["hybrid"]
    assert any("300 chiller-shaped work orders" in str(r[0]) for r in rows)
