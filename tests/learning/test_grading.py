"""Grading rules: numbers with unit tolerance, choices exactly, free text against key facts."""

from __future__ import annotations

import pytest

from copilot.core.types import Citation
from copilot.learning.grading import grade_answer, text_matches
from copilot.learning.quiz import Question

pytestmark = pytest.mark.unit
CITE = Citation(0, "c1", "wi.md", "WI-OP30-001 Rev C, step 4.4", "quote")


def number(key: str, values: tuple[str, ...], unit: str) -> Question:
    return Question("q", "OP30", "parameter", "en", "?", (), key, "number", CITE, values, unit)


@pytest.mark.parametrize(("given", "ok"), [
    ("25 N·m", True), ("25 Nm", True), ("25Nm", True), ("25 N m", True), ("25", True),
    ("25 Nm ± 1.5 Nm", True), ("23 Nm", False), ("25 bar", False), ("", False),
    ("twenty-five", False)])
def test_numbers_with_unit_tolerance(given: str, ok: bool) -> None:
    assert grade_answer(number("25 Nm ± 1.5 Nm", ("25",), "nm"), given).correct is ok


def test_ranges_need_both_ends() -> None:
    q = number("20~30 °C", ("20", "30"), "°c")
    assert grade_answer(q, "20-30 ℃").correct
    assert not grade_answer(q, "30 °C").correct


def test_choices_exactly_or_by_letter() -> None:
    q = Question("q", "OP30", "tool", "en", "?", ("GG-05", "TW-08", "TW-12"), "TW-08", "choice",
                 CITE)
    assert grade_answer(q, "TW-08").correct
    assert grade_answer(q, "b").correct and grade_answer(q, "2").correct
    assert not grade_answer(q, "TW-12").correct
    assert not grade_answer(q, "tw-08 ").correct or grade_answer(q, "B)").correct


def test_free_text_against_key_facts() -> None:
    key = "two passes in a cross pattern to 25 Nm"
    assert text_matches(key, "Tighten in two passes, cross pattern, final 25 Nm")
    assert not text_matches(key, "two passes in a cross pattern to 23 Nm")
    assert not text_matches(key, "25 Nm")
