"""The chiller CMMS export (unseen column names) and its failure-code catalogue, as files."""

from __future__ import annotations

import csv
import json

import pytest

from copilot.errors import NoHeaderError
from ingestion.base import SourceFile
from ingestion.registry import default_registry
from tests.conftest import SHARED_CORPORA

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
