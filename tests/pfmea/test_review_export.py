"""Review on seeded defects, export round-trip through the PFMEA converter, CLI and bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from copilot.cli import main
from copilot.core.errors import NoHeaderError
from copilot.service import Copilot
from evals.pfmea_loo import WORKBOOK_A, seed_defects
from ingestion.base import SourceFile
from ingestion.pfmea import PfmeaConverter

pytestmark = pytest.mark.integration


def test_review_finds_the_documented_high_risk_rows(plant_app: Copilot) -> None:
    review = plant_app.pfmea.review(WORKBOOK_A)
    assert review.rows == 32 and review.last_updated == "2025-01-15"
    high = {f.row for f in review.findings if f.check == "high_risk_no_action"
            and f.level == "high"}
    assert high == {27, 32, 33}  # PLANT.md: S >= 9, AP = H, no recommended action
    checks = {(f.check, f.row) for f in review.findings}
    assert ("missing_prevention", 27) in checks
    newer = [f for f in review.findings if f.check == "wi_newer_than_pfmea"]
    assert any("WI-OP30-001 Rev C" in f.message and f.evidence for f in newer)
    assert not any("WI-OP10-001" in f.message for f in newer)  # Rev D predates the PFMEA
    assert all(f.sheet == "PFMEA OP10-OP30" and f.row for f in review.findings)


def test_review_finds_every_seeded_defect_and_nothing_else(plant_app: Copilot,
                                                           tmp_path: Path) -> None:
    seeded = tmp_path / "seeded.xlsx"
    expected = seed_defects(WORKBOOK_A, seeded)
    before = {(f.check, f.row) for f in plant_app.pfmea.review(WORKBOOK_A).findings}
    after = {(f.check, f.row) for f in plant_app.pfmea.review(seeded).findings}
    assert after - before == expected


def test_occurrence_contradicted_by_work_orders(plant_app: Copilot) -> None:
    review = plant_app.pfmea.review(WORKBOOK_A)
    found = [f for f in review.findings if f.check == "occurrence_contradicted"]
    assert found and all(f.evidence and all(c.kind == "maintenance_log" for c in f.evidence)
                         for f in found)
    assert any("TRQ-DRIFT" in f.message for f in found)  # NR-30 torque drift at OP30


def test_export_round_trips_through_the_pfmea_converter(plant_app: Copilot,
                                                        tmp_path: Path) -> None:
    draft = plant_app.pfmea.draft("OP10 press-fit the output bearing into the housing",
                                  station="OP10", limit=6)
    path = plant_app.pfmea.export(draft, tmp_path / "out" / "draft.xlsx")
    source = SourceFile(path, "draft.xlsx")
    converter = PfmeaConverter()
    assert converter.accepts(source)
    doc = converter.convert(source)
    assert doc.info.station == "OP10" and doc.info.effective_date
    assert [r.fields["failure_mode"] for r in doc.records] == [
        r.failure_mode.value for r in draft.rows]
    first, row = doc.records[0].fields, draft.rows[0]
    assert first["severity"] == row.severity.value and first["ap"] == row.ap
    assert first["cause"] == row.cause.value
    report = plant_app.ingest([path])  # and it goes into the index like any PFMEA
    assert report.errors == [] and report.summary()["added"] == 1


def test_workbook_without_pfmea_header_is_a_clear_error(plant_app: Copilot,
                                                        tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Part", "Qty", "Price"])
    ws.append(["bolt", 12, 0.3])
    path = tmp_path / "parts.xlsx"
    wb.save(path)
    with pytest.raises(NoHeaderError, match=r"parts\.xlsx.*PFMEA header"):
        plant_app.pfmea.review(path)


def test_cli_review_and_errors(plant_app: Copilot, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COPILOT_HOME", str(plant_app.settings.home))
    out = tmp_path / "review.md"
    assert main(["pfmea", "review", str(WORKBOOK_A), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "high_risk_no_action" in text and "row 27" in text
    assert main(["pfmea", "review", str(tmp_path / "missing.xlsx")]) == 1
    assert main(["pfmea", "draft", " "]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-2].startswith("error: workbook not found") and "missing.xlsx" in err[-2]
    assert err[-1].startswith("error: the process step text is empty")
