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


WO_CSV = SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv"


def _csv(path: Path, newline: str, change: bool = False) -> Path:
    """The work-order export's header and first ten rows, with the given line ends."""
    lines = WO_CSV.read_text(encoding="utf-8").splitlines()[:11]
    if change:
        lines[1] = lines[1].replace(",319000", ",319500")
    path.write_bytes(newline.join([*lines, ""]).encode())
    return path


def test_same_content_with_other_bytes_is_a_duplicate(app: Copilot, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _csv(docs / "a.csv", "\n")
    _csv(docs / "b.csv", "\r\n")  # the same export saved on Windows
    report = app.ingest([docs])
    assert [(f.source, f.status) for f in report.files] == [
        ("docs/a.csv", "added"), ("docs/b.csv", "duplicate")]
    reason = str(report.duplicates[0].reason)
    assert "same content as docs/a.csv (the bytes differ" in reason
    assert "COPILOT_INDEX_DUPLICATES=1" in reason
    assert app.catalog.query("SELECT COUNT(*) FROM work_orders")[0][0] == 10
    assert [f.status for f in app.ingest([docs]).files] == ["unchanged", "duplicate"]


def test_a_resaved_docx_is_a_duplicate(app: Copilot, tmp_path: Path) -> None:
    import datetime

    import docx

    from tests.ingestion.wi_fixtures import write_docx

    docs = tmp_path / "docs"
    docs.mkdir()
    first = write_docx(docs / "WI-OP10-007.docx")
    again = docx.Document(str(first))
    again.core_properties.modified = datetime.datetime(2031, 5, 6, 7, 8, 9)
    again.core_properties.last_modified_by = "someone else"
    again.save(str(docs / "WI-OP10-007 (copy).docx"))
    assert first.read_bytes() != (docs / "WI-OP10-007 (copy).docx").read_bytes()
    report = app.ingest([docs])
    assert sorted(f.status for f in report.files) == ["added", "duplicate"]
    assert "same content as" in str(report.duplicates[0].reason)


def test_one_changed_value_is_indexed(app: Copilot, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _csv(docs / "a.csv", "\n")
    _csv(docs / "b.csv", "\r\n", change=True)
    report = app.ingest([docs])
    assert [f.status for f in report.files] == ["added", "added"]
    assert app.catalog.query("SELECT COUNT(*) FROM work_orders")[0][0] == 20


def test_the_content_digest_leaves_the_catalog_with_its_file(app: Copilot,
                                                           tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _csv(docs / "a.csv", "\n")
    _csv(docs / "b.csv", "\r\n")
    app.ingest([docs])
    (docs / "a.csv").unlink()  # the original goes: the other copy is now the one to index
    moved = app.ingest([docs], prune=True)
    assert sorted(f.status for f in moved.files) == ["added", "removed"]
    assert [r[0] for r in app.catalog.query("SELECT path FROM file_content")] == [
        str((docs / "b.csv").resolve())]
