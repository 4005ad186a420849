"""Reading sheets/CSV into grids, header detection, fill-down and typed cell values."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from copilot.core.errors import CorruptFileError, EmptyFileError, EncodingError
from copilot.core.lexicon.dates import guess_day_first, parse_date
from copilot.core.lexicon.decoding import decode_text
from ingestion.headers import Synonyms, find_header, header_error, title_metadata
from ingestion.tables import (
    Cell,
    fill_down,
    parse_int,
    parse_number,
    read_sheets,
    sniff_delimiter,
)

pytestmark = pytest.mark.unit

SYN = Synonyms({
    "process_step": ("process step", "공정단계", "prozessschritt"),
    "failure_mode": ("failure mode", "고장형태", "fehlerart"),
    "severity": ("s", "심각도", "bedeutung"),
    "cause": ("cause", "고장원인", "fehlerursache"),
})


def write_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (),
               title: str = "PFMEA") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


# ---- decoding and delimiters -----------------------------------------------------------------

@pytest.mark.parametrize(("raw", "codec"), [
    ("공정단계,고장형태\n".encode(), "utf-8"),
    ("\ufeff공정단계,고장형태\n".encode(), "utf-8-sig"),
    ("공정단계,고장형태,심각도\nOP10 베어링 압입,베어링 기울어짐,8\n".encode("cp949"), "cp949"),
])
def test_decode_text_tries_utf8_then_cp949(raw: bytes, codec: str) -> None:
    text, used = decode_text(raw, "x.csv")
    assert used == codec
    assert "고장형태" in text


def test_decode_text_does_not_read_latin1_german_as_korean() -> None:
    raw = "Prozessschritt;Fehlerart;Maßnahme\nOP10;Lager schräg;Ölstand prüfen\n".encode("cp1252")
    text, used = decode_text(raw, "de.csv")
    assert "Maßnahme" in text and "Ölstand prüfen" in text
    assert used != "cp949"


@pytest.mark.parametrize("raw", [b"a,b\x00,c\n", bytes(range(0x80, 0x100)) * 4 + b"\xff\xfe\x81"])
def test_decode_text_undecodable_raises_encoding_error(raw: bytes) -> None:
    with pytest.raises(EncodingError, match=r"bad\.csv"):
        decode_text(raw, "bad.csv")


@pytest.mark.parametrize(("text", "delim"), [
    ("a,b,c\n1,2,3\n", ","),
    ("Schritt;Fehler;Wert\nOP10;Lager, schief;1,5\n", ";"),
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ("a|b|c\n1|2|3\n", "|"),
])
def test_sniff_delimiter(text: str, delim: str) -> None:
    assert sniff_delimiter(text) == delim


# ---- typed values ----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "comma", "expected"), [
    ("1,234.5", False, 1234.5), ("1.234,5", False, 1234.5), ("350,000", False, 350000.0),
    ("₩350,000", False, 350000.0), ("350,000 KRW", False, 350000.0), ("1.5 h", False, 1.5),
    ("1,5", True, 1.5), ("1.500", True, 1500.0), ("1,5", False, 1.5), (" 42 ", False, 42.0),
    (7, False, 7.0), (7.25, False, 7.25), ("OP10", False, None), ("2-3", False, None),
    ("M8x25", False, None), ("", False, None), ("n/a", False, None), (None, False, None),
])
def test_parse_number(value: Cell, comma: bool, expected: float | None) -> None:
    assert parse_number(value, comma) == expected


def test_parse_int_accepts_whole_numbers_only() -> None:
    assert parse_int("8") == 8
    assert parse_int(8.0) == 8
    assert parse_int("7.5") is None
    assert parse_int("high") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-04", "2025-03-04"), ("2025/03/04", "2025-03-04"), ("2025.03.04", "2025-03-04"),
    ("2025. 3. 4.", "2025-03-04"), ("2025년 3월 4일", "2025-03-04"), ("04.03.2025", "2025-03-04"),
    ("20250304", "2025-03-04"), ("45720", "2025-03-04"), (45720, "2025-03-04"),
    (datetime(2025, 3, 4), "2025-03-04"), ("2025-03-04 14:30", "2025-03-04T14:30:00"),
    ("4 Mar 2025", "2025-03-04"), ("13/03/2025", "2025-03-13"), ("03/13/2025", "2025-03-13"),
    ("2025-13-01", None), ("soon", None), (None, None), (3, None),
])
def test_parse_date(value: Cell, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_slash_dates_follow_the_column_order() -> None:
    column = ["01/02/2025", "25/02/2025"]
    day_first = guess_day_first(column)
    assert day_first is True
    assert parse_date("01/02/2025", day_first) == "2025-02-01"
    assert parse_date("01/02/2025") == "2025-01-02"  # month first when nothing says otherwise


# ---- headers -------------------------------------------------------------------------------

def test_synonyms_match_languages_spacing_and_units() -> None:
    assert SYN.match("Failure\nMode") == "failure_mode"
    assert SYN.match("고장형태") == "failure_mode"
    assert SYN.match("Bedeutung (B)") == "severity"
    assert SYN.match("심각도(S)") == "severity"
    assert SYN.match("FEHLERART") == "failure_mode"
    assert SYN.match("Remarks") is None
    assert SYN.match(8) is None


def test_header_found_below_title_rows_in_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [
        ["PFMEA Line 2 - EDU-200", None, None, None],
        ["Revision: C", None, "Date: 2025.03.04", None],
        [None, None, None, None],
        ["Process Step", "Failure Mode", "Severity (S)", "Cause"],
        ["OP10 Bearing press-fit", "Bearing cocked", 8, "Worn guide pin"],
        [None, None, None, "Press force drift"],
    ], merges=("A1:D1", "A5:A6", "B5:B6", "C5:C6"))
    [sheet] = read_sheets(path, "p.xlsx")
    header = find_header(sheet, SYN)
    assert header is not None and header.row == 4
    assert dict(header.columns) == {"process_step": 0, "failure_mode": 1, "severity": 2, "cause": 3}
    assert sheet.merged
    assert [n for n, _ in sheet.rows] == [1, 2, 4, 5, 6]  # blank row 3 dropped, numbers kept
    assert sheet.rows[-1][1] == ("OP10 Bearing press-fit", "Bearing cocked", 8, "Press force drift")
    meta = title_metadata(sheet, header)
    assert meta == {"title": "PFMEA Line 2 - EDU-200", "revision": "C", "date": "2025-03-04"}


def test_two_row_header_is_merged(tmp_path: Path) -> None:
    syn = Synonyms({"failure_mode": ("failure mode",), "severity": ("s",),
                    "prevention_control": ("current process controls prevention",),
                    "detection_control": ("current process controls detection",),
                    "detection": ("d",)})
    path = tmp_path / "two.csv"
    path.write_text("Failure Mode,S,Current Process Controls,Current Process Controls,D\n"
                    ",,Prevention,Detection,\nLeak,7,Poka-yoke,Leak test,3\n")
    [sheet] = read_sheets(path, "two.csv")
    header = find_header(sheet, syn)
    assert header is not None and header.data_start == 2
    assert header.columns["prevention_control"] == 2 and header.columns["detection_control"] == 3
    assert header.columns["detection"] == 4


def test_header_error_says_what_it_saw(tmp_path: Path) -> None:
    path = tmp_path / "tools.csv"
    path.write_text("Tool,Size,Location\nWrench,13 mm,Cabinet 2\n")
    sheets = read_sheets(path, "tools.csv")
    assert find_header(sheets[0], SYN) is None
    err = header_error("tools.csv", sheets, SYN, "PFMEA", "a failure mode")
    assert "first 30" in str(err) and "'Tool'" in str(err) and "tools.csv" in str(err)


# ---- reading bad files ---------------------------------------------------------------------

def test_empty_files_raise_empty_file_error(tmp_path: Path) -> None:
    for name, data in (("e.csv", b""), ("e.xlsx", b""), ("ws.csv", b"\xef\xbb\xbf \r\n\r\n")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(EmptyFileError, match=name):
            read_sheets(tmp_path / name, name)
    empty_book = write_xlsx(tmp_path / "blank.xlsx", [])
    with pytest.raises(EmptyFileError, match="no non-empty cells"):
        read_sheets(empty_book, "blank.xlsx")


def test_random_bytes_named_xlsx_are_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CorruptFileError, match=r"junk\.xlsx"):
        read_sheets(path, "junk.xlsx")


def test_zip_that_is_not_a_workbook_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(CorruptFileError, match=r"without xl/workbook\.xml"):
        read_sheets(path, "notes.xlsx")


def test_truncated_xlsx_is_corrupt(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["a", "b"], [1, 2]])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[:300])
    with pytest.raises(CorruptFileError):
        read_sheets(path, "cut.xlsx")


def fake_encrypted_ooxml(path: Path) -> Path:
    """An OLE compound file header plus a directory entry named EncryptedPackage, which is how
    Office stores a password-protected .xlsx."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    path.write_bytes(header + entry + b"\x00" * 384)
    return path


