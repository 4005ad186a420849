"""Local accounts on a real SQLite file: argon2 hashes, hashed tokens, server-side sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.accounts.store import AccountStore, parse_labels
from copilot.core.access import Action, Role
from copilot.core.errors import ConfigError

pytestmark = pytest.mark.unit


@pytest.fixture
def store(tmp_path: Path) -> AccountStore:
    s = AccountStore(tmp_path / "accounts.sqlite")
    yield s
    s.close()


def test_password_is_stored_as_an_argon2_hash_and_verified(store: AccountStore) -> None:
    store.add("kim", Role.TECHNICIAN, "correct horse", frozenset({"everyone", "line2"}))
    raw = store.path.read_bytes()
    assert b"correct horse" not in raw and b"$argon2id$" in raw
    account = store.verify_password("kim", "correct horse")
    assert account is not None and account.role is Role.TECHNICIAN
    assert account.principal.scope.labels == frozenset({"everyone", "line2"})
    assert account.principal.may(Action.ASK) and not account.principal.may(Action.UPLOAD)
    assert store.verify_password("kim", "wrong horse!") is None
    assert store.verify_password("nobody", "correct horse") is None
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"


def test_disabling_ends_sessions_and_tokens(store: AccountStore) -> None:
    store.add("lee", Role.ADMIN, "s3cret-pass", parse_labels("*"))
    token, session = store.new_token("lee"), store.new_session("lee", hours=1)
    assert token.startswith("fct_") and token.encode() not in store.path.read_bytes()
    admin = store.account_for_token(token)
    assert admin is not None and admin.principal.scope.unrestricted  # '*' = every label
    assert store.account_for_session(session) is not None
    store.set_disabled("lee")
    assert store.account_for_token(token) is None
    assert store.account_for_session(session) is None
    assert store.verify_password("lee", "s3cret-pass") is None
    assert not store.any_enabled()


def test_sessions_expire_and_end_at_logout(store: AccountStore) -> None:
    store.add("park", Role.TRAINER, "trainer-pass")
    gone = store.new_session("park", hours=-1)
    assert store.account_for_session(gone) is None
    live = store.new_session("park", hours=8)
    store.end_session(live)
    assert store.account_for_session(live) is None
    assert store.account_for_session("forged") is None


@pytest.mark.parametrize(("name", "password", "wrong"), [
    ("local", "long enough", "local"),          # the CLI's own operator
    ("bad name", "long enough", "user name"),
    ("ok", "short", "at least 8"),
])
def test_bad_accounts_are_refused_with_the_reason(store: AccountStore, name: str,
                                                   password: str, wrong: str) -> None:
    with pytest.raises(ConfigError, match=wrong):
        store.add(name, Role.TECHNICIAN, password)


def test_duplicate_user_and_unknown_user(store: AccountStore) -> None:
    store.add("kim", Role.TECHNICIAN, "password1")
    with pytest.raises(ConfigError, match="already exists"):
        store.add("kim", Role.ADMIN, "password2")
    with pytest.raises(ConfigError, match="no user named"):
        store.set_password("nobody", "password3")
    assert parse_labels("") == frozenset({"everyone"})
    with pytest.raises(ConfigError, match="access label"):
        parse_labels("ok,not ok")
