"""requirements.lock covers every declared dependency with exact versions and hashes, and the
venv that runs the tests is exactly what the lock says (scripts/setup.sh installs nothing else)."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    text = LOCK.read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M))
    return {_norm(k): v for k, v in pins.items()}


@pytest.mark.unit
def test_every_locked_package_has_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text().split("\n", 1)[1])
    pins = [b for b in blocks if re.match(r"^[A-Za-z0-9_.-]+==", b)]
    assert len(pins) > 100
    unhashed = [b.split()[0] for b in pins if "--hash=sha256:" not in b]
    assert not unhashed


@pytest.mark.unit
def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    locked = _locked()
    missing = [d for d in declared if _norm(re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0]) not in locked]
    assert not missing, f"declared but not in requirements.lock (run `make lock`): {missing}"
    assert locked["torch"].startswith("2.13.0")  # CPU build pinned, never a CUDA one
    assert "llama-cpp-python" in locked


@pytest.mark.integration
def test_this_venv_is_exactly_the_lock() -> None:
    if not (Path(sys.prefix) / ".floor-copilot-installed").is_file():
        pytest.skip("this interpreter's venv was not made by scripts/setup.sh")
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("floor-copilot")  # the project itself, installed editable
    locked = _locked()
    assert installed == locked, {k: (installed.get(k), locked.get(k))
                                 for k in installed.keys() | locked.keys()
                                 if installed.get(k) != locked.get(k)}
