"""``Learning``: the onboarding use cases (briefing, quiz, grade, progress) over the catalog."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import QueryError
from copilot.core.messages import as_lang
from copilot.learning.briefing import Briefing, build_briefing
from copilot.learning.freeform import generated_questions
from copilot.learning.grading import Grade, grade_answer
from copilot.learning.material import Material, body, normalize_station
from copilot.learning.progress import AnswerRow, ProgressStore, StationStatus, write_csv
from copilot.learning.quiz import KINDS, Question, QuestionBuilder
from copilot.ports import GeneratorFactory, ScopedCatalogSource

PASS_MARK = 0.8


@dataclass(frozen=True)
class Quiz:
    station: str
    lang: str
    questions: tuple[Question, ...]
    revisions: Mapping[str, str]  # doc_id -> revision of the station's current WIs


@dataclass(frozen=True)
class Result:
    trainee: str
    station: str
    grades: tuple[Grade, ...]
    score: float
    passed: bool
    attempt_id: int


class Learning:
    """Station briefings, quizzes, grading and training records; opened lazily by ``Copilot``.

    Reads the current catalog as the caller may read it (``catalog(scope)``: briefings and
    quizzes are built from readable documents only), loads the model only for generated
    questions and keeps training records in ``store_path``."""

    def __init__(self, catalog: ScopedCatalogSource, generator: GeneratorFactory,
                 store_path: Path, generated: bool = False) -> None:
        self._catalog, self._generator = catalog, generator
        self._generated = generated  # the default of quiz(generated=None): COPILOT_MODEL_QUIZ
        self.store_path = store_path
        self._lock = threading.RLock()
        self._materials: dict[AccessScope, Material] = {}
        self._store: ProgressStore | None = None
        self._pools: dict[tuple[str, str, int, AccessScope], list[Question]] = {}

    @property
    def material(self) -> Material:
        return self.material_for(UNRESTRICTED)

    def material_for(self, scope: AccessScope) -> Material:
        """Station material from the documents ``scope`` may read."""
        with self._lock:
            if scope not in self._materials:
                self._materials[scope] = Material(self._catalog(scope))
            return self._materials[scope]

    @property
    def store(self) -> ProgressStore:
        with self._lock:
            if self._store is None:
                self._store = ProgressStore(self.store_path)
            return self._store

    def stations(self, scope: AccessScope = UNRESTRICTED) -> list[str]:
        return self.material_for(scope).stations()

    def briefing(self, station: str, lang: str = "en",
                 scope: AccessScope = UNRESTRICTED) -> Briefing:
        return build_briefing(self.material_for(scope).station(station), lang)

    def questions(self, station: str, lang: str = "en",
                  scope: AccessScope = UNRESTRICTED) -> list[Question]:
        """Every template question of the station (the pool quizzes are drawn from)."""
        code, lg = normalize_station(station), as_lang(lang)
        m = self.material_for(scope)
        key = (code, lg, m.catalog.generation(), scope)
        with self._lock:
            if key not in self._pools:
                self._pools[key] = QuestionBuilder(m.station(code), m.others(code), lg).build()
            return self._pools[key]

    def quiz(self, station: str, trainee: str | None = None, n: int = 8, lang: str = "en",
             seed: int | None = None, generated: bool | None = None,
             scope: AccessScope = UNRESTRICTED) -> Quiz:
        """``n`` questions, kinds taken in turn; a trainee's retake gets the next rotation;
        ``generated`` adds a capable model's checked questions (None: COPILOT_MODEL_QUIZ)."""
        if n <= 0:
            raise QueryError(f"a quiz needs at least 1 question (got {n})")
        code, lg = normalize_station(station), as_lang(lang)
        if seed is None:
            seed = self.store.attempt_count(trainee, code) if trainee else 0
        pool = self.questions(code, lg, scope)
        material = self.material_for(scope)
        extra: list[Question] = []
        if self._generated if generated is None else generated:
            extra = generated_questions(material.station(code), self._generator(), lg)
        picked = select([*pool, *extra], n, seed)
        return Quiz(code, lg, tuple(picked), material.station(code).revisions)

    def grade(self, station: str, trainee: str, answers: Mapping[str, str],
              questions: Sequence[Question] | None = None, lang: str = "en",
              scope: AccessScope = UNRESTRICTED) -> Result:
        """Grade answers (question id -> answer), record the attempt, return the result."""
        code = normalize_station(station)
        known = {q.id: q for q in (questions or self.questions(code, lang, scope))}
        missing = [qid for qid in answers if qid not in known]
        if missing:
            raise QueryError(f"question {missing[0]} is not in the current documents of {code} "
                             "(a document changed since the quiz was made) - take a new quiz")
        if not answers:
            raise QueryError("no answers given")
        grades = tuple(grade_answer(known[qid], a) for qid, a in answers.items())
        rows = [AnswerRow(g.question.id, g.question.kind, g.given, g.correct,
                          g.question.citation.chunk_id, g.question.doc_id, g.question.revision)
                for g in grades]
        revisions = self.material_for(scope).station(code).revisions
        attempt = self.store.record(trainee, code, as_lang(lang), rows, revisions, PASS_MARK)
        score = sum(g.correct for g in grades) / len(grades)
        return Result(trainee.strip(), code, grades, score, score >= PASS_MARK, attempt)

    def progress(self, trainee: str | None = None,
                 scope: AccessScope = UNRESTRICTED) -> list[StationStatus]:
        """Training records judged against the current revisions ``scope`` may read; a
        document it may not read is left out of every row (and a row resting only on such
        documents is not shown), so neither its number nor its revision shows."""
        current = self.material_for(scope).current_revisions()
        if scope.unrestricted:
            return self.store.status(current, trainee)
        readable = {str(d["doc_id"]) for d in self._catalog(scope).documents()}
        return self.store.status(current, trainee, readable)

    def export_csv(self, path: Path, trainee: str | None = None) -> int:
        return write_csv(path, self.progress(trainee))

    def verify(self, q: Question, scope: AccessScope = UNRESTRICTED) -> bool:
        """The key is quoted verbatim from its cited chunk, which is in a current document."""
        chunk = self._catalog(scope).get_chunks([q.citation.chunk_id]).get(q.citation.chunk_id)
        return (chunk is not None and chunk.status == "current"
                and chunk.revision == q.revision and q.key in body(chunk))

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            self._materials.clear()
            self._pools.clear()


def select(pool: Sequence[Question], n: int, seed: int) -> list[Question]:
    """Round-robin over kinds (fixed order), each kind's list rotated by ``seed``."""
    by_kind: dict[str, list[Question]] = {}
    for q in pool:
        by_kind.setdefault(q.kind, []).append(q)
    lists = []
    for kind in [*KINDS, *sorted(set(by_kind) - set(KINDS))]:
        qs = _interleave(by_kind.get(kind, []))
        if qs:
            shift = (seed * 3) % len(qs)
            lists.append(qs[shift:] + qs[:shift])
    out: list[Question] = []
    i = 0
    while len(out) < n and any(i < len(x) for x in lists):
        out.extend(x[i] for x in lists if i < len(x))
        i += 1
    return out[:n]


def _interleave(qs: list[Question]) -> list[Question]:
    """One question per document in turn, so a quiz covers every WI of the station."""
    by_doc: dict[str, list[Question]] = {}
    for q in qs:
        by_doc.setdefault(q.doc_id, []).append(q)
    out: list[Question] = []
    for i in range(max((len(x) for x in by_doc.values()), default=0)):
        out.extend(x[i] for x in by_doc.values() if i < len(x))
    return out
