"""What ships: the wheel holds the product (prompts included, evals not) and works installed away
from the checkout; product modules stay small."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fixtures_plant import write_plant

PRODUCT = ("copilot", "ingestion", "ui")
MAX_LINES = 400


def _listed_packages() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def _product_packages() -> set[str]:
    """Every product folder that holds Python modules, as a dotted name."""
    return {
        ".".join(d.relative_to(REPO).parts)
        for top in PRODUCT
        for d in [REPO / top, *(REPO / top).rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
    }


def _data_files() -> set[str]:
    """Non-Python files inside the product packages (word lists, message catalogues...)."""
    return {
        p.relative_to(REPO).as_posix()
        for top in PRODUCT
        for p in (REPO / top).rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }


@pytest.mark.unit
def test_every_product_package_is_listed_and_evals_is_not() -> None:
    listed = _listed_packages()
    assert listed - {"copilot.prompt_templates"} == _product_packages()
    assert not any(p == "evals" or p.startswith("evals.") for p in listed)


@pytest.mark.unit
def test_no_product_module_is_over_400_lines() -> None:
    long = {
        p.relative_to(REPO).as_posix(): n
        for top in PRODUCT
        for p in sorted((REPO / top).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these by concern (limit {MAX_LINES} lines): {long}"


@pytest.mark.unit
def test_the_checkout_finds_its_prompts() -> None:
    from copilot.prompts import CHECKOUT_DIR, prompts_dir, render

    assert prompts_dir() == CHECKOUT_DIR == REPO / "prompts"
    assert "[1] 25 Nm" in render("answer", sources="[1] 25 Nm", question="torque?")


def _build_wheel(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(out), str(REPO)],
                   check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = out.glob("floor_copilot-*.whl")
    return wheel


def _venv_with_wheel(base: Path, wheel: Path) -> Path:
    """A fresh venv that sees this environment's dependencies (a .pth line, so no network and
    no editable install) with the wheel installed into it; returns its python."""
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True).stdout
    Path(site.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    return python


@pytest.mark.slow
@pytest.mark.integration
def test_the_wheel_installs_and_answers_outside_the_checkout(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {p.name for p in (REPO / "prompts").glob("*.md")}
    assert prompts and {f"copilot/prompt_templates/{p}" for p in prompts} <= names
    assert not any(n.startswith("evals/") for n in names)
    assert _data_files() <= names

    python = _venv_with_wheel(tmp_path, wheel)
    away = tmp_path / "elsewhere"
    plant = write_plant(away / "plant")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "COPILOT_HOME": str(tmp_path / "home"), "COPILOT_MODEL": "smollm2",
        "HF_HUB_OFFLINE": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(python), *args], cwd=away, env=env, capture_output=True,
                              text=True, timeout=900)

    where = run("-c", "import copilot, copilot.prompts as p; print(copilot.__file__); "
                "print(p.prompts_dir())")
    assert where.returncode == 0, where.stderr
    module, prompts_dir = where.stdout.split()
    venv = str(python.parent.parent)
    assert module.startswith(venv) and prompts_dir.startswith(venv), where.stdout
    assert run("-m", "copilot", "ingest", str(plant), "--json").returncode == 0
    asked = run("-m", "copilot", "ask", "What torque for the OP30 M8 housing bolts?",
                "--mode", "generate", "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["citations"], answer
    no_evals = run("-m", "copilot", "eval", "golden.jsonl")
    assert no_evals.returncode != 0 and "source checkout" in no_evals.stderr, no_evals.stderr
