"""Table questions over the chiller log, a CMMS export ingested by inferred column roles.

Expected figures are computed here from the CSV with the csv module, not copied from answers."""

from __future__ import annotations

import csv
from collections import Counter
from typing import Any

import pytest

from copilot.tables.qa import TableQA
from tests.tables.conftest import CHILLERS

pytestmark = pytest.mark.integration


def _rows() -> list[dict[str, str]]:
    with CHILLERS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _hours(text: str) -> float:
    h, m, *s = (int(p) for p in text.split(":"))
    return h + m / 60 + (s[0] / 3600 if s else 0)


def _answer(qa: TableQA, question: str) -> Any:
    ta = qa.answer(question)
    assert ta is not None, question
    return ta


def test_count_for_one_chiller_in_english_and_korean(chiller_qa: TableQA) -> None:
    expected = sum(r["equipment_name"] == "Chiller 14" for r in _rows())
    for question in ("How many work orders did Chiller 14 have?",
                     "Chiller 14의 작업지시는 몇 건인가요?"):
        ta = _answer(chiller_qa, question)
        assert ta.result.value == expected, question
        assert f"{expected}" in ta.answer.text


def test_equipment_with_most_work_orders(chiller_qa: TableQA) -> None:
    (name, n), = Counter(r["equipment_id"] for r in _rows()).most_common(1)
    for question in ("Which equipment had the most work orders?", "작업지시가 가장 많은 설비는?"):
        ta = _answer(chiller_qa, question)
        assert (ta.result.groups[0].key, ta.result.groups[0].count) == (name, n), question


def test_which_kind_of_asset_groups_by_asset_and_shows_its_name(chiller_qa: TableQA) -> None:
    """The assets are called chillers ("Chiller 14"): "which chiller ... most" ranks assets,
    and the ranking shows the name beside the id; "which Chiller 10 work order" does not."""
    rows = [r for r in _rows() if r["preventive"] == "FALSE"]
    (eq, n), = Counter(r["equipment_id"] for r in rows).most_common(1)
    name = next(r["equipment_name"] for r in rows if r["equipment_id"] == eq)
    ta = _answer(chiller_qa, "Which chiller has the most corrective work orders, and how many?")
    assert ta.result.plan.group_by == "asset"
    assert (ta.result.groups[0].key, ta.result.groups[0].count) == (eq, n)
    assert f"{eq} ({name}): {n}" in ta.answer.text
    one = _answer(chiller_qa, "Which Chiller 10 work order booked the most labour hours?")
    assert one.result.plan.group_by is None


def test_filter_by_type_year_and_chiller(chiller_qa: TableQA) -> None:
    expected = sum(r["equipment_name"] == "Chiller 7" and r["preventive"] == "FALSE"
                   and r["actual_finish"].split()[0].endswith("/20") for r in _rows())
    ta = _answer(chiller_qa, "How many corrective work orders did Chiller 7 get in 2020?")
    assert ta.result.value == expected


def test_a_value_the_question_rules_out_is_excluded(chiller_qa: TableQA) -> None:
    """"not preventive", "PMs excluded", "예방정비 제외": the rows without that type."""
    rows = [r for r in _rows() if r["equipment_name"] == "Chiller 7"]
    not_pm = sum(r["preventive"] == "FALSE" for r in rows)
    assert 0 < not_pm < len(rows)
    for question in ("How many Chiller 7 work orders are not preventive?",
                     "How many Chiller 7 work orders, PMs excluded?",
                     "Chiller 7 작업지시 중 예방정비 제외하면 몇 건이야?"):
        ta = _answer(chiller_qa, question)
        assert ta.result.value == not_pm, question
    hours = sum(_hours(r["actual_labor_hours"]) for r in rows if r["preventive"] == "FALSE")
    ta = _answer(chiller_qa, "What did the Chiller 7 repairs take in labour hours, PMs excluded?")
    assert ta.result.plan.aggregate == "sum" and ta.result.value == pytest.approx(hours)


def test_sum_of_labour_hours_parsed_from_h_mm(chiller_qa: TableQA) -> None:
    expected = sum(_hours(r["actual_labor_hours"]) for r in _rows()
                   if r["equipment_name"] == "Chiller 10")
    ta = _answer(chiller_qa, "What is the total labour hours for Chiller 10?")
    assert ta.result.value == pytest.approx(expected)


def test_most_common_failure_code(chiller_qa: TableQA) -> None:
    (code, n), = Counter(r["primary_code"] for r in _rows()).most_common(1)
    ta = _answer(chiller_qa, "Which failure code is most common?")
    assert (ta.result.groups[0].key, ta.result.groups[0].count) == (code, n)


def test_words_that_empty_the_result_are_dropped_and_named(chiller_qa: TableQA) -> None:
    """A word that only another chiller's work orders use ("freon": Chiller 9) asked about
    Chiller 10: with it nothing matches, so the ranking runs on the structured part (Chiller 10),
    names the word it ignored, and does not stand alone."""
    rows = [r for r in _rows() if r["equipment_name"] == "Chiller 10"]
    assert rows and not any("freon" in r["wo_description"].lower() for r in rows)
    top = max(_hours(r["actual_labor_hours"]) for r in rows)
    ta = _answer(chiller_qa, "Which Chiller 10 work order about freon booked the most labour hours?")
    assert ta.result.total > 0
    assert ta.result.value == pytest.approx(top)
    assert "ignored 'freon'" in ta.answer.text
    assert ta.route == "both"
    assert not any(t.groups for t in ta.result.plan.text)


def test_a_chiller_the_log_does_not_have_matches_nothing(chiller_qa: TableQA) -> None:
    """The log has no Chiller 5 (its names run 1-14 with gaps): the count is 0 for "Chiller 5",
    not the count of every chiller's work orders that year."""
    names = {r["equipment_name"] for r in _rows()}
    assert "Chiller 5" not in names and "Chiller 14" in names
    ta = _answer(chiller_qa, "how many work orders did Chiller 5 have in 2019?")
    assert ta.result.total == 0 and "Chiller 5" in ta.answer.text
    known = _answer(chiller_qa, "how many work orders did Chiller 14 have in 2019?")
    assert known.result.total == sum(r["equipment_name"] == "Chiller 14" and
                                     r["actual_finish"].split(" ")[0].endswith("/19")
                                     for r in _rows())


def test_the_dropped_word_note_is_in_korean_for_a_korean_question() -> None:
    from copilot.tables.plan import Plan
    from copilot.tables.render import _notes

    plan = Plan("work_orders", notes=("ignored 'freon' (with it no row matched)",))
    assert _notes(plan, ko=True) == "\n참고: 'freon'을(를) 넣으면 맞는 행이 없어 제외함."
