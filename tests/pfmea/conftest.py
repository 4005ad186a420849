"""One small real plant, ingested once for the PFMEA tests: both sample PFMEA workbooks, the
OP10 and OP30 work instructions and the sample CMMS 2024 work orders of OP10 and OP30."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.conftest import SAMPLE_DOCS

WI = ("WI-OP10-001_Output_Bearing_Press-Fit_RevD.pdf",
      "WI-OP30-001_Housing_Joining_Bolt_Tightening_Rev_C.docx")


def write_mini_plant(root: Path) -> Path:
    (root / "pfmea").mkdir(parents=True)
    (root / "wi").mkdir()
    (root / "maintenance").mkdir()
    for wb in (SAMPLE_DOCS / "pfmea").glob("*.xlsx"):
        shutil.copy(wb, root / "pfmea" / wb.name)
    for name in WI:
        shutil.copy(SAMPLE_DOCS / "work_instructions" / name, root / "wi" / name)
    src = SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv"
    with src.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = [c.strip().lower() for c in rows[0]].index("station")
    with (root / "maintenance" / "cmms_op10_op30.csv").open("w", encoding="utf-8",
                                                              newline="") as fh:
        csv.writer(fh).writerows([rows[0], *[r for r in rows[1:] if r[col] in ("OP10", "OP30")]])
    return root


@pytest.fixture(scope="package")
def plant_app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Copilot]:
    root = write_mini_plant(tmp_path_factory.mktemp("pfmea_plant") / "docs")
    home = tmp_path_factory.mktemp("pfmea_home")
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder)
    report = app.ingest([root])
    assert report.errors == []
    yield app
    app.close()
