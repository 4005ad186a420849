"""Grading: choices exactly, numbers with unit tolerance, free text against the key's facts."""

from __future__ import annotations

from dataclasses import dataclass

from copilot.answering.grounding import quantities
from copilot.core.text import tokenize
from copilot.learning.facts import parameters, unit_of
from copilot.learning.quiz import Question

TEXT_COVERAGE = 0.6  # share of the key's content words a free-text answer must contain
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Grade:
    """One graded answer, with the source of the correct answer."""

    question: Question
    given: str
    correct: bool
    expected: str


def grade_answer(q: Question, given: str) -> Grade:
    """Grade one answer; a letter (A-D) or number (1-4) picks that choice."""
    answer = (given or "").strip()
    if q.choices:
        picked = choice_of(q, answer)
        ok = picked == q.key
    elif q.answer_type == "number":
        ok = number_matches(q, answer)
    else:
        ok = text_matches(q.key, answer)
    return Grade(q, answer, ok, q.key)


def choice_of(q: Question, answer: str) -> str:
    """The choice an answer names: exact text, letter 'B' / 'b)' or position '2'."""
    if answer in q.choices:
        return answer
    token = answer.rstrip(").:").strip().upper()
    if len(token) == 1 and token in LETTERS[: len(q.choices)]:
        return q.choices[LETTERS.index(token)]
    if token.isdigit() and 1 <= int(token) <= len(q.choices):
        return q.choices[int(token) - 1]
    return answer


def number_matches(q: Question, answer: str) -> bool:
    """Every key number is stated; a unit, when given, must be the key's (N·m = Nm = N m)."""
    found = parameters(answer)
    if found:
        values = {v for p in found for v in p.values}
        units = {p.unit for p in found}
        return set(q.key_values) <= values and (not q.unit or units <= {q.unit})
    stated = quantities(answer)
    values = {s.value for s in stated}
    units = {unit_of(s.unit) for s in stated if s.unit}
    return bool(stated) and set(q.key_values) <= values and (not units or units <= {q.unit})


def text_matches(key: str, answer: str) -> bool:
    """Free text: the key's numbers all stated and most of its content words present."""
    key_qs = {q.value for q in quantities(key)}
    if not key_qs <= {q.value for q in quantities(answer)}:
        return False
    words = {t for t in tokenize(key) if not t.isdigit()}
    if not words:
        return True
    return len(words & set(tokenize(answer))) / len(words) >= TEXT_COVERAGE
