"""Quotes are ordered by how many of the question's words they carry, not by token forms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from copilot.answering.quoting import extractive
from copilot.core.text import word_forms
from copilot.core.types import Answer, Hit
from tests.fakes import chunk

pytestmark = pytest.mark.unit

QUESTION = "LKT-40 CH-1 first NOK on a housing: retest or scrap?"


def test_a_code_is_one_word_with_its_forms() -> None:
    words = word_forms("LKT-40 first NOK")
    assert words[0] == frozenset({"lkt-40", "lkt40"})  # not its parts "lkt" and "40"
    assert len(words) == 3


def test_the_step_with_more_question_words_leads_over_rows_that_repeat_the_code() -> None:
    """Each work order names LKT-40 and CH-1 (seven token forms, two words); the step says
    first, NOK, housing and retest (four words). Counting forms the rows won; counting words,
    the step."""
    rows = [chunk(f"Work order WO-{i} | Asset LKT-40 | LKT-40 CH-1 MASTER FAIL | cleaned", n=i,
                  kind="maintenance_log") for i in (1, 2, 3)]
    step = chunk("5.1 First NOK on a housing: retest once after checking the adapter O-ring.",
                 n=4)
    sources = [Hit(c, 1.0 / r, r) for r, c in enumerate([*rows, step], start=1)]
    ans = extractive(Answer(question=QUESTION, text=""), QUESTION, sources, "en")
    first_quote = ans.text.splitlines()[1]
    assert "O-ring" in first_quote, ans.text


def test_a_row_found_twice_is_quoted_once() -> None:
    """The same sheet indexed from two files gives every row twice: the second copy must not
    take one of the three quotes from the next row."""
    q = "Why would the alternator stop charging the batteries?"
    row = "Alternator | Overloading | batteries will not charge | isolation switch"
    other = "Alternator | Corrosion | batteries will not charge | removal of lead protection"
    texts = [row, row, other, "Horn | Corrosion | no sound"]
    sources = [Hit(chunk(t, n=i, kind="pfmea"), 1.0 / i, i)
               for i, t in enumerate(texts, start=1)]
    ans = extractive(Answer(question=q, text=""), q, sources, "en")
    assert ans.text.count("isolation switch") == 1, ans.text
    assert "lead protection" in ans.text


def test_asked_for_the_last_one_the_newest_matching_record_leads() -> None:
    def row(n: int, day: str, text: str) -> Hit:
        c = replace(chunk(f"{day} | Asset D | {text}", n=n, kind="maintenance_log"),
                    metadata={"date": day})
        return Hit(c, 1.0 / n, n)

    hits = [row(1, "2004-02-17", "left hand engine oil leak"),
            row(2, "2004-01-07", "left hand engine would not run"),
            row(3, "2011-05-23", "Replace LH engine"),
            row(4, "2012-01-01", "bucket tooth missing")]  # newer, but not about the engine
    base = Answer(question="", text="")
    last = extractive(base, "When was the left hand engine on D last replaced?", hits, "en")
    assert last.text.splitlines()[1].startswith('- "2011-05-23')
    similar = extractive(base, "Which left hand engine jobs were done on D?", hits, "en")
    assert similar.text.splitlines()[1].startswith('- "2004-02-17')
