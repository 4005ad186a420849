"""The sheet's own words: "No current controls" written in cells, and an RPN that is not S×O×D."""

from __future__ import annotations

import pytest

from copilot.store.catalog import Catalog
from copilot.tables.qa import TableQA
from tests.tables.conftest import TODAY, fill
from tests.tables.test_copies import ROWS, write

pytestmark = pytest.mark.unit

MARKED = [
    ROWS[0].replace("Daily check", "No current controls"),
    ROWS[1].replace("Daily check", "no current controls."),
    ROWS[2].replace("None", ""),  # left blank: not filled in
    ROWS[3].replace("Visual", ""),
    ROWS[4],
    ROWS[5].replace(",20,", ",0,"),  # S2 O2 D5: the product is 20, the cell says 0
]


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    d = tmp_path_factory.mktemp("words")
    return TableQA(fill(Catalog(d / "c.sqlite"), [write(d / "fmea.csv", MARKED)]),
                   today=lambda: TODAY)


def test_cells_that_say_no_controls_are_counted_and_blanks_noted(qa: TableQA) -> None:
    got = qa.answer("How many failure modes have no current controls?")
    assert got is not None and got.result.total == 2
    assert "2 rows say 'no current controls' in current controls; 2 more leave it blank" \
        in got.answer.text


def test_blank_cells_when_the_sheet_never_says_it(qa: TableQA) -> None:
    got = qa.answer("How many failure modes have no recommended action?")
    assert got is not None and got.result.total == 0  # every row has one; no cell says so
    assert got.result.plan.conditions[0].op == "empty"


def test_an_rpn_that_is_not_the_product_of_its_ratings_is_flagged(qa: TableQA) -> None:
    got = qa.answer("What is the RPN of the differential wearing?")
    assert got is not None and "RPN 0 (S×O×D = 20, not 0)" in got.answer.text
    rows = qa.answer("How many failure modes have occurrence 1?")
    assert rows is not None and "S×O×D" not in rows.answer.text  # 3 x 1 x 3 = 9: no flag
