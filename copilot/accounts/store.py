"""Accounts in SQLite under ``COPILOT_HOME``: argon2 password hashes, hashed API tokens and
server-side login sessions (a cookie carries only a random id; logout or disabling ends it)."""

from __future__ import annotations

import builtins
import hashlib
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from copilot.core.access import PUBLIC_LABEL, AccessScope, Principal, Role
from copilot.core.errors import ConfigError

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
RESERVED = frozenset({"local", "anonymous"})  # the CLI's own operator; no account may take it
ALL_LABELS = "*"
MIN_PASSWORD = 8
TOKEN_PREFIX = "fct_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, labels TEXT NOT NULL, password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, lang TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created_at TEXT NOT NULL, last_used TEXT);
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created_at TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    at TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS history_user ON history(user, id);
"""
HISTORY_KEEP = 50  # question / answer-summary pairs kept per user
SUMMARY_CHARS = 600


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    labels: frozenset[str]
    disabled: bool = False
    lang: str = ""

    @property
    def principal(self) -> Principal:
        scope = AccessScope(None if ALL_LABELS in self.labels else self.labels)
        return Principal(self.name, self.role, scope)


class Accounts(Protocol):
    """The port the service authenticates through (``AccountStore`` is the SQLite one)."""

    def any_enabled(self) -> bool: ...
    def verify_password(self, name: str, password: str) -> Account | None: ...
    def account_for_token(self, token: str) -> Account | None: ...
    def account_for_session(self, session_id: str) -> Account | None: ...
    def new_session(self, name: str, hours: float) -> str: ...
    def end_session(self, session_id: str) -> None: ...
    def get(self, name: str) -> Account | None: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _digest(secret: str) -> str:
    """Tokens and session ids are 256-bit random: a plain SHA-256 is the right store for them
    (argon2 is for guessable passwords)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_labels(text: str) -> frozenset[str]:
    labels = frozenset(x.strip() for x in text.split(",") if x.strip())
    bad = [x for x in labels if x != ALL_LABELS and not NAME.fullmatch(x)]
    if bad:
        raise ConfigError(f"access label {bad[0]!r}: use letters, digits, . _ @ - (or * for all)")
    return labels or frozenset({PUBLIC_LABEL})


