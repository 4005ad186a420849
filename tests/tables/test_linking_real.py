"""Value linking on the real haul-truck FMEA and excavator log: the users' spellings."""

from __future__ import annotations

import pytest

from copilot.tables.qa import TableQA
from tests.tables.test_planner import cond, plan_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("question", "column", "value"), [
    ("aircon compressor failure modes and their RPN?", "component", "Air-conditioning"),
    ("a/c filter failure mode and RPN?", "component", "Air-conditioning"),
    ("turbo charger failure modes by severity", "sub_component", "Turbocharger"),
    ("Which failure modes does the fuel pump have?", "sub_component", "Fuel Pump"),
    ("How many final drv work orders on excavator E?", "major_system", "Final Drive"),
    ("How many fire supp WOs did excavator D have in 2009?", "part", "Fire Suppression"),
])
def test_spelling_variants_link_to_real_values(shared_qa: TableQA, question: str, column: str,
                                               value: str) -> None:
    assert value in cond(plan_of(shared_qa, question), column).values


def test_a_c_filter_is_not_the_air_filter(shared_qa: TableQA) -> None:
    plan = plan_of(shared_qa, "a/c filter failure mode and RPN?")
    assert all("Air filter" not in c.values for c in plan.conditions)
    ta = shared_qa.answer("a/c filter failure mode and RPN?")
    assert ta is not None and ta.result.rows
    assert all(r.values["component"] == "Air-conditioning" for r in ta.result.rows)


def test_name_at_two_hierarchy_levels_is_reported(shared_qa: TableQA) -> None:
    ta = shared_qa.answer("How many FMEA rows are there for electrical system?")
    assert ta is not None
    c = cond(ta.result.plan, "subsystem")
    assert c.values == ("Electrical System",) and c.alt_columns == ("component",)
    assert "names a subsystem and component; matched either" in ta.answer.text


def test_single_letter_asset_needs_its_word(shared_qa: TableQA) -> None:
    plan = plan_of(shared_qa, "How many work orders did asset D have in 2009?")
    assert cond(plan, "asset").values == ("D",)
    # "a" as an article is not asset A
    plan = plan_of(shared_qa, "How many work orders have a cost over 100k?")
    assert all(c.column != "asset" for c in plan.conditions)
    assert cond(plan, "cost").values == (100000,)


def test_quoted_value_is_exact(shared_qa: TableQA) -> None:
    ta = shared_qa.answer("How many WOs have the failure mode coded as just 'Leak'?")
    assert ta is not None and ta.result.total == 756
    ta = shared_qa.answer("How many leak work orders are there?")  # label or text, wider
    assert ta is not None and ta.result.total > 756


def test_group_by_year_and_several_aggregates(shared_qa: TableQA) -> None:
    ta = shared_qa.answer("In which year did excavator D log the most WOs, and how many?")
    assert ta is not None and ta.result.plan.group_by == "year"
    assert (ta.result.groups[0].key, ta.result.groups[0].count) == ("2009", 400)
    ta = shared_qa.answer("How many fire supp WOs did excavator D have in 2009, and what did "
                          "they cost in total?")
    assert ta is not None and ta.result.total == 6
    assert ta.result.extra["sum"] == pytest.approx(19853.25)
    assert "total 19,853.25" in ta.answer.text


def test_money_amounts(shared_qa: TableQA) -> None:
    ta = shared_qa.answer("Any excavator job over 1.5 million?")
    assert ta is not None and ta.result.total == 0
    assert "cost > 1,500,000" in ta.answer.text


def test_an_acronym_value_links_only_where_the_question_writes_it_in_capitals(
        shared_qa: TableQA) -> None:
    """The excavator log's part "GET" (ground engaging tools): "GET work orders" names it,
    "which excavator gets ..." does not."""
    assert "GET" in cond(plan_of(shared_qa, "How many GET work orders on excavator C?"),
                         "part").values
    plan = plan_of(shared_qa, "Which excavator gets its bucket teeth replaced most often?")
    assert plan is None or all("GET" not in c.values for c in plan.conditions)


def test_a_korean_unit_word_glued_to_the_asset_id_names_it(shared_qa: TableQA) -> None:
    """"D호기" (unit D) and "굴삭기 D": the excavator log's asset D."""
    for question in ("D호기 2007년 작업지시 몇 건이야?", "굴삭기 D 2007년 작업지시 몇 건이야?"):
        assert cond(plan_of(shared_qa, question), "asset").values == ("D",), question


def test_a_shorthand_for_an_acronym_value_still_names_it(sample_qa: TableQA) -> None:
    """"hyd" is the plant's HYD failure code written in lower case (held-out question)."""
    assert "HYD" in cond(plan_of(sample_qa, "hyd WOs with under 1 h of downtime?"),
                         "failure_code").values
    # a longer word the code shortens names it too ("sensor" -> SENS; held-out question)
    plan = plan_of(sample_qa, "PRS-02 jobs where the spindle temperature sensor was faulty?")
    assert "SENS" in cond(plan, "failure_code").values
