"""The planner's stages as functions over frozen values: each takes the question and what the
earlier stages found, and returns a new value (nothing shared, nothing changed in place).

The value index is built from a few literal values: no catalog, no files."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from copilot.core.schema import table_named
from copilot.tables.filters import FILTERS, links, numbers, periods
from copilot.tables.intent import intent
from copilot.tables.linking import build_index
from copilot.tables.meaning import text_filters
from copilot.tables.plan import Condition
from copilot.tables.planner import build, read
from copilot.tables.question import Found, Question

pytestmark = pytest.mark.unit

TODAY = date(2026, 11, 23)
WORK_ORDERS = table_named("work_orders")
INDEX = build_index(
    WORK_ORDERS,
    {"asset": ["PRS-02", "LKT-40"], "wo_type": ["CM", "PM"], "station": ["OP10", "OP20"]},
    {"LKT-40": ["Helium leak tester"]}, ["CMMS_WO_export_2024"],
    ["spindle bearing overheated", "coolant leak at the pump seal"], ["WO-24-00492"])


def question(text: str) -> Question:
    return read(text, INDEX, TODAY)


def test_values_are_frozen() -> None:
    found = Found()
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.conds = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        question("any work orders").q = ""  # type: ignore[misc]


def test_a_stage_returns_a_new_value_and_leaves_its_input_alone() -> None:
    qn = question("work orders with downtime over 2 h")
    before = Found()
    after = numbers(qn, before)
    assert before == Found()
    assert after.conds == (Condition("downtime_h", ">", (2,), phrase="over 2"),)
    assert after.numeric and after.taken(*after.used[0])


def test_a_stage_sees_what_the_earlier_ones_explained() -> None:
    qn = question("work orders in 2024 with downtime over 2 h")
    alone = numbers(qn, Found())
    dated = numbers(qn, periods(qn, Found()))
    assert [c.values for c in dated.conds] == [("2024-01-01",), ("2025-01-01",), (2,)]
    # without the period stage first, the year would be read as a downtime of 2024 h
    assert [c.values for c in alone.conds] == [(2024,), (2,)]
    assert not dated.taken(0, 5)  # "work" is still unexplained


def test_links_merge_one_column_and_note_nothing_for_a_single_level() -> None:
    qn = question("corrective jobs on press 2 and the leak tester")
    found = links(qn, Found())
    by = {c.column: c for c in found.conds}
    assert by["asset"].values == ("PRS-02", "LKT-40") and by["asset"].op == "in"
    assert by["wo_type"].values[:2] == ("CM", "고장수리")
    assert found.notes == ()


def test_the_pipeline_runs_the_stages_in_order() -> None:
    qn = question("how many corrective work orders on press 2 in 2024 mention overheating?")
    found = Found()
    for stage in FILTERS:
        found = stage(qn, found)
    want, found = intent(qn, found)
    text, found = text_filters(qn, found)
    assert want.aggregate == "count" and want.measure is None
    assert [c.column for c in found.conds] == ["date", "date", "asset", "wo_type"]
    assert text[0].groups[0][0] == "overheat"
    planned = build(qn)
    assert planned is not None and planned.kind == "strong" and planned.route == "table"
    assert planned.plan.conditions == found.conds and planned.plan.text == text


def test_decide_leaves_procedures_and_chatter_to_the_documents() -> None:
    assert build(question("how do I lock out press 2 before maintenance?")) is None
    assert build(question("hello there")) is None
    wo = build(question("what happened on WO-24-00492?"))
    assert wo is not None and wo.plan.conditions[0].values == ("WO-24-00492",)