class AccountStore:
    """Users, tokens and sessions; safe to share between threads (and between processes, as
    SQLite is)."""

    def __init__(self, path: Path) -> None:
        from argon2 import PasswordHasher

        self.path = path
        self._hasher = PasswordHasher()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        # verified against when the user does not exist, so both cases take the same time
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._db is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                db.execute("PRAGMA foreign_keys = ON")
                db.executescript(_SCHEMA)
                self._db = db
                self.path.chmod(0o600)
            with self._db:
                yield self._db

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- accounts ---------------------------------------------------------------------------
    def add(self, name: str, role: Role, password: str | None,
            labels: frozenset[str] = frozenset({PUBLIC_LABEL})) -> Account:
        if not NAME.fullmatch(name) or name.lower() in RESERVED:
            raise ConfigError(f"user name {name!r}: 1-64 letters, digits, . _ @ - (not "
                              f"{', '.join(sorted(RESERVED))})")
        hashed = self._hash(password) if password is not None else None
        try:
            with self._conn() as db:
                db.execute("INSERT INTO users (name, role, labels, password_hash, created_at) "
                           "VALUES (?, ?, ?, ?, ?)",
                           (name, role.value, ",".join(sorted(labels)), hashed, _now()))
        except sqlite3.IntegrityError:
            raise ConfigError(f"user '{name}' already exists") from None
        return Account(name, role, labels)

    def _hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise ConfigError(f"a password needs at least {MIN_PASSWORD} characters")
        return self._hasher.hash(password)

    def get(self, name: str) -> Account | None:
        with self._conn() as db:
            row = db.execute("SELECT name, role, labels, disabled, lang FROM users "
                             "WHERE name = ?", (name,)).fetchone()
        return _account(row) if row else None

    def list(self) -> list[Account]:
        with self._conn() as db:
            rows = db.execute("SELECT name, role, labels, disabled, lang FROM users "
                              "ORDER BY name").fetchall()
        return [_account(r) for r in rows]

    def any_enabled(self) -> bool:
        if not self.path.exists():
            return False
        with self._conn() as db:
            return db.execute("SELECT 1 FROM users WHERE disabled = 0 LIMIT 1").fetchone() is not None

    def _update(self, name: str, sql: str, *params: object) -> None:
        with self._conn() as db:
            if db.execute(sql, (*params, name)).rowcount == 0:
                raise ConfigError(f"no user named '{name}' (see: users list)")

    def set_password(self, name: str, password: str) -> None:
        self._update(name, "UPDATE users SET password_hash = ? WHERE name = ?", self._hash(password))

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        self._update(name, "UPDATE users SET disabled = ? WHERE name = ?", int(disabled))
        if disabled:  # a disabled user is logged out everywhere, and their tokens stop
            with self._conn() as db:
                db.execute("DELETE FROM sessions WHERE user = ?", (name,))
                db.execute("DELETE FROM tokens WHERE user = ?", (name,))

    def set_role(self, name: str, role: Role, labels: frozenset[str] | None = None) -> None:
        self._update(name, "UPDATE users SET role = ? WHERE name = ?", role.value)
        if labels is not None:
            self._update(name, "UPDATE users SET labels = ? WHERE name = ?",
                         ",".join(sorted(labels)))

    def set_lang(self, name: str, lang: str) -> None:
        with self._conn() as db:
            db.execute("UPDATE users SET lang = ? WHERE name = ?", (lang, name))

    # -- conversation history ----------------------------------------------------------------
    def add_turn(self, name: str, question: str, answer: str,
                 keep: int = HISTORY_KEEP) -> None:
        """Remember one question and its answer's summary for ``name``; only the latest
        ``keep`` stay."""
        summary = answer if len(answer) <= SUMMARY_CHARS else answer[:SUMMARY_CHARS - 1] + "…"
        with self._conn() as db:
            db.execute("INSERT INTO history (user, at, question, answer) VALUES (?, ?, ?, ?)",
                       (name, _now(), question, summary))
            db.execute("DELETE FROM history WHERE user = ? AND id NOT IN (SELECT id FROM "
                       "history WHERE user = ? ORDER BY id DESC LIMIT ?)", (name, name, keep))

    def turns(self, name: str, limit: int = HISTORY_KEEP) -> builtins.list[dict[str, str]]:
        """``name``'s own latest questions with answer summaries, oldest first."""
        with self._conn() as db:
            rows = db.execute("SELECT at, question, answer FROM history WHERE user = ? "
                              "ORDER BY id DESC LIMIT ?", (name, limit)).fetchall()
        return [{"at": at, "question": q, "answer": a} for at, q, a in reversed(rows)]

    def verify_password(self, name: str, password: str) -> Account | None:
        """The enabled account when the password matches, else None (same work either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self._conn() as db:
            row = db.execute("SELECT password_hash FROM users WHERE name = ? AND disabled = 0",
                             (name,)).fetchone()
        stored = row[0] if row and row[0] else self._dummy
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if stored is self._dummy:
            return None
        if self._hasher.check_needs_rehash(stored):
            with self._conn() as db:
                db.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                           (self._hasher.hash(password), name))
        return self.get(name)

    # -- tokens and sessions ----------------------------------------------------------------
    def new_token(self, name: str) -> str:
        """A new API token for ``name``: returned once, stored only as its hash."""
        account = self.get(name)
        if account is None or account.disabled:
            raise ConfigError(f"no enabled user named '{name}' (see: users list)")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._conn() as db:
            db.execute("INSERT INTO tokens (hash, user, created_at) VALUES (?, ?, ?)",
                       (_digest(token), name, _now()))
        return token

    def revoke_tokens(self, name: str) -> int:
        with self._conn() as db:
            return db.execute("DELETE FROM tokens WHERE user = ?", (name,)).rowcount

    def account_for_token(self, token: str) -> Account | None:
        if not self.path.exists():  # no accounts yet: nothing to find (and no file made)
            return None
        with self._conn() as db:
            row = db.execute(
                "SELECT u.name, u.role, u.labels, u.disabled, u.lang FROM tokens t "
                "JOIN users u ON u.name = t.user WHERE t.hash = ? AND u.disabled = 0",
                (_digest(token),)).fetchone()
            if row:
                db.execute("UPDATE tokens SET last_used = ? WHERE hash = ?",
                           (_now(), _digest(token)))
        return _account(row) if row else None

    def new_session(self, name: str, hours: float) -> str:
        session_id = secrets.token_urlsafe(32)
        with self._conn() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            db.execute("INSERT INTO sessions (hash, user, created_at, expires) VALUES (?, ?, ?, ?)",
                       (_digest(session_id), name, _now(), time.time() + hours * 3600))
        return session_id

    def account_for_session(self, session_id: str) -> Account | None:
        if not self.path.exists():  # no accounts yet: nothing to find (and no file made)
            return None
        with self._conn() as db:
            row = db.execute(
                "SELECT u.name, u.role, u.labels, u.disabled, u.lang FROM sessions s "
                "JOIN users u ON u.name = s.user WHERE s.hash = ? AND s.expires > ? "
                "AND u.disabled = 0", (_digest(session_id), time.time())).fetchone()
        return _account(row) if row else None

    def end_session(self, session_id: str) -> None:
        with self._conn() as db:
            db.execute("DELETE FROM sessions WHERE hash = ?", (_digest(session_id),))


def _account(row: tuple[str, str, str, int, str]) -> Account:
    name, role, labels, disabled, lang = row
    return Account(name, Role(role), frozenset(x for x in labels.split(",") if x),
                   bool(disabled), lang or "")
