"""Byte-identical copies (issue 17, point 3): reported as duplicates, not indexed twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from copilot.core.settings import load_settings
from copilot.service import Copilot
from tests.conftest import SAMPLE_DOCS

pytestmark = pytest.mark.integration

PFMEA = SAMPLE_DOCS / "pfmea" / "PFMEA_Line2_Assembly_OP10-OP30.xlsx"


def _rows(app: Copilot) -> int:
    return int(app.catalog.query("SELECT COUNT(*) FROM pfmea")[0][0])


def test_copies_are_reported_not_double_indexed(app: Copilot, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "old").mkdir(parents=True)
    shutil.copy(PFMEA, docs / "a.xlsx")
    shutil.copy(PFMEA, docs / "old" / "copy.xlsx")
    report = app.ingest([docs])
    assert [(f.source, f.status) for f in report.files] == [
        ("docs/a.xlsx", "added"), ("docs/old/copy.xlsx", "duplicate")]
    assert "same bytes as docs/a.xlsx" in str(report.duplicates[0].reason)
    assert report.summary()["duplicate"] == 1
    assert _rows(app) == 32  # not 64
    again = app.ingest([docs])  # stable on a re-run
    assert [f.status for f in again.files] == ["unchanged", "duplicate"]
    (docs / "a.xlsx").unlink()  # the original goes: the copy is now the one to index
    moved = app.ingest([docs], prune=True)
    assert sorted(f.status for f in moved.files) == ["added", "removed"]
    assert _rows(app) == 32


def test_a_file_overwritten_with_a_copy_leaves_the_index(app: Copilot, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PFMEA, docs / "a.xlsx")
    shutil.copy(SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv", docs / "b.csv")
    app.ingest([docs])
    shutil.copy(PFMEA, docs / "b.csv.xlsx")
    (docs / "b.csv").unlink()
    shutil.copy(PFMEA, docs / "b.csv")  # now an xlsx under a .csv name, byte-identical to a
    report = app.ingest([docs])
    assert {f.source: f.status for f in report.files}["docs/b.csv"] == "duplicate"
    assert app.catalog.query("SELECT COUNT(*) FROM work_orders")[0][0] == 0


def test_the_setting_indexes_every_copy(embedder: object, tmp_path: Path) -> None:
    settings = load_settings(env={"COPILOT_HOME": str(tmp_path / "home"),
                                  "COPILOT_INDEX_DUPLICATES": "1"})
    assert settings.index_duplicates is True
    app = Copilot(settings, embedder=embedder)  # type: ignore[arg-type]
    try:
        shutil.copy(PFMEA, tmp_path / "a.xlsx")
        shutil.copy(PFMEA, tmp_path / "b.xlsx")
        report = app.ingest([tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
        assert [f.status for f in report.files] == ["added", "added"]
        assert _rows(app) == 64
    finally:
        app.close()
