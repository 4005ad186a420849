"""The air-gapped path for real: a `make bundle` folder installs into a fresh venv with no network.

Slow (builds or reads a multi-GB bundle and installs every wheel): run with `pytest -m slow
tests/scripts/test_bundle.py`; set FLOOR_COPILOT_BUNDLE to an existing bundle to skip building one.
The install runs in its own network namespace (`unshare -n`): no interface but loopback exists, so
any attempt to reach an index fails the test instead of quietly succeeding.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _norm(requirement: str) -> str:
    name, version = requirement.strip().split("==", 1)
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


def _no_network_prefix() -> list[str]:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        pytest.skip("cannot create a network namespace here (unshare -n needs CAP_SYS_ADMIN)")
    return ["unshare", "-n"]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("FLOOR_COPILOT_BUNDLE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("bundle")
    subprocess.run(["bash", str(REPO / "scripts" / "bundle.sh"), str(out)], check=True, cwd=REPO,
                   timeout=3600)
    return out


def test_offline_install_from_bundle_then_generate(bundle: Path, tmp_path: Path) -> None:
    offline = _no_network_prefix()
    project = bundle / "floor-copilot"
    assert (bundle / "requirements.bundle.txt").is_file()
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env.update(VENV=str(venv), HOME=str(tmp_path / "home"))
    setup = subprocess.run([*offline, "bash", str(project / "scripts" / "setup.sh"), "--offline",
                            str(bundle)], cwd=project, env=env, capture_output=True, text=True,
                           timeout=3600)
    assert setup.returncode == 0, setup.stderr[-3000:]
    # what got installed is exactly the bundle's list (which setup verified by hash)
    dump = ("import json; from importlib import metadata as m; print(json.dumps("
            "[d.metadata['Name'] + '==' + d.version for d in m.distributions()]))")
    frozen = subprocess.run([str(venv / "bin" / "python"), "-c", dump], capture_output=True,
                            text=True, check=True, env=env).stdout
    installed = {_norm(r) for r in json.loads(frozen)} - {_norm("floor-copilot==0.1.0")}
    wanted = {_norm(line.split()[0]) for line in
              (bundle / "requirements.bundle.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert wanted == installed, (wanted ^ installed)
    # the offline venv runs the product: ingest and a generated answer, still without a network
    home = tmp_path / "copilot-home"
    run_env = {**env, "COPILOT_HOME": str(home), "COPILOT_MODEL": "smollm2"}
    py = str(venv / "bin" / "python")
    ingest = subprocess.run([*offline, py, "-m", "copilot", "ingest", "sample_docs/"], cwd=project,
                            env=run_env, capture_output=True, text=True, timeout=1800)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    ask = subprocess.run([*offline, py, "-m", "copilot", "ask", "What torque for the OP30 housing"
                          " bolts?", "--mode", "generate", "--json"], cwd=project, env=run_env,
                         capture_output=True, text=True, timeout=600)
    assert ask.returncode == 0, ask.stderr[-2000:]
    assert '"answer"' in ask.stdout
