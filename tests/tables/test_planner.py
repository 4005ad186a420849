"""Planner: question -> plan, per category and language, on the sample plant's real files."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.tables.periods import find_periods
from copilot.tables.plan import Condition, Plan
from copilot.tables.qa import TableQA

pytestmark = pytest.mark.unit


def plan_of(qa: TableQA, question: str) -> Plan:
    planned = qa.plan(question)
    assert planned is not None, f"no plan for {question!r}"
    return planned.plan


def cond(plan: Plan, column: str) -> Condition:
    found = [c for c in plan.conditions if c.column == column]
    assert found, f"no filter on {column} in {plan.to_dict()}"
    return found[0]


# -- numeric filters ---------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "column", "op", "value"), [
    ("Which failure modes at OP20 have severity 9 or more?", "severity", ">=", 9),
    ("PFMEA rows with S>=9 at OP30", "severity", ">=", 9),
    ("failure modes with RPN 150+", "rpn", ">=", 150),
    ("Which PFMEA lines are over RPN 200?", "rpn", ">", 200),
    ("failure modes with occurrence 2- at OP50", "occurrence", "<=", 2),
    ("failure modes with detection below 3", "detection", "<", 3),
    ("work orders with downtime over 2 hours in 2025", "downtime_h", ">", 2),
    ("OP20 공정에서 심각도 9 이상인 고장형태는 몇 개인가요?", "severity", ">=", 9),
    ("RPN 200 초과 항목은?", "rpn", ">", 200),
])
def test_numeric_comparisons(sample_qa: TableQA, question: str, column: str, op: str,
                             value: int) -> None:
    c = cond(plan_of(sample_qa, question), column)
    assert (c.op, c.values) == (op, (value,))


def test_between_and_minutes(sample_qa: TableQA) -> None:
    c = cond(plan_of(sample_qa, "failure modes with RPN between 110 and 150"), "rpn")
    assert (c.op, c.values) == ("between", (110, 150))
    c = cond(plan_of(sample_qa, "work orders with more than 90 minutes downtime"), "downtime_h")
    assert c.op == ">" and c.values == (1.5,)


def test_station_and_severity_answer_is_exact(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("Which failure modes at OP30 have severity 9 or more?")
    assert ta is not None and ta.route == "table"
    rows = ta.result.rows
    assert rows and all(r.values["severity"] >= 9 and r.values["station"] == "OP30"  # type: ignore[operator]
                        for r in rows)
    assert {"Bolt cross-threaded", "Bolt missing or not tightened"} <= {
        str(r.values["failure_mode"]) for r in rows}
    assert "severity ≥ 9" in ta.answer.text and "station OP30" in ta.answer.text
    assert len(ta.answer.citations) == len(rows)
    assert all("row" in c.locator for c in ta.answer.citations)


# -- aggregation, ranking, grouping ------------------------------------------------------------
def test_average_occurrence_for_a_station(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("Average occurrence rating for OP60?")
    assert ta is not None
    assert ta.result.plan.aggregate == "avg" and ta.result.plan.measure == "occurrence"
    assert ta.result.value == pytest.approx(2.75)
    assert "2.75" in ta.answer.text


def test_count_with_value_linking_press_2(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("How many BRG-OVHT work orders did press 2 get in 2024 and 2025?")
    assert ta is not None
    p = ta.result.plan
    assert cond(p, "asset").values == ("PRS-02",) and cond(p, "failure_code").values == (
        "BRG-OVHT",)
    assert p.aggregate == "count"
    assert ta.result.total == 14 + sum(1 for r in _korean_brg(sample_qa))


def _korean_brg(qa: TableQA) -> list[tuple[object, ...]]:
    return qa._catalog.query(  # the Korean area log's PRS-02 BRG-OVHT entries
        "SELECT 1 FROM work_orders WHERE asset='PRS-02' AND failure_code='BRG-OVHT' "
        "AND doc_id LIKE '정비일지%'")


def test_which_asset_had_most_downtime_groups_and_sums(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("Which asset had the most breakdown downtime (CM + EM) in 2024?")
    assert ta is not None
    p = ta.result.plan
    assert p.group_by == "asset" and p.aggregate == "sum" and p.measure == "downtime_h"
    assert p.limit == 1 and set(cond(p, "wo_type").values) >= {"CM", "EM"}
    assert ta.result.groups[0].key == "PRS-02"
    assert ta.result.groups[0].value == pytest.approx(33.75)


def test_ranking_by_rpn_highest_first(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("List the torque-related failure modes at OP30 by RPN, highest first")
    assert ta is not None
    p = ta.result.plan
    assert p.order_by == "rpn" and p.descending and p.aggregate == "list"
    rpns = [r.values["rpn"] for r in ta.result.rows]
    assert rpns == sorted(rpns, reverse=True) and rpns[0] == 225  # type: ignore[type-var]
    assert all("torque" in r.text.lower() or "토크" in r.text for r in ta.result.rows)


def test_top_n(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("top 3 failure modes by RPN")
    assert ta is not None and len(ta.result.rows) == 3
    assert ta.result.rows[0].values["rpn"] == 288


def test_percentage(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("What percentage of the 2024 work orders are PM?")
    assert ta is not None and ta.result.plan.aggregate == "percentage"
    assert ta.result.base_total == 140 and ta.result.total == 78
    assert "55.71%" in ta.answer.text


def test_group_per_station_korean(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("공정별 평균 심각도는?")
    assert ta is not None
    p = ta.result.plan
    assert p.group_by == "station" and p.aggregate == "avg" and p.measure == "severity"
    assert {g.key for g in ta.result.groups} == {"OP10", "OP20", "OP30", "OP40", "OP50", "OP60"}


# -- emptiness, semantic filters, no match -----------------------------------------------------
def test_ap_h_without_recommended_action(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("Which process steps have action priority H and no recommended "
                          "action yet?")
    assert ta is not None
    p = ta.result.plan
    assert cond(p, "ap").values == ("H",) and cond(p, "recommended_action").op == "empty"
    modes = {str(r.values["failure_mode"]) for r in ta.result.rows}
    assert "Bolt cross-threaded" in modes and "Leaking coolant jacket passed as OK" in modes


def test_semantic_filter_overheating(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("failure modes related to overheating")
    assert ta is not None and ta.result.plan.text
    assert ta.result.total >= 1
    assert all("overheat" in r.text.lower() or "temperature" in r.text.lower()
               or "과열" in r.text for r in ta.result.rows)


def test_semantic_filter_korean_and_english_rows(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("2025년 7월 PRS-02 스핀들 과열 관련 작업 목록")
    assert ta is not None
    ids = {r.values["work_order"] for r in ta.result.rows}
    assert "WO-25-00479" in ids  # English CMMS row found from Korean words
    assert any(str(i).startswith("L2-25-") for i in ids)  # and the Korean log's rows


def test_no_match_is_said_plainly(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("Which failure modes at OP60 have severity 10?")
    assert ta is not None and ta.result.total == 0
    assert ta.answer.text.startswith("No failure mode row matches")
    assert "station OP60" in ta.answer.text and "severity = 10" in ta.answer.text
    assert not ta.answer.abstained and not ta.answer.citations


def test_document_questions_are_not_planned(sample_qa: TableQA) -> None:
    for q in ("What torque for the OP30 housing bolts?",
              "spindle 3 overheats, what do I check?",
              "How do I lock out PRS-01 before maintenance?"):
        assert sample_qa.plan(q) is None, q


def test_how_question_with_counts_routes_to_both(sample_qa: TableQA) -> None:
    planned = sample_qa.plan("How many BRG-OVHT work orders did PRS-02 get in 2025 and how do "
                             "I regrease the spindle?")
    assert planned is not None and planned.route == "both"


@pytest.mark.parametrize("question", [
    "Add up the downtime of PRS-02 in 2024.",
    "2024년 PRS-02 비가동시간 다 합치면?",
])
def test_adding_up_is_a_sum(sample_qa: TableQA, question: str) -> None:
    p = plan_of(sample_qa, question)
    assert p.aggregate == "sum" and p.measure == "downtime_h"


def test_work_order_lookup_by_id(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("WO-24-00492 - how many hours was the press down and what did it cost?")
    assert ta is not None and ta.result.total == 1
    assert "15" in ta.answer.text and "8,996,000" in ta.answer.text


# -- periods -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "start", "end"), [
    ("in Q2 2025", "2025-04-01", "2025-07-01"),
    ("2025년 3월", "2025-03-01", "2025-04-01"),
    ("in March 2025", "2025-03-01", "2025-04-01"),
    ("last quarter", "2026-07-01", "2026-10-01"),
    ("this year", "2026-01-01", "2027-01-01"),
    ("작년", "2025-01-01", "2026-01-01"),
    ("from July to December 2024", "2024-07-01", "2025-01-01"),
    ("between January and the end of June 2007", "2007-01-01", "2007-07-01"),
])
def test_periods(text: str, start: str, end: str) -> None:
    found = find_periods(text, date(2026, 11, 23))
    assert (found[0].start, found[0].end) == (start, end)


def test_document_questions_of_the_golden_set_stay_with_the_documents(sample_qa: TableQA
                                                                      ) -> None:
    """Work-instruction, safety, procedure and unanswerable questions never become table-only
    answers (at most the matching rows are shown before the documents' answer)."""
    import json

    from tests.conftest import REPO

    doc_cats = {"wi_parameter", "wi_safety", "wi_procedure", "revision", "troubleshooting",
                "unanswerable", "cross_lingual"}
    for line in (REPO / "evals" / "golden" / "sample_plant.jsonl").read_text(
            encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["category"] in doc_cats:
            ta = sample_qa.answer(item["question"])
            assert ta is None or ta.route == "both", (item["id"], ta and ta.answer.text)


def test_open_work_orders_only_count_logs_that_record_closing(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("Which work orders are still open?")
    assert ta is not None
    assert {r.values["work_order"] for r in ta.result.rows} == {
        "WO-25-00784", "WO-25-00778", "WO-25-00770"}  # the Korean log has no close dates


def test_korean_questions_get_korean_wording(sample_qa: TableQA) -> None:
    ta = sample_qa.answer("OP20 공정에서 심각도 9 이상인 고장형태는 몇 개인가요?")
    assert ta is not None
    assert ta.answer.text.startswith("조건에 맞는 고장형태 행 2건")
    assert "(공정 OP20, 심각도 ≥ 9)" in ta.answer.text and "원인:" in ta.answer.text
    ta = sample_qa.answer("OP60에서 심각도 10인 고장형태는?")
    assert ta is not None and ta.answer.text.startswith("조건에 맞는 고장형태 행이(가) 없습니다")
    ta = sample_qa.answer("정비일지(OP20~OP40)에 기록된 비가동 시간 합계가 몇 분이에요?")
    assert ta is not None and "36 h (2160 분)" in ta.answer.text
    assert cond(ta.result.plan, "station").values == ("OP20", "OP30", "OP40")
