"""Ingest pipeline with real converters, real embedder, real Chroma and BM25."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from copilot.service import Copilot
from tests.conftest import REPO
from tests.fixtures_plant import MAINT_CSV, write_plant

pytestmark = pytest.mark.integration


def _consistent(app: Copilot) -> None:
    """Catalog and both indexes hold exactly the same ids, no duplicates."""
    kw, vec = app._indexes()
    known = app.catalog.all_chunk_ids()
    assert kw.ids() == known
    assert vec.ids() == known
    assert kw.count() == vec.count() == len(known)


def test_ingest_then_search_finds_each_kind(app: Copilot, tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    report = app.ingest([root])
    assert report.count("added") == 4, report.files
    assert report.errors == []
    hits = app.search("spindle bearing overheating on the OP20 press", k=5).hits
    kinds = {h.chunk.kind for h in hits}
    assert {"pfmea", "maintenance_log"} <= kinds
    wo = next(h for h in hits if h.chunk.kind == "maintenance_log")
    assert wo.chunk.locator.work_order == "WO-24-00017"
    _consistent(app)


def test_newer_revision_supersedes_older(app: Copilot, tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    report = app.ingest([root])
    assert any("Rev B" in s for s in report.superseded)
    hits = app.search("M8 housing bolt torque", k=5, where={"kind": "work_instruction"}).hits
    assert hits and all(h.chunk.revision == "C" for h in hits)
    assert any("25 Nm" in h.chunk.text for h in hits)
    old = app.search("M8 housing bolt torque", k=10, include_superseded=True).hits
    assert any(h.chunk.revision == "B" and h.chunk.status == "superseded" for h in old)


def test_reingest_is_incremental(app: Copilot, tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    first = app.ingest([root])
    again = app.ingest([root])
    assert again.count("unchanged") == 4 and again.chunks_written == 0
    csv = root / "maint" / "cmms.csv"
    csv.write_text(MAINT_CSV.replace("REGREASED", "REPLACED BEARING"), encoding="utf-8")
    third = app.ingest([root])
    assert third.count("updated") == 1 and third.count("unchanged") == 3
    hits = app.search("replaced bearing PRS-02", k=3).hits
    assert "REPLACED BEARING" in hits[0].chunk.text
    assert not any("REGREASED" in h.chunk.text for h in app.search("regreased", k=10).hits)
    assert first.chunks_written > 0
    _consistent(app)


def test_prune_removes_deleted_files(app: Copilot, tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    app.ingest([root])
    (root / "pfmea" / "pfmea.csv").unlink()
    kept = app.ingest([root])
    assert kept.count("removed") == 0  # without --prune nothing is dropped
    pruned = app.ingest([root], prune=True)
    assert pruned.count("removed") == 1
    assert "pfmea" not in app.catalog.chunk_counts()
    _consistent(app)


def test_bad_files_are_reported_and_the_rest_is_ingested(app: Copilot, tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    app.ingest([root])
    before = app.catalog.all_chunk_ids()
    (root / "empty.md").write_bytes(b"")
    (root / "broken.xlsx").write_bytes(b"this is not a spreadsheet")
    (root / "notes.xyz").write_text("what is this")
    (root / "maint" / "cmms.csv").write_bytes(b"\xff\xfe\x00garbage\x00" * 3)  # was fine before
    big = root / "big.md"
    big.write_text("x" * 2_000_000)
    app.settings = dataclasses.replace(app.settings, max_file_mb=1.0)
    report = app.ingest([root])
    errors = {Path(f.source).name: f.error or "" for f in report.errors}
    assert "empty" in errors["empty.md"]
    assert "broken.xlsx" in errors["broken.xlsx"]
    assert "unsupported" in errors["notes.xyz"]
    assert "size limit" in errors["big.md"]
    assert "cmms.csv" in errors
    # the file that broke keeps its previously indexed chunks; nothing is lost
    assert before <= app.catalog.all_chunk_ids()
    _consistent(app)


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COPILOT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "copilot", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def test_killed_ingest_leaves_a_consistent_index(tmp_path: Path, embedder: object) -> None:
    """SIGKILL mid-ingest, re-run, and verify catalog and indexes agree exactly."""
    root = write_plant(tmp_path / "plant")
    for i in range(40):  # enough files that the kill lands mid-run
        (root / "wi" / f"WI-X{i:02d}.md").write_text(
            f"Document No.: WI-X{i:02d}\nRevision: A\n\n## 4. Procedure\n"
            + "".join(f"{s}. Step {s} of procedure {i}: check item {i}-{s}.\n" for s in range(1, 8)))
    home = tmp_path / "home"
    env = {**os.environ, "COPILOT_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "copilot", "ingest", str(root), "--json"],
                            env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    catalog = home / "index" / "catalog.sqlite"
    deadline = time.time() + 300
    import sqlite3

    while time.time() < deadline:  # wait until some files are committed, then kill
        if catalog.exists():
            try:
                n = sqlite3.connect(catalog).execute("SELECT COUNT(*) FROM files").fetchone()[0]
            except sqlite3.Error:
                n = 0
            if n >= 5:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = _cli(home, "ingest", str(root), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert summary["failed"] == 0
    assert summary["unchanged"] >= 5  # work committed before the kill is kept
    from copilot.core.settings import load_settings

    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder)  # type: ignore[arg-type]
    try:
        _consistent(app)
        assert len(app.catalog.file_paths()) == 44
    finally:
        app.close()


@pytest.mark.slow
@pytest.mark.timeout(3600)  # ~6,500 records embedded on 2 cores
def test_ingest_shared_corpora(app: Copilot) -> None:
    """Real third-party data: FMEA with merged-cell blanks, 5,485 work orders, OSHA, Korean law."""
    from tests.conftest import SHARED_CORPORA

    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {SHARED_CORPORA}")
    report = app.ingest([SHARED_CORPORA])
    failed = {Path(f.source).name: f.error for f in report.errors}
    # Only the files that are not plant documents may fail (licence texts, the maintnorm
    # token list); every real document must be ingested.
    assert set(failed) <= {"LICENSE", "combined_test.norm"}, failed
    counts = app.catalog.chunk_counts()
    assert counts["maintenance_log"] >= 5485
    assert counts["pfmea"] >= 330
    wo = app.search("L/H bucket cylinder leaking", k=5, where={"kind": "maintenance_log"}).hits
    assert any("BUCKET CYL" in h.chunk.text.upper() for h in wo)
    osha = app.search("who may remove a lockout device", k=5).hits
    assert any("osha" in h.chunk.source.lower() for h in osha)
    ko = app.search("정비 중 기동장치 잠금", k=5).hits
    assert any(h.chunk.language == "ko" for h in ko)
