"""No stale revision after a crash: status is committed with the file that changes it, an
interrupted run shows in ``status`` and is repaired at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from copilot.core.errors import IndexUnavailableError
from copilot.core.settings import load_settings
from copilot.core.types import DocumentInfo
from copilot.service import Copilot
from copilot.store.catalog import Catalog, FileRow
from copilot.store.embedders import Embedder
from tests.conftest import REPO
from tests.fixtures_plant import write_plant


def _statuses(catalog: Catalog) -> dict[str, str]:
    return {str(d["revision"]): str(d["status"]) for d in catalog.documents()
            if d["doc_id"] == "WI-OP30-001"}


@pytest.mark.unit
def test_status_is_part_of_the_file_transaction(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "catalog.sqlite")
    try:
        for rev in ("B", "C"):
            info = DocumentInfo(source=f"{rev}.md", kind="work_instruction", doc_id="WI-9",
                                revision=rev)
            changed = cat.replace_file(FileRow(f"/x/{rev}", f"{rev}.md", rev, 1, "md"), info, [])
        assert changed == [("B.md", "WI-9", "B")]  # reported by the commit that caused it
        st = {d["revision"]: d["status"] for d in cat.documents()}
        assert st == {"B": "superseded", "C": "current"}
        cat.remove_file("/x/C")  # the older revision is current again in the same commit
        assert [d["status"] for d in cat.documents()] == ["current"]
    finally:
        cat.close()


@pytest.mark.unit
def test_run_state_idle_running_interrupted(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "catalog.sqlite")
    try:
        assert cat.run_state().state == "idle"
        with cat.run_lock():
            cat.begin_run()
            assert cat.run_state().state == "running"
            with pytest.raises(IndexUnavailableError, match="another ingest is running"), \
                    cat.run_lock():
                pass
        assert cat.run_state().state == "interrupted"  # lock released, run never ended
        cat.mark_repaired(3, 1)
        state = cat.run_state()
        assert state.state == "idle" and state.last_interrupted is not None
        assert state.last_interrupted["stale_ids_dropped"] == 3
    finally:
        cat.close()


@pytest.mark.integration
def test_concurrent_run_is_refused_not_interleaved(app: Copilot, tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    other = Catalog(app.settings.catalog_path)
    try:
        with other.run_lock(), pytest.raises(IndexUnavailableError):
            app.ingest([root])
    finally:
        other.close()
    assert app.ingest([root]).count("added") == 4


@pytest.mark.integration
@pytest.mark.timeout(900)
def test_kill_between_commit_and_run_end_serves_no_stale_revision(
        tmp_path: Path, embedder: Embedder) -> None:
    """SIGKILL right after Rev C is committed: Rev B is already superseded, the run shows as
    interrupted, and the next start repairs it."""
    root = write_plant(tmp_path / "plant")
    rev_c = root / "wi" / "WI-OP30-001_RevC.md"
    text_c = rev_c.read_text(encoding="utf-8")
    rev_c.unlink()
    home = tmp_path / "home"
    settings = load_settings(env={"COPILOT_HOME": str(home)})
    first = Copilot(settings, embedder=embedder)
    first.ingest([root])
    assert _statuses(first.catalog) == {"B": "current"}
    first.close()

    rev_c.write_text(text_c, encoding="utf-8")
    env = {**os.environ, "COPILOT_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.copilot.ingest_child", str(home), str(root), rev_c.name],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(600, child.kill)  # never hang the suite if the sync point is missed
    timer.start()
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("committed"), (line, child.stderr.read() if child.stderr else "")
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        timer.cancel()

    raw = Catalog(settings.catalog_path)  # what any reader sees before anything is repaired
    try:
        assert _statuses(raw) == {"B": "superseded", "C": "current"}
        assert raw.run_state().state == "interrupted"
    finally:
        raw.close()

    app = Copilot(settings, embedder=embedder)
    try:
        hits = app.search("M8 housing bolt torque", k=5, where={"kind": "work_instruction"}).hits
        assert hits and all(h.chunk.revision == "C" for h in hits)
        ingest = app.status()["ingest"]
        assert ingest["state"] == "idle"
        assert ingest["last_interrupted"]["repaired_at"]
        kw, vec = app._indexes()
        assert kw.ids() == vec.ids() == app.catalog.all_chunk_ids()
        assert app.ingest([root]).count("unchanged") == 4
    finally:
        app.close()
