"""Training records in one SQLite file under COPILOT_HOME: trainees, attempts, answers, revisions.

A station counts as passed by the trainee's latest passing attempt; it turns to ``retrain`` as
soon as any work-instruction revision that attempt was built from is no longer the current one.
"""

from __future__ import annotations

import csv
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from copilot.core.cells import csv_safe
from copilot.core.errors import QueryError

_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS trainees (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, trainee TEXT NOT NULL REFERENCES trainees(id),
    station TEXT NOT NULL, lang TEXT NOT NULL, questions INTEGER NOT NULL,
    correct INTEGER NOT NULL, score REAL NOT NULL, passed INTEGER NOT NULL,
    taken_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS attempt_docs (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL, revision TEXT NOT NULL, PRIMARY KEY (attempt_id, doc_id));
CREATE TABLE IF NOT EXISTS answers (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL, kind TEXT NOT NULL, given TEXT NOT NULL, correct INTEGER NOT NULL,
    chunk_id TEXT NOT NULL, doc_id TEXT NOT NULL, revision TEXT);
"""
CSV_COLUMNS = ("trainee", "station", "status", "best_score", "attempts", "last_attempt",
               "quiz_revisions", "changed_documents")


@dataclass(frozen=True)
class AnswerRow:
    question_id: str
    kind: str
    given: str
    correct: bool
    chunk_id: str
    doc_id: str
    revision: str | None


@dataclass(frozen=True)
class StationStatus:
    """Where one trainee stands on one station."""

    trainee: str
    station: str
    status: str  # passed | retrain | not_passed
    best_score: float
    attempts: int
    last_attempt: str
    revisions: Mapping[str, str]  # doc_id -> revision the deciding attempt was built from
    changed: tuple[str, ...] = ()  # "WI-OP30-001 C -> D" for each revision since then


class ProgressStore:
    """Thread-safe wrapper over ``learning.sqlite``."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        self._lock = threading.RLock()

    def attempt_count(self, trainee: str, station: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM attempts WHERE trainee=? AND station=?",
                                   (trainee, station)).fetchone()
            return int(row[0])

    def record(self, trainee: str, station: str, lang: str, answers: Sequence[AnswerRow],
               revisions: Mapping[str, str], pass_mark: float) -> int:
        """Store one graded attempt; returns its id."""
        trainee = check_trainee(trainee)
        correct = sum(a.correct for a in answers)
        score = correct / len(answers) if answers else 0.0
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT OR IGNORE INTO trainees(id) VALUES (?)", (trainee,))
                cur = self._db.execute(
                    "INSERT INTO attempts(trainee, station, lang, questions, correct, score, "
                    "passed) VALUES (?,?,?,?,?,?,?)",
                    (trainee, station, lang, len(answers), correct, score,
                     int(bool(answers) and score >= pass_mark)))
                attempt = int(cur.lastrowid or 0)
                self._db.executemany(
                    "INSERT INTO attempt_docs(attempt_id, doc_id, revision) VALUES (?,?,?)",
                    [(attempt, d, r) for d, r in sorted(revisions.items())])
                self._db.executemany(
                    "INSERT INTO answers VALUES (?,?,?,?,?,?,?,?)",
                    [(attempt, a.question_id, a.kind, a.given, int(a.correct), a.chunk_id,
                      a.doc_id, a.revision) for a in answers])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return attempt

    def status(self, current: Mapping[str, str], trainee: str | None = None,
               readable: AbstractSet[str] | None = None) -> list[StationStatus]:
        """Every (trainee, station) with attempts, judged against the current revisions;
        with ``readable``, only those documents count (a row with none of them is left out)."""
        with self._lock:
            q = ("SELECT trainee, station, COUNT(*), MAX(score), MAX(taken_at), "
                 "MAX(CASE WHEN passed THEN id END) FROM attempts "
                 + ("WHERE trainee=? " if trainee else "")
                 + "GROUP BY trainee, station ORDER BY trainee, station")
            rows = self._db.execute(q, (trainee,) if trainee else ()).fetchall()
            out = []
            for who, station, n, best, last, passed_id in rows:
                decided = passed_id if passed_id is not None else self._last_id(who, station)
                revs = dict(self._db.execute(
                    "SELECT doc_id, revision FROM attempt_docs WHERE attempt_id=?", (decided,)))
                if readable is not None:
                    if revs and not revs.keys() & readable:
                        continue
                    revs = {d: r for d, r in revs.items() if d in readable}
                changed = tuple(f"{d} {r} -> {current.get(d, 'withdrawn')}"
                                for d, r in sorted(revs.items()) if current.get(d) != r)
                status = "not_passed" if passed_id is None else (
                    "retrain" if changed else "passed")
                out.append(StationStatus(who, station, status, float(best), int(n), str(last),
                                         revs, changed if passed_id is not None else ()))
            return out

    def _last_id(self, trainee: str, station: str) -> int:
        row = self._db.execute("SELECT MAX(id) FROM attempts WHERE trainee=? AND station=?",
                               (trainee, station)).fetchone()
        return int(row[0])

    def answers(self, attempt_id: int) -> list[AnswerRow]:
        with self._lock:
            return [AnswerRow(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6]) for r in
                    self._db.execute("SELECT question_id, kind, given, correct, chunk_id, doc_id, "
                                     "revision FROM answers WHERE attempt_id=?", (attempt_id,))]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def check_trainee(trainee: str) -> str:
    """Trainee ids are badge numbers or names: non-empty, one line, at most 64 characters."""
    t = (trainee or "").strip()
    if not t or len(t) > 64 or "\n" in t:
        raise QueryError("give a trainee id (badge number or name, up to 64 characters), "
                         "for example --trainee T-0142")
    return t


def write_csv(path: Path, rows: Sequence[StationStatus]) -> int:
    """The training matrix as CSV (UTF-8 with BOM so Excel shows Korean names)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for r in rows:
            w.writerow([csv_safe(v) for v in (
                r.trainee, r.station, r.status, f"{r.best_score:.2f}", r.attempts,
                r.last_attempt, "; ".join(f"{d} {v}" for d, v in sorted(r.revisions.items())),
                "; ".join(r.changed))])
    return len(rows)
