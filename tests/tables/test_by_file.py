"""Rows from several sheets: each file's count is told, and an unordered list shows every file."""

from __future__ import annotations

import pytest

from copilot.store.catalog import Catalog
from copilot.tables.engine import ROW_CAP
from copilot.tables.qa import TableQA
from tests.tables.conftest import TODAY, fill
from tests.tables.test_copies import ROWS, write

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    d = tmp_path_factory.mktemp("byfile")
    # a big line FMEA (occurrence 4 everywhere) and the small truck sheet after it in file order
    line = [f"Line,Station {i},Spindle {i},Worn,Scrap,6,Wear,4,Check,3,72,Replace"
            for i in range(ROW_CAP + 5)]
    files = [write(d / "a_line_fmea.csv", line), write(d / "truck_fmea.csv", ROWS)]
    return TableQA(fill(Catalog(d / "c.sqlite"), files), today=lambda: TODAY)


def test_each_files_count_is_given(qa: TableQA) -> None:
    got = qa.answer("How many failure modes have an occurrence of 4 or higher?")
    assert got is not None and got.result.total == ROW_CAP + 5 + 1
    assert f"By file: a_line_fmea {ROW_CAP + 5}, truck_fmea 1" in got.answer.text


def test_a_capped_unordered_list_shows_rows_of_every_file(qa: TableQA) -> None:
    got = qa.answer("Which failure modes have an occurrence of 4 or higher?")
    assert got is not None and len(got.result.rows) == ROW_CAP
    assert "Radiator" in {r.values["sub_component"] for r in got.result.rows}  # the truck's


def test_one_file_gets_no_breakdown(qa: TableQA) -> None:
    got = qa.answer("How many failure modes have an RPN of 30 or more?")
    assert got is not None and got.result.total == ROW_CAP + 5 + 3
    got = qa.answer("How many failure modes in the Power Train have an RPN of 30 or more?")
    assert got is not None and got.result.total == 3 and "By file" not in got.answer.text
