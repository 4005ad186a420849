"""A sheet saved twice (with merged cells, and filled in) is counted once, from the fuller copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.store.catalog import Catalog
from copilot.tables.copies import without_copies
from copilot.tables.plan import Condition, Plan
from copilot.tables.qa import TableQA
from tests.tables.conftest import TODAY, fill

pytestmark = pytest.mark.unit

HEADER = ("Subsystem,Component,Sub-Component,Potential Failure Mode,Potential Effect(s) of "
          "Failure,Severity,Potential Cause(s) of Failure,Occurrence,Current Controls,"
          "Detection,RPN,Recommended Action")
ROWS = [
    "Power Unit,Cooling System,Radiator,Leaks,Overheating,3,Broken pipes,4,Daily check,2,24,Fix",
    "Power Unit,Cooling System,Radiator,Blockages,Overheating,3,Dirt,1,Daily check,3,9,Clean",
    "Power Unit,Cooling System,Fan,Wearing,Overheating of engine,3,Bearing collapse,2,None,3,"
    "18,Inspect",
    "Power Unit,Fuel System,Fuel Tank,Leaking,Fuel loss,4,Impact,1,Visual,2,8,Drain",
    "Power Unit,Fuel System,Fuel Pump,Leaking,Fuel loss,4,Wear,2,Visual,3,24,Replace",
    "Power Train,Axles,Differential,Wearing,Noise,2,Servicing error,2,Oil sample,5,20,Breathers",
    "Power Train,Axles,Planetary,Wearing,Noise,2,Servicing error,2,Oil sample,3,12,Breathers",
    "Power Train,Upbox,Gears,Wearing,Loss of drive,3,Impact,3,Oil sample,4,36,Inspect",
    "Power Train,Dropbox,Gears,Wearing,Loss of drive,3,Impact,3,Oil sample,4,36,Inspect",
    "Power Train,Transmission,Planetary gear sets,Wearing,Loss of drive,3,Impact,3,Oil sample,4,"
    "36,Inspect",
]


def merged(rows: list[str]) -> list[str]:
    """The same rows as a spreadsheet export with merged cells: repeated parents left blank."""
    out, prev = [], ["", "", ""]
    for r in rows:
        cells = r.split(",")
        shown = ["" if cells[i] == prev[i] and all(cells[j] == prev[j] for j in range(i))
                 else cells[i] for i in range(3)]
        prev = cells[:3]
        out.append(",".join(shown + cells[3:]))
    return out


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    d = tmp_path_factory.mktemp("copies")
    # the export: merged parents, a spreadsheet reference pasted into a cell, and a blank
    # sub-component under a new component (the filled-in copy names it)
    typo = [r.replace("Broken pipes", "Broken pi+H87:Q139pes") for r in ROWS]
    typo[5] = typo[5].replace("Axles,Differential", "Axles,")
    files = [write(d / "truck_fmea_combined.csv", merged(typo)),
             write(d / "truck_fmea_filled.csv", ROWS),
             write(d / "loader_fmea.csv", [r.replace("Power", "Boom") for r in ROWS[:4]])]
    return TableQA(fill(Catalog(d / "c.sqlite"), files), today=lambda: TODAY)


def test_the_sheet_saved_twice_is_one_copy_of_the_fuller_file(qa: TableQA) -> None:
    copies = qa.copies("pfmea")
    assert [(c.doc, c.kept) for c in copies.copies] == [("truck_fmea_combined",
                                                        "truck_fmea_filled")]
    assert copies.copies[0].shared == 8 and copies.copies[0].rows == 10  # two rows differ
    assert copies.kept == ("loader_fmea", "truck_fmea_filled")  # another sheet is not a copy


def test_counts_and_rankings_count_the_copy_once(qa: TableQA) -> None:
    got = qa.answer("How many failure modes have an RPN of 20 or more?")
    # 6 truck rows and 1 loader row, not 13: the copy is left out
    assert got is not None and got.result.total == 7
    assert "truck_fmea_combined repeats 8 of its 10 rows from truck_fmea_filled" in \
        got.answer.text
    top = qa.answer("Which failure mode has the highest RPN in the Power Train?")
    assert top is not None and top.result.value == 36 and len(top.result.rows) == 3


def test_a_plan_that_names_its_document_reads_it(qa: TableQA) -> None:
    named = Plan("pfmea", (Condition("doc_id", "=", ("truck_fmea_combined",)),),
                 aggregate="count")
    assert without_copies(named, qa.copies("pfmea")) == named
    assert qa.run(named).total == 10
