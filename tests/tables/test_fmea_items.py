"""An FMEA sheet without process steps: items named by their component path, and superlatives
("top RPN", "highest risk item ... by RPN") answered by the rows holding the extreme."""

from __future__ import annotations

import pytest

from copilot.store.catalog import Catalog
from copilot.tables.qa import TableQA
from tests.tables.conftest import TODAY, fill
from tests.tables.test_copies import ROWS, write

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    d = tmp_path_factory.mktemp("items")
    return TableQA(fill(Catalog(d / "c.sqlite"), [write(d / "truck_fmea.csv", ROWS)]),
                   today=lambda: TODAY)


def test_items_named_by_component_and_sub_component(qa: TableQA) -> None:
    got = qa.answer("What's the highest RPN in the Power Train and which items have it?")
    assert got is not None and got.result.value == 36 and len(got.result.rows) == 3
    # "Gears" alone is two items: the Upbox's and the Dropbox's
    assert "Upbox › Gears: Wearing" in got.answer.text
    assert "Dropbox › Gears: Wearing" in got.answer.text


@pytest.mark.parametrize("question", ["Top RPN in the Power Unit subsystem?",
                                      "highest risk item in the Power Unit by RPN?"])
def test_a_superlative_gives_the_rows_at_the_extreme(qa: TableQA, question: str) -> None:
    got = qa.answer(question)
    assert got is not None and got.result.plan.aggregate == "max"
    assert got.result.value == 24 and got.result.total == 5
    assert [r.values["sub_component"] for r in got.result.rows] == ["Radiator", "Fuel Pump"]


def test_highest_first_still_sorts_every_row(qa: TableQA) -> None:
    got = qa.answer("List the failure modes in the Power Unit by RPN, highest first.")
    assert got is not None and got.result.plan.aggregate == "list"
    assert [r.values["rpn"] for r in got.result.rows] == [24, 24, 18, 9, 8]


def test_a_form_of_a_named_column_is_not_a_text_condition(tmp_path_factory: pytest.TempPathFactory
                                                          ) -> None:
    """"hardest to detect (detection = 5)": "detect" is the detection column named again; as
    a text condition it kept only the rows whose words say "detect"."""
    d = tmp_path_factory.mktemp("detect")
    rows = [*ROWS, "Power Unit,Cooling System,Level sensor,Fails to detect low coolant,"
            "Overheating,4,Wiring,2,None,5,40,Replace"]
    qa = TableQA(fill(Catalog(d / "c.sqlite"), [write(d / "fmea.csv", rows)]),
                 today=lambda: TODAY)
    got = qa.answer("which failure modes are hardest to detect (detection = 5)?")
    assert got is not None and got.result.plan.text == ()
    assert sorted(str(r.values["sub_component"]) for r in got.result.rows) == [
        "Differential", "Level sensor"]


def test_a_value_beside_its_level_word_is_that_levels(tmp_path_factory: pytest.TempPathFactory
                                                      ) -> None:
    """"Electrical System" is a subsystem and a component; "the Electrical System component of
    the Power Unit" is the component, under that subsystem (not any row of either level)."""
    d = tmp_path_factory.mktemp("levels")
    rows = [*ROWS,
            "Power Unit,Electrical System,ECU,Overloading,No start,4,Shorting,2,None,3,24,Fuse",
            "Electrical System,Lighting,Lamp,Corrosion,No light,2,Water,2,None,3,12,Seal",
            "Electrical System,Lighting,Switch,Wearing,No light,2,Use,2,None,2,8,Replace"]
    qa = TableQA(fill(Catalog(d / "c.sqlite"), [write(d / "fmea.csv", rows)]),
                 today=lambda: TODAY)
    got = qa.answer("How many failure modes are under the Electrical System component of the "
                    "Power Unit?")
    assert got is not None and got.result.total == 1
    either = qa.answer("How many failure modes are in the Electrical System?")
    assert either is not None and either.result.total == 3  # no level word: either level


def test_relaxing_keeps_the_words_written_as_names(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"rely" (a word of the sheet: "relief") matches no axle row, so the plan matched nothing;
    relaxed, it keeps the name the question capitalises ("Oil Sample"), not every axle row,
    and a question in lower case drops every word as before."""
    d = tmp_path_factory.mktemp("relax")
    rows = [*ROWS, "Hydraulic System,Valves,Relief valve,Stuck,No pressure,3,Dirt,2,None,2,12,"
            "Flush",
            "Power Train,Axles,Hub,Cracking,Noise,3,Impact,1,Visual,2,6,Weld"]
    qa = TableQA(fill(Catalog(d / "c.sqlite"), [write(d / "fmea.csv", rows)]),
                 today=lambda: TODAY)
    got = qa.answer("How many axle failure modes rely on the Oil Sample?")
    assert got is not None and got.result.total == 2  # not the hub's row
    assert [g[0] for t in got.result.plan.text for g in t.groups] == ["oil", "sampl"]
    assert "ignored 'rel' (with it no row matched)" in got.answer.text
    low = qa.answer("How many axle failure modes rely on an oil sample?")
    assert low is not None and low.result.total == 3 and low.result.plan.text == ()


def test_how_many_of_a_column_counts_its_values(qa: TableQA) -> None:
    got = qa.answer("Power Train: how many failure modes and across how many sub-components?")
    assert got is not None and got.result.total == 5
    assert got.result.plan.distinct_of == "sub_component"
    # Differential, Planetary, Gears (Upbox and Dropbox), Planetary gear sets
    assert got.result.distinct_values == 4 and "Across 4 distinct sub-component values" in \
        got.answer.text
    rows = qa.answer("How many failure modes are in the Power Train?")
    assert rows is not None and rows.result.plan.distinct_of is None
