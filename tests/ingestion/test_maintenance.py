"""Maintenance-log converter: CMMS CSV/xlsx exports, Korean CP949 logs, units, bad inputs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from copilot.core.errors import CorruptFileError, EmptyFileError, EncodingError, NoHeaderError
from ingestion.base import SourceFile
from ingestion.maintenance import MaintenanceLogConverter
from ingestion.pfmea import PfmeaConverter

pytestmark = pytest.mark.unit

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
CMMS_CSV = """WO Number,Date Opened,Date Closed,Asset ID,Asset Description,Station,Type,Failure Code,Short Text,Action Taken,Downtime (h),Cost (KRW),Technician
WO-24-00017,2024-03-05,2024-03-05,PRS-02,Servo press,OP20,CM,BRG-OVHT,L/H BRG HOT SPDL 2,"regreased, temp normal",1.5,"350,000",JHK
WO-24-00018,2024-03-09,,LKT-40,Leak tester,OP40,CM,LEAK-CLT,COOLANT JACKET LEAK AT FITTING,,0.5,,SMP
,,,,,,,,,,,,
WO-24-00019,2024-04-11,,NR-30,Nutrunner,OP30,PM,,,,,,
"""


def src(path: Path) -> SourceFile:
    return SourceFile(path, path.name)


def test_cmms_csv_one_record_per_work_order(tmp_path: Path) -> None:
    path = tmp_path / "cmms_2024.csv"
    path.write_text(CMMS_CSV, encoding="utf-8")
    doc = MaintenanceLogConverter().convert(src(path))
    first, second = doc.records
    assert first.text == (
        "Work order WO-24-00017 | 2024-03-05 | closed 2024-03-05 | Asset PRS-02 (Servo press) | "
        "Station OP20 | CM | Failure code BRG-OVHT | L/H BRG HOT SPDL 2 | "
        "Action: regreased, temp normal | Downtime 1.5 h | Cost 350000 KRW | Tech JHK")
    assert first.locator.work_order == "WO-24-00017"
    assert (first.locator.row, first.locator.sheet) == (2, None)
    assert first.fields["downtime_h"] == 1.5 and first.fields["cost"] == 350000.0
    assert first.fields["currency"] == "KRW" and first.fields["station"] == "OP20"
    assert "currency" not in second.fields  # no cost, no currency
    assert second.locator.row == 3
    assert doc.info.kind == "maintenance_log" and doc.info.doc_id == "cmms_2024"
    assert any("rows 5" in w and "work text" in w for w in doc.warnings)  # WO-24-00019


def test_korean_cp949_log_with_minutes(tmp_path: Path) -> None:
    text = ("작업지시번호,작업일자,설비번호,공정,고장코드,작업내용,조치내용,정지시간(분),작업자,비용\n"
            "K-2503-011,2025.03.04,PRS-02,OP20,BRG-OVHT,스핀들 베어링 과열 경보,"
            "그리스 보충 후 온도 정상,90,김정훈,\"￦120,000\"\n"
            "K-2503-012,2025년 3월 6일,NR-30,OP30,TRQ-DRIFT,3번 스핀들 토크 편차,"
            "트랜스듀서 교정,45,박서연,0\n")
    path = tmp_path / "설비보전일지_2025.csv"
    path.write_bytes(text.encode("cp949"))
    doc = MaintenanceLogConverter().convert(src(path))
    first, second = doc.records
    assert doc.info.language == "ko" and doc.info.extra["encoding"] == "cp949"
    assert doc.info.extra["downtime_source_unit"] == "min"
    assert first.fields["downtime_h"] == 1.5 and second.fields["downtime_h"] == 0.75
    assert first.fields["date"] == "2025-03-04" and second.fields["date"] == "2025-03-06"
    assert first.fields["cost"] == 120000.0 and first.fields["currency"] == "KRW"
    assert "스핀들 베어링 과열 경보" in first.text and "Action: 그리스 보충 후 온도 정상" in first.text
    assert first.text.startswith("Work order K-2503-011 | 2025-03-04 | Asset PRS-02")
    assert first.fields["technician"] == "김정훈"


def test_german_semicolon_csv_with_decimal_comma(tmp_path: Path) -> None:
    text = ("Auftragsnummer;Datum;Anlage;Kurztext;Maßnahme;Stillstand (h);Kosten (EUR)\n"
            "4711;04.03.2025;LKT-40;Prüfling undicht gemeldet;Dichtung getauscht;1,5;1.250,00\n")
    path = tmp_path / "auftraege.csv"
    path.write_bytes(text.encode("cp1252"))
    [record] = MaintenanceLogConverter().convert(src(path)).records
    assert record.fields["work_order"] == "4711" and record.fields["date"] == "2025-03-04"
    assert record.fields["downtime_h"] == 1.5 and record.fields["cost"] == 1250.0
    assert record.fields["currency"] == "EUR" and record.fields["action"] == "Dichtung getauscht"


def test_xlsx_with_title_rows_dates_and_serials(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "2025"
    ws.append(["CMMS export - Line 2 work orders"])
    ws.append(["Exported: 2025-07-01"])
    ws.append(["Order", "Created On", "Equipment", "Description", "Downtime [min]"])
    ws.append([24001, datetime(2025, 2, 3, 0, 0), "CHL-01", "Chiller low flow alarm", 30])
    ws.append([24002, 45720, "OFL-50", "Oil filler nozzle dripping", "20"])
    path = tmp_path / "cmms_2025.xlsx"
    wb.save(path)
    doc = MaintenanceLogConverter().convert(src(path))
    first, second = doc.records
    assert first.locator.sheet == "2025" and first.locator.row == 4
    assert first.locator.work_order == "24001" and first.fields["date"] == "2025-02-03"
    assert second.fields["date"] == "2025-03-04"  # Excel serial 45720
    assert first.fields["downtime_h"] == 0.5 and second.fields["downtime_h"] == 0.333
    assert doc.info.title == "CMMS export - Line 2 work orders"
    assert first.fields["sheet"] == "2025"


def test_accepts_work_orders_not_pfmea(tmp_path: Path) -> None:
    log = tmp_path / "wo.csv"
    log.write_text(CMMS_CSV)
    pfmea = tmp_path / "pfmea.csv"
    pfmea.write_text("Process Step,Failure Mode,Severity,Cause,Occurrence\nOP10,Cocked,8,Pin,3\n")
    conv = MaintenanceLogConverter()
    assert conv.accepts(src(log)) and not PfmeaConverter().accepts(src(log))
    assert not conv.accepts(src(pfmea))
    assert not conv.accepts(src(tmp_path / "wi.docx"))
    minimal = tmp_path / "min.csv"
    minimal.write_text("Date,Asset,Notes\n2024-01-02,PRS-01,ok\n")
    assert conv.accepts(src(minimal))


def test_bad_inputs_raise_specific_errors(tmp_path: Path) -> None:
    conv = MaintenanceLogConverter()
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "junk.xlsx").write_bytes(b"\x00garbage" * 100)
    (tmp_path / "nohdr.csv").write_text("foo,bar,baz\n1,2,3\n")
    (tmp_path / "bin.csv").write_bytes(b"\x81\xff" * 300)
    (tmp_path / "hdr_only.csv").write_text("WO,Date,Asset,Short text\n")
    cases = {"empty.csv": (EmptyFileError, "0 bytes"), "junk.xlsx": (CorruptFileError, "OLE"),
             "nohdr.csv": (NoHeaderError, "'foo'"), "bin.csv": (EncodingError, "UTF-8"),
             "hdr_only.csv": (EmptyFileError, "no work orders")}
    for name, (error, detail) in cases.items():
        assert conv.accepts(src(tmp_path / name))  # fallback: convert names the problem
        with pytest.raises(error, match=detail):
            conv.convert(src(tmp_path / name))


@pytest.mark.integration
def test_excavator_work_orders_convert() -> None:
    path = CORPORA / "excavator-work-orders" / "case_study_pdl.csv"
    if not path.exists():
        pytest.skip(f"shared corpora not present at {path.parent}")
    source = SourceFile(path, "excavator-work-orders/case_study_pdl.csv")
    conv = MaintenanceLogConverter()
    assert conv.accepts(source) and not PfmeaConverter().accepts(source)
    doc = conv.convert(source)  # speed: `python -m evals.bench ingest` (no timing asserts here)
    assert len(doc.records) == 5485
    second = doc.records[1]
    assert second.locator.row == 3 and second.locator.work_order is None
    assert second.text.startswith("2005-03-20 | Asset A | PM01 | L/H BUCKET CYL LEAKING.")
    assert second.fields["failure_mode"] == "Leak" and second.fields["running_time"] == 262.0
    assert second.fields["cost"] == 407.4 and "currency" not in second.fields
    assert all(str(r.fields.get("date")).startswith(("200", "201")) for r in doc.records)


SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "maintenance"
# (file, work order, must_include in its text, must_not_include in any record)
VECTORS = [
    ("CMMS_WO_export_2024.csv", "WO-24-00017",
     ["Work order WO-24-00017 | 2024-01-03 20:20 | closed 2024-01-03 22:05 | Asset PRS-01",
      "OP10 PRESS FORCE LOW", "Cost 319000 KRW"], ["WO Number"]),
    ("CMMS_WO_export_2025.xlsx", "WO-25-00039",
     ["Asset NR-30", "NR-30 SOCKET WORN SPDL 4", "Failure code MECH"], ["Date Opened"]),
    ("정비일지_2025_OP20-OP40.csv", "L2-25-0001",
     ["실런트 비드 끊김", "Action: 노즐 끝단 경화물 막힘", "Downtime 1.25 h"],
     ["\ufffd", "작업지시번호"]),  # no replacement characters: CP949 decoded
]


@pytest.mark.parametrize(("name", "wo", "must", "must_not"), VECTORS)
def test_sample_maintenance_vectors(name: str, wo: str, must: list[str], must_not: list[str]
                                    ) -> None:
    path = SAMPLE / name
    if not path.exists():
        pytest.skip(f"sample log {path} not generated (scripts/make_sample_plant.py)")
    source = SourceFile(path, f"maintenance/{name}")
    assert MaintenanceLogConverter().accepts(source) and not PfmeaConverter().accepts(source)
    doc = MaintenanceLogConverter().convert(source)
    [record] = [r for r in doc.records if r.locator.work_order == wo]
    for text in must:
        assert text in record.text
    for text in must_not:
        assert all(text not in r.text for r in doc.records)
    assert all(r.locator.work_order and r.fields.get("date") for r in doc.records)
    assert doc.warnings == ()