def test_encrypted_workbook_is_reported_as_encrypted(tmp_path: Path) -> None:
    path = fake_encrypted_ooxml(tmp_path / "locked.xlsx")
    with pytest.raises(CorruptFileError, match="encrypted"):
        read_sheets(path, "locked.xlsx")


def test_xls_is_read_with_merges(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test-only) writes the .xls fixture")
    book = xlwt.Workbook()
    sh = book.add_sheet("FMEA")
    sh.write(0, 0, "Title row")
    for col, label in enumerate(["Process Step", "Failure Mode", "S", "Cause"]):
        sh.write(1, col, label)
    sh.write_merge(2, 3, 0, 0, "OP20 Gear press-fit")
    sh.write(2, 1, "Gear not seated")
    sh.write(2, 2, 7)
    sh.write(3, 1, "Runout high")
    book.save(str(tmp_path / "old.xls"))
    [sheet] = read_sheets(tmp_path / "old.xls", "old.xls")
    assert sheet.name == "FMEA" and sheet.merged
    assert sheet.rows[3] == (4, ("OP20 Gear press-fit", "Runout high", None, None))


# ---- fill-down -------------------------------------------------------------------------------

def test_fill_down_respects_the_hierarchy() -> None:
    rows: list[list[Cell]] = [
        ["Power", "Fuel", "Tank", "Leak", "Fire"],
        [None, None, None, None, None],       # continues: everything filled
        [None, None, "Cooler", "Dirt", None],  # new sub-component: effect is a real blank
        [None, None, None, "Wear", None],      # continues Cooler: effect blank stays blank
        [None, "Air", None, None, "Loss"],     # new component: sub-component not inherited
    ]
    filled = fill_down(rows, levels=[0, 1, 2], dependents=[3, 4])
    assert rows[1] == ["Power", "Fuel", "Tank", "Leak", "Fire"] and filled[1] == {0, 1, 2, 3, 4}
    assert rows[2] == ["Power", "Fuel", "Cooler", "Dirt", None]
    assert rows[3] == ["Power", "Fuel", "Cooler", "Wear", None]
    assert rows[4] == ["Power", "Air", None, None, "Loss"]
