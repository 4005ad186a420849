"""The audit log's hash chain: any edited, deleted, reordered or cut-off line is detected, also
across rotated files, by `python -m copilot audit verify`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.audit import AuditLog, chain_files, verify
from copilot.cli import main
from copilot.core.access import LOCAL_OPERATOR, Principal, Role

pytestmark = pytest.mark.unit

KIM = Principal("kim", Role.TECHNICIAN)


def _log(tmp_path: Path, n: int = 6, max_bytes: int = 10_000_000) -> AuditLog:
    log = AuditLog(tmp_path / "logs" / "audit.jsonl", max_bytes)
    for i in range(n):
        log.append("search", KIM if i % 2 else LOCAL_OPERATOR, query=f"torque {i}",
                   hits=[{"chunk_id": f"c{i}", "revision": "C"}])
    return log


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_an_untouched_log_verifies(tmp_path: Path) -> None:
    log = _log(tmp_path)
    result = verify(log.path)
    assert result.ok and result.entries == 6
    entry = json.loads(_lines(log.path)[1])
    assert entry["user"] == "kim" and entry["role"] == "technician" and entry["seq"] == 1
    assert entry["prev"] == json.loads(_lines(log.path)[0])["hash"]


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "truncate", "insert"])
def test_tampering_is_detected(tmp_path: Path, tamper: str) -> None:
    log = _log(tmp_path)
    lines = _lines(log.path)
    if tamper == "edit":
        lines[2] = lines[2].replace("torque 2", "torque 9")
    elif tamper == "delete":
        del lines[3]
    elif tamper == "reorder":
        lines[1], lines[2] = lines[2], lines[1]
    elif tamper == "truncate":
        lines = lines[:-1]
    else:
        lines.insert(2, lines[2])
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = verify(log.path)
    assert not result.ok, tamper
    assert "audit.jsonl line" in result.problems[0] or "removed from the end" in result.problems[0]


def test_rotation_keeps_the_chain_across_files(tmp_path: Path) -> None:
    log = _log(tmp_path, n=12, max_bytes=600)
    files = chain_files(log.path)
    assert len(files) > 2 and files[0].name == "audit.000001.jsonl"
    result = verify(log.path)
    assert result.ok and result.entries == 12 and len(result.files) == len(files)
    first_of_next = json.loads(_lines(files[1])[0])
    assert first_of_next["prev"] == json.loads(_lines(files[0])[-1])["hash"]
    files[1].unlink()  # a whole rotated file removed
    assert not verify(log.path).ok


def test_a_log_from_before_the_chain_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "audit.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text('{"ts": "2025-01-01", "question": "old"}\n', encoding="utf-8")
    AuditLog(path).append("login", KIM, method="password")
    assert verify(path).ok
    assert list(path.parent.glob("audit.legacy-*.jsonl"))


def test_cli_audit_verify_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COPILOT_HOME", str(tmp_path))
    log = _log(tmp_path)
    assert main(["audit", "verify"]) == 0
    assert "chain intact" in capsys.readouterr().out
    lines = _lines(log.path)
    log.path.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    assert main(["audit", "verify"]) == 1
    assert "TAMPERED" in capsys.readouterr().err
