"""What can be checked offline of the deployment guide and its systemd units: they parse,
their commands exist with the options they use, and every setting they name is a real one."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from copilot.cli import build_parser
from copilot.core.settings import Settings

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
UNITS = sorted((REPO / "deploy" / "systemd").glob("*.service"))
GUIDE = REPO / "docs" / "deploy.md"
VENV_BIN = "/opt/floor-copilot/.venv/bin/"
SETTING_ENV = {f"COPILOT_{f.name.upper()}" for f in fields(Settings)} | {"COPILOT_CONFIG"}


def _unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Sections -> (key, value) lines, keys repeated as systemd allows; a stray line fails."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for n, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if m := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(m.group(1), [])
        else:
            key, eq, value = line.partition("=")
            assert current is not None and eq and re.fullmatch(r"[A-Za-z]+", key), \
                f"{path.name}:{n}: not a unit line: {line!r}"
            current.append((key, value))
    return sections


def _values(unit: dict[str, list[tuple[str, str]]], key: str) -> list[str]:
    return [v for k, v in unit.get("Service", []) if k == key]


def test_the_units_are_there() -> None:
    assert {u.name for u in UNITS} >= {"copilot.service", "copilot@.service", "chroma.service",
                                       "llm.service"}


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_unit_commands_are_real(path: Path) -> None:
    unit = _unit(path)
    assert set(unit) == {"Unit", "Service", "Install"}
    (start,) = _values(unit, "ExecStart")
    argv = shlex.split(start)
    assert argv[0].startswith(VENV_BIN), "commands run from the project's venv"
    exe = Path(sys.executable).with_name(argv[0].removeprefix(VENV_BIN))
    assert exe.is_file(), f"{path.name}: {exe.name} is not in the venv"
    if exe.name.startswith("python"):
        assert argv[1] == "-m" and importlib.util.find_spec(argv[2]) is not None, argv[2]
        if argv[2] == "copilot":
            build_parser().parse_args(argv[3:])  # SystemExit on an unknown subcommand/option
        elif argv[2] == "llama_cpp.server":
            from llama_cpp.server.settings import ModelSettings, ServerSettings

            known = set(ModelSettings.model_fields) | set(ServerSettings.model_fields)
            assert {a[2:] for a in argv[3:] if a.startswith("--")} <= known
    else:
        usage = subprocess.run([str(exe), *argv[1:2], "--help"], capture_output=True, text=True,
                               timeout=60).stdout
        assert all(a in usage for a in argv[2:] if a.startswith("--")), usage


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_unit_settings_are_real_settings(path: Path) -> None:
    names = [v.split("=", 1)[0] for v in _values(_unit(path), "Environment")]
    copilot = [n for n in names if n.startswith("COPILOT_")]
    assert set(copilot) <= SETTING_ENV, set(copilot) - SETTING_ENV
    if "copilot" in path.name:
        assert "COPILOT_HOME" in copilot and "HF_HUB_OFFLINE" in names


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """``systemd-analyze verify`` with the venv where this test runs standing in for /opt."""
    for unit in UNITS:
        text = unit.read_text().replace(VENV_BIN, f"{Path(sys.executable).parent}/")
        (tmp_path / unit.name.replace("@.", "@8001.")).write_text(text)
    got = subprocess.run(["systemd-analyze", "verify", *map(str, tmp_path.iterdir())],
                         capture_output=True, text=True, timeout=120)
    assert got.returncode == 0 and not got.stderr.strip(), got.stderr


def _guide_commands() -> list[list[str]]:
    out = []
    for line in GUIDE.read_text().splitlines():
        if m := re.search(r"python -m copilot ([a-z][^`#|]*)", line):
            out.append(shlex.split(m.group(1).replace("...", "DIR")))
    return out


def test_the_guide_commands_exist() -> None:
    commands = _guide_commands()
    assert len(commands) >= 6
    for argv in commands:
        build_parser().parse_args(argv)  # SystemExit on an unknown subcommand or option


def test_the_guide_names_real_settings_and_files() -> None:
    text = GUIDE.read_text()
    named = set(re.findall(r"\bCOPILOT_[A-Z_]+[A-Z]\b", text)) - {"COPILOT_SETTING"}
    assert named and named <= SETTING_ENV, named - SETTING_ENV
    for rel in re.findall(r"(?<![\w/-])((?:deploy|scripts|evals|copilot|tests)/[\w./@-]+\.\w+)", text):
        assert (REPO / rel).exists(), rel


def test_a_broken_unit_line_or_command_is_caught(tmp_path: Path) -> None:
    bad = tmp_path / "bad.service"
    bad.write_text("[Service]\nExecStart /bin/true\n")
    with pytest.raises(AssertionError, match="not a unit line"):
        _unit(bad)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serv", "--port", "1"])
