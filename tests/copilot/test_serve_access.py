"""`serve` refuses an open bind nobody logs in to; `users ...` manages accounts from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from copilot.authn import is_loopback
from copilot.cli import main

pytestmark = pytest.mark.unit


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPILOT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COPILOT_AUTH", raising=False)
    return tmp_path / "home"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_serve_refuses_a_network_bind_without_accounts(home: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--skip-checks"]) == 1
    err = capsys.readouterr().err
    assert "refusing to serve on 0.0.0.0" in err and "users add" in err
    assert "COPILOT_AUTH_PROXY_HEADER" in err and "COPILOT_HOST" in err


def test_serve_refuses_required_auth_with_nobody_to_log_in(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COPILOT_AUTH", "required")
    assert main(["serve", "--skip-checks"]) == 1
    assert "COPILOT_AUTH=required" in capsys.readouterr().err


def test_users_add_list_token_disable(home: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, "floor-pass-1\n")
    assert main(["users", "add", "kim", "--role", "trainer", "--labels", "everyone,line2",
                 "--password-stdin"]) == 0
    assert main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "kim" in listed and "trainer" in listed and "everyone,line2" in listed
    assert main(["users", "token", "kim"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("fct_")
    assert main(["users", "disable", "kim"]) == 0
    from copilot.accounts.store import AccountStore

    store = AccountStore(home / "accounts.sqlite")
    assert store.account_for_token(token) is None and store.get("kim").disabled  # type: ignore[union-attr]
    store.close()
    _stdin(monkeypatch, "short\n")
    assert main(["users", "passwd", "kim", "--password-stdin"]) == 1
    assert "at least 8" in capsys.readouterr().err
    assert main(["audit", "verify"]) == 0  # the account changes are in the chained log


def test_users_add_needs_a_terminal_or_stdin(home: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, "")
    assert main(["users", "add", "lee"]) == 1
    assert "--password-stdin" in capsys.readouterr().err


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("plant-host", False)])
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
