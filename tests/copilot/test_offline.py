"""Ingest + search with networking disabled: nothing may call out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from copilot.service import Copilot
from tests.conftest import REPO, SAMPLE_DOCS
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration


def test_ingest_and_search_make_no_network_calls(
    no_network: list[Any], app: Copilot, tmp_path: Path
) -> None:
    root = write_plant(tmp_path / "plant")
    if SAMPLE_DOCS.is_dir():  # every converter (docx, pdf, xlsx, cp949 csv...) runs offline
        shutil.copytree(SAMPLE_DOCS, root / "sample_docs")
    report = app.ingest([root])
    assert report.count("added") >= 4
    assert app.search("spindle bearing overheating", k=3).hits
    assert no_network == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare not available")
def test_cli_runs_in_a_network_namespace_without_network(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode().strip()}")
    root = write_plant(tmp_path / "plant")
    env_home = tmp_path / "home"
    cmd = (f"COPILOT_HOME={env_home} {sys.executable} -m copilot ingest {root} && "
           f"COPILOT_HOME={env_home} {sys.executable} -m copilot search 'coolant leak' --json")
    out = subprocess.run(["unshare", "-rn", "sh", "-c", cmd], cwd=REPO, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "WO-24-00018" in out.stdout
