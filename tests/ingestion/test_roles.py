"""Column-role inference for CMMS exports with unseen headers, and the override file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.core.errors import MappingError, NoHeaderError
from copilot.core.lexicon.dates import parse_date
from ingestion.base import SourceFile
from ingestion.maintenance import MaintenanceLogConverter
from ingestion.overrides import MAPPING_FILE
from ingestion.roles import infer, profile, tokens
from ingestion.tables import parse_hours, read_csv

pytestmark = pytest.mark.unit

# Header names no synonym table knows; values in US date/time and H:MM duration formats.
EN_CSV = """ticketRef,issueSummary,unitTag,unitLabel,closedAt,elapsed,isPlanned,spendUsd
T-1001,Replaced worn drive belt on conveyor,CNV-01,Conveyor 1,3/14/24 9:30,1:30,FALSE,120.50
T-1002,Lubricated main bearings per schedule,CNV-02,Conveyor 2,3/15/24 14:00,0:45,TRUE,0
T-1003,Motor overheating - cleaned cooling fan,CNV-01,Conveyor 1,3/28/24 7:05,2:15,FALSE,35
T-1004,Quarterly inspection of guards and e-stops,CNV-03,Conveyor 3,4/2/24 10:00,1:00,TRUE,0
T-1005,Belt tracking adjusted after drift alarm,CNV-01,Conveyor 1,4/19/24 16:45,0:30,FALSE,0
"""
KO_CSV = """작업번호,설비명,완료일시,소요시간,작업 설명
K-0001,프레스 1호기,2025-03-02 10:00,1:30,유압 호스 누유로 호스 교체
K-0002,프레스 2호기,2025-03-05 14:20,0:40,윤활유 보충 및 점검 실시
K-0003,프레스 1호기,2025-03-11 09:10,2:00,모터 과열로 냉각팬 청소
"""
CATALOGUE_CSV = """category,primary_code,primary_code_description,secondary_code,secondary_code_description
Mechanical,M001,Cracking,M001a,Cracking in Piping
Mechanical,M001,Cracking,M001b,Cracking in Frame
Mechanical,M002,Fracture,M002a,Fracture in Heat Exchanger
Electrical,E001,Short circuit,E001a,Short circuit in Motor
Electrical,E002,Open circuit,E002a,Open circuit in Panel
"""


def _write(tmp_path: Path, name: str, text: str) -> SourceFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return SourceFile(path, name)


def _fields(doc_extra: object) -> dict[str, str | None]:
    assert isinstance(doc_extra, str)
    return {c["column"]: c["field"] for c in json.loads(doc_extra)}


def test_name_tokens_split_case_punctuation_and_korean_parts() -> None:
    assert {"actual", "labor", "hours"} <= tokens("actualLaborHours")
    assert {"wo", "id"} <= tokens("WO_ID")
    assert {"작업", "번호"} <= tokens("작업번호")


def test_value_profiles_read_dates_durations_booleans_ids_and_text() -> None:
    assert profile(["3/14/24 9:30", "12/1/23 0:05"]).kind == "date"
    assert profile(["1:30", "40:00:00", "0:45"]).kind == "duration"
    assert profile(["TRUE", "FALSE", "TRUE"]).kind == "boolean"
    assert profile([f"WO{i}" for i in range(50)]).kind == "id"
    assert profile(["Replaced the worn belt on conveyor"] * 3).kind == "text"
    assert profile(["Chiller 14", "Chiller 7"] * 5).kind == "category"  # a name, not a number


def test_short_year_dates_and_clock_durations_parse() -> None:
    assert parse_date("4/6/16 14:00") == "2016-04-06T14:00:00"
    assert parse_date("25/10/10", day_first=True) == "2010-10-25"
    assert parse_hours("1:15") == 1.25
    assert parse_hours("40:00:00") == 40.0


def test_unseen_english_headers_are_mapped_by_names_and_values(tmp_path: Path) -> None:
    source = _write(tmp_path, "cmms_export.csv", EN_CSV)
    doc = MaintenanceLogConverter().convert(source)
    assert _fields(doc.info.extra["column_mapping"]) == {
        "ticketRef": "work_order", "issueSummary": "short_text", "unitTag": "asset",
        "unitLabel": "asset_description", "closedAt": "date", "elapsed": "downtime_h",
        "isPlanned": "wo_type", "spendUsd": "cost"}
    first = doc.records[0]
    assert first.fields["work_order"] == "T-1001"
    assert first.fields["date"] == "2024-03-14T09:30:00"
    assert first.fields["downtime_h"] == 1.5
    assert first.fields["wo_type"] == "unplanned"
    assert first.fields["cost"] == 120.5
    assert first.locator.work_order == "T-1001" and first.locator.row == 2
    assert len(doc.records) == 5
    assert any("column roles inferred" in w and "ticketRef -> work_order" in w
               for w in doc.warnings)


def test_unseen_korean_headers_are_mapped(tmp_path: Path) -> None:
    doc = MaintenanceLogConverter().convert(_write(tmp_path, "정비기록.csv", KO_CSV))
    assert _fields(doc.info.extra["column_mapping"]) == {
        "작업번호": "work_order", "설비명": "asset", "완료일시": "date", "소요시간": "downtime_h",
        "작업 설명": "short_text"}
    assert doc.records[2].fields == {
        "work_order": "K-0003", "asset": "프레스 1호기", "date": "2025-03-11T09:10:00",
        "downtime_h": 2.0, "short_text": "모터 과열로 냉각팬 청소"}


def test_columns_nobody_maps_are_kept_under_their_own_name(tmp_path: Path) -> None:
    text = EN_CSV.replace("spendUsd", "shiftCrew").replace("120.50", "A").replace(",0\n", ",B\n")
    doc = MaintenanceLogConverter().convert(_write(tmp_path, "x.csv", text))
    assert _fields(doc.info.extra["column_mapping"])["shiftCrew"] == "shift_crew"
    assert doc.records[0].fields["shift_crew"] == "A"
    assert "shiftCrew: A" in doc.records[0].text


def test_a_code_catalogue_is_refused_as_such(tmp_path: Path) -> None:
    source = _write(tmp_path, "codes.csv", CATALOGUE_CSV)
    with pytest.raises(NoHeaderError, match=r"code list or catalogue.*not work orders"):
        MaintenanceLogConverter().convert(source)


def test_the_known_header_path_is_untouched(tmp_path: Path) -> None:
    text = "WO Number,Date,Asset,Short Text\nWO-1,2024-01-02,PRS-02,Bearing hot\n"
    doc = MaintenanceLogConverter().convert(_write(tmp_path, "known.csv", text))
    assert "column_mapping" not in doc.info.extra
    assert doc.records[0].text == "Work order WO-1 | 2024-01-02 | Asset PRS-02 | Bearing hot"


def test_override_file_wins_over_inference(tmp_path: Path) -> None:
    source = _write(tmp_path, "cmms_export.csv", EN_CSV)
    (tmp_path / MAPPING_FILE).write_text(
        '["cmms_export.csv"]\nunitLabel = "asset"\nunitTag = "ignore"\n'
        'elapsed = "labor_h"\n["other.csv"]\nx = "cost"\n', encoding="utf-8")
    doc = MaintenanceLogConverter().convert(source)
    fields = _fields(doc.info.extra["column_mapping"])
    assert fields["unitLabel"] == "asset" and fields["unitTag"] is None
    assert fields["elapsed"] == "labor_h" and fields["ticketRef"] == "work_order"
    assert doc.records[0].fields["asset"] == "Conveyor 1"
    assert doc.records[0].fields["labor_h"] == 1.5 and "downtime_h" not in doc.records[0].fields
    assert "unitTag" not in doc.records[0].text and "CNV-01" not in doc.records[0].text
    assert str(doc.info.extra["mapping"]).startswith("override")


def test_override_applies_to_a_known_header_too(tmp_path: Path) -> None:
    source = _write(tmp_path, "known.csv", "WO Number,Date,Asset,Short Text\n"
                    "WO-1,2024-01-02,PRS-02,Bearing hot\n")
    (tmp_path / MAPPING_FILE).write_text('["known.csv"]\nAsset = "station"\n', encoding="utf-8")
    doc = MaintenanceLogConverter().convert(source)
    assert doc.records[0].fields["station"] == "PRS-02"


@pytest.mark.parametrize(("body", "message"), [
    ('["cmms_export.csv"]\nelapsed = "elapsed_time"\n', r"elapsed = 'elapsed_time' is not a field"),
    ('["cmms_export.csv"]\nnoSuchColumn = "cost"\n', r"column 'noSuchColumn' is not in the header"),
    ('["cmms_export.csv"]\nunitTag = "asset"\nunitLabel = "asset"\n', r"field 'asset' is given to"),
    ('["cmms_export.csv"\nunitTag = 1\n', r"cannot be read as TOML"),
    ('["cmms_export.csv"]\nunitTag = 3\n', r"unitTag = 3 is not a field"),
])
def test_a_bad_override_names_the_file_and_the_field(tmp_path: Path, body: str,
                                                     message: str) -> None:
    source = _write(tmp_path, "cmms_export.csv", EN_CSV)
    (tmp_path / MAPPING_FILE).write_text(body, encoding="utf-8")
    with pytest.raises(MappingError, match=message) as err:
        MaintenanceLogConverter().convert(source)
    assert MAPPING_FILE in str(err.value) and "cmms_export.csv" in str(err.value)


def test_inference_needs_an_id_or_date_plus_an_asset_or_text(tmp_path: Path) -> None:
    source = _write(tmp_path, "scores.csv", "player,score\nann,3\nbob,5\n")
    mapping = infer(read_csv(source.path, source.relpath))
    assert mapping is not None and not mapping.is_work_orders
