"""The chiller CMMS export (unseen column names), its code catalogue, and the mapping report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from copilot.core.errors import NoHeaderError
from copilot.service import Copilot
from ingestion.base import SourceFile
from ingestion.overrides import MAPPING_FILE
from ingestion.registry import default_registry
from tests.conftest import SHARED_CORPORA
from tests.ingestion.test_roles import EN_CSV
from ui.render import documents_html

pytestmark = pytest.mark.integration

FOLDER = SHARED_CORPORA / "assetopsbench-chillers"
EXPECTED = {
    "wo_id": "work_order", "wo_description": "short_text", "collection": "collection",
    "primary_code": "failure_code", "primary_code_description": "failure_mode",
    "secondary_code": "secondary_code", "secondary_code_description": "secondary_code_description",
    "equipment_id": "asset", "equipment_name": "asset_description", "preventive": "wo_type",
    "work_priority": "priority", "actual_finish": "date", "duration": "downtime_h",
    "actual_labor_hours": "labor_h"}


@pytest.fixture
def folder() -> object:
    if not FOLDER.is_dir():
        pytest.skip(f"chiller corpus not found under {SHARED_CORPORA}")
    return FOLDER


def test_chiller_log_ingests_every_work_order_with_the_inferred_mapping(folder: object) -> None:
    path = FOLDER / "chiller_work_orders.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    source = SourceFile(path, path.name)
    converter = default_registry().pick(source)[0]
    doc = converter.convert(source)
    assert converter.name == "maintenance_log"
    assert len(doc.records) == len(rows)
    mapping = json.loads(str(doc.info.extra["column_mapping"]))
    assert {c["column"]: c["field"] for c in mapping} == EXPECTED
    first = doc.records[0].fields
    assert first["work_order"] == rows[0]["wo_id"] == doc.records[0].locator.work_order
    assert first["date"] == "2016-04-06T14:00:00"  # "4/6/16 14:00", M/D/YY
    assert first["downtime_h"] == 3.0 and first["labor_h"] == 1.0  # "3:00", "1:00"
    assert first["wo_type"] == "preventive"
    long = next(r for r in doc.records if r.locator.row and rows[r.locator.row - 2][
        "duration"].count(":") == 2)
    assert long.fields["downtime_h"] == float(rows[long.locator.row - 2]["duration"].split(":")[0])


def test_failure_code_catalogue_is_refused_with_a_clear_reason(folder: object) -> None:
    path = FOLDER / "failure_codes.csv"
    source = SourceFile(path, path.name)
    with pytest.raises(NoHeaderError) as err:
        default_registry().pick(source)[0].convert(source)
    assert "code list or catalogue" in str(err.value)
    assert "failure_codes.csv" in str(err.value)


def test_ingest_reports_the_mapping_and_an_override_edit_reconverts(tmp_path: Path,
                                                                    app: Copilot) -> None:
    folder = tmp_path / "cmms"
    folder.mkdir()
    (folder / "export.csv").write_text(EN_CSV, encoding="utf-8")
    first = app.ingest([folder]).files
    assert [f.status for f in first] == ["added"]
    doc = next(d for d in app.documents() if d["source"] == "cmms/export.csv")
    assert doc["mapping"] == "inferred"
    assert {c["column"]: c["field"] for c in doc["columns"]}["unitTag"] == "asset"
    assert "unitTag → asset (0.76)" in documents_html([doc], "en")
    (folder / MAPPING_FILE).write_text('["export.csv"]\nunitTag = "ignore"\n', encoding="utf-8")
    again = [f for f in app.ingest([folder]).files if f.status != "skipped"]
    assert [f.status for f in again] == ["updated"]
    doc = next(d for d in app.documents() if d["source"] == "cmms/export.csv")
    assert {c["column"]: c["field"] for c in doc["columns"]}["unitTag"] is None
