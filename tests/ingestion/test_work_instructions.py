"""Work-instruction converter: per-format vectors, safety attachment, Korean, bad input, corpora."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from copilot.core.errors import CorruptFileError, EmptyFileError, EncodingError
from copilot.core.lexicon.dates import date_in
from copilot.core.lexicon.safety import safety_type
from copilot.core.types import ConvertedDocument, Record
from ingestion.base import SourceFile
from ingestion.registry import ConverterRegistry
from ingestion.work_instructions import WorkInstructionConverter
from ingestion.work_instructions.elements import Element
from ingestion.work_instructions.markers import step_marker
from ingestion.work_instructions.metadata import from_filename, label_pairs
from ingestion.work_instructions.structure import build_units
from tests.conftest import SAMPLE_DOCS, SHARED_CORPORA
from tests.ingestion import wi_fixtures as fx

WI_DIR = SAMPLE_DOCS / "work_instructions"
OSHA = SHARED_CORPORA / "osha-1910-147-loto" / "29-CFR-1910.147_excerpt_c4_d_e_f_AppA.md"
KR_RULES = SHARED_CORPORA / "kr-osh-rules-88-111" / "산업안전보건기준에관한규칙_제88조-제111조_excerpt.md"


def convert(path: Path) -> ConvertedDocument:
    return WorkInstructionConverter().convert(SourceFile(path, path.name))


def step(doc: ConvertedDocument, number: str, section: str | None = None) -> Record:
    found = [r for r in doc.records if r.locator.step == number
             and (section is None or r.locator.section == section)]
    assert len(found) == 1, f"step {number} ({section}): {[r.locator for r in doc.records]}"
    return found[0]


def all_text(doc: ConvertedDocument) -> str:
    return "\n".join(r.text for r in doc.records)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def build(tmp_path: Path, kind: str) -> Path:
    """One fixture per format, written on demand."""
    if kind == "docx":
        return fx.write_docx(tmp_path / "WI-T-001_Bolts_RevC.docx")
    if kind == "pdf":
        return fx.write_pdf(tmp_path / "WI-T-002_Press.pdf")
    content = {"md": fx.MD, "txt": fx.TXT, "html": fx.HTML}[kind]
    return write(tmp_path, f"wi.{kind}", content)


# -- per-format vectors ------------------------------------------------------------------------
VECTORS: dict[str, dict[str, Any]] = {
    "docx": {"doc_id": "WI-T-001", "revision": "C", "station": "OP30",
             "effective": "2025-06-02",
             "include": ["25 Nm", "Bolt: 1-12; Sequence: 1-7-4-10", "Safety shoes"],
             "exclude": ["Document No.", "CONTROLLED", "WORK INSTRUCTION"]},
    "pdf": {"doc_id": "WI-T-002", "revision": "B", "station": "OP10",
            "effective": "2024-09-16",
            "include": ["Step 8:", "18-24 kN", "Parameter: Final force; Value: 18-24 kN"],
            "exclude": ["Page 1 of", "WI-T-002 Rev B - Press-fit", "Document No."]},
    "md": {"doc_id": "WI-T-010", "revision": "B", "station": "OP30",
           "effective": "2025-03-04",
           "include": ["Bolt: 1-4; Torque: 10 Nm", "- use lint-free wipes", "cover is fitted"],
           "exclude": ["**", "|---", "front matter", "Supersedes"]},
    "txt": {"doc_id": "WI-T-020", "revision": "D", "station": "OP60",
            "effective": "2024-11-05",
            "include": ["all 8 units are seated", "Strap: 1; Force: 1500 N", "- check the strap"],
            "exclude": ["+-------", "-----", "WORK INSTRUCTION"]},
    "html": {"doc_id": "WI-T-030", "revision": "A", "station": "OP50",
             "effective": "2025-01-20",
             "include": ["Table 1 - Parameters", "Fill volume; Value: 1.20 L", "OFL-50"],
             "exclude": ["<", "var x", "Step 9"]},
}


@pytest.mark.integration
@pytest.mark.parametrize("kind", sorted(VECTORS))
def test_format_vectors(tmp_path: Path, kind: str) -> None:
    want = VECTORS[kind]
    doc = convert(build(tmp_path, kind))
    info = doc.info
    assert (info.kind, info.doc_id, info.revision) == ("work_instruction", want["doc_id"],
                                                      want["revision"])
    assert (info.station, info.effective_date, info.language) == (want["station"],
                                                                   want["effective"], "en")
    text = all_text(doc)
    for s in want["include"]:
        assert s in text, f"{kind}: missing {s!r}"
    for s in want["exclude"]:
        assert s not in text, f"{kind}: unexpected {s!r}"
    for record in doc.records:
        assert record.locator.source == doc.info.source
        assert record.title.startswith(info.title)
        if record.locator.section:
            assert record.title == f"{info.title} › {record.locator.section}"
            assert record.fields["section"] == record.locator.section


@pytest.mark.integration
def test_docx_auto_numbered_steps_and_attachments(tmp_path: Path) -> None:
    doc = convert(build(tmp_path, "docx"))
    s2 = step(doc, "2", "4 Procedure")
    assert s2.text.startswith("2. Tighten all bolts to 25 Nm")
    assert "WARNING: Keep fingers away" in s2.text
    assert (s2.fields["has_warning"], s2.fields["warning_types"]) == (True, "WARNING")
    assert "Sequence: 1-7-4-10" in step(doc, "3").text  # table inside the step stays with it
    last = step(doc, "4")  # trailing CAUTION, no step follows: attaches backwards
    assert "CAUTION: Do not re-use bolts." in last.text
    assert step(doc, "1").fields["has_warning"] is False
    purpose = next(r for r in doc.records if r.locator.section == "1 Purpose")
    assert purpose.locator.step is None and purpose.fields["block"] == "section"


@pytest.mark.integration
def test_pdf_pages_and_running_headers(tmp_path: Path) -> None:
    doc = convert(build(tmp_path, "pdf"))
    assert step(doc, "1").locator.page == 1
    assert step(doc, "5").locator.page == 2
    s3 = step(doc, "3")
    assert "WARNING: Keep hands out of the light curtain." in s3.text
    assert s3.fields["warning_types"] == "WARNING"
    assert str(s3.locator) == "WI-T-002 Rev B, § 4 Procedure, step 3, p. 1"


@pytest.mark.integration
def test_markdown_note_label_on_its_own_line(tmp_path: Path) -> None:
    doc = convert(build(tmp_path, "md"))
    s3, s4 = step(doc, "3"), step(doc, "4")
    assert "WARNING: Pinch point" in s3.text and "Torque: 10 Nm" in s3.text
    assert "Note: Use the click wrench TW-06 only." in s4.text
    assert s4.fields["warning_types"] == "NOTE,CAUTION"
    assert doc.info.extra["supersedes"] == "Rev A (2024-01-02)"


@pytest.mark.integration
def test_text_and_html_safety_blocks(tmp_path: Path) -> None:
    txt = convert(build(tmp_path, "txt"))
    assert "DANGER: Strap tension" in step(txt, "2").text
    assert step(txt, "3").fields["warning_types"] == "LOCKOUT"
    html = convert(build(tmp_path, "html"))
    assert "CAUTION: Always use a new washer." in step(html, "3").text
    assert "- check the volume on the HMI" in step(html, "2").text


@pytest.mark.integration
def test_korean_cp949_text(tmp_path: Path) -> None:
    doc = convert(write(tmp_path, "ko.txt", fx.KO_TXT.encode("cp949")))
    info = doc.info
    assert (info.doc_id, info.revision, info.effective_date, info.station, info.language) == (
        "WI-T-040", "C", "2025-04-01", "OP30", "ko")
    s2 = step(doc, "②", "4 작업 순서")
    assert "경고: 로봇 작동 중" in s2.text and s2.fields["warning_types"] == "WARNING"
    assert "주의: 맨손으로" in step(doc, "③").text
    assert step(doc, "①").fields["has_warning"] is False


@pytest.mark.integration
def test_filename_fallback_for_id_and_revision(tmp_path: Path) -> None:
    doc = convert(write(tmp_path, "WI-X-9_Changeover_RevB.txt", "Changeover\n\nStep 1: Stop.\n"))
    assert (doc.info.doc_id, doc.info.revision, doc.info.title) == (
        "WI-X-9_Changeover", "B", "Changeover")


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.integration
@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf", "blank.md"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "  \n" if name == "blank.md" else b"")
    with pytest.raises(EmptyFileError, match=name):
        convert(path)


@pytest.mark.integration
def test_corrupt_and_encrypted(tmp_path: Path) -> None:
    with pytest.raises(CorruptFileError, match=r"not a \.docx"):
        convert(write(tmp_path, "fake.docx", "Step 1: this is plain text"))
    good = fx.write_pdf(tmp_path / "good.pdf", pages=1)
    with pytest.raises(CorruptFileError, match=r"cut\.pdf"):
        convert(write(tmp_path, "cut.pdf", good.read_bytes()[:400]))
    with pytest.raises(CorruptFileError, match="encrypted") as err:
        convert(fx.write_encrypted_pdf(good, tmp_path / "locked.pdf"))
    assert err.value.path == "locked.pdf"


@pytest.mark.integration
def test_scanned_pdf_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(EmptyFileError) as err:
        convert(fx.write_scanned_pdf(tmp_path / "scan.pdf"))
    assert err.value.detail == "no text layer (scanned PDF?)"
    with pytest.raises(EncodingError, match=r"bad\.txt"):
        convert(write(tmp_path, "bad.txt", b"Step 1: \x80\x80\xff\xfe\x81 torque"))


# -- pure logic --------------------------------------------------------------------------------
def _units(*elements: Element) -> list[tuple[str | None, str]]:
    return [(u.step, u.text) for u in build_units(list(elements), plain_headings=True)]


@pytest.mark.unit
def test_warning_attaches_forward_then_backward() -> None:
    units = _units(Element("heading", "4. Procedure", level=1),
                   Element("paragraph", "1. Remove the cover."),
                   Element("paragraph", "WARNING: Hot surface."),
                   Element("paragraph", "2. Take out the filter."),
                   Element("paragraph", "CAUTION: Filter is sharp."))
    assert units == [("1", "1. Remove the cover."),
                     ("2", "2. Take out the filter.\nWARNING: Hot surface.\nCAUTION: Filter is sharp.")]


@pytest.mark.unit
def test_substeps_of_another_style_stay_with_their_step() -> None:
    units = _units(Element("paragraph", "4.1 Set the torque:"),
                   Element("paragraph", "1) 10 Nm snug"),
                   Element("paragraph", "2) 25 Nm final"),
                   Element("paragraph", "4.2 Mark the bolts."))
    assert [u[0] for u in units] == ["4.1", "4.2"]
    assert units[0][1] == "4.1 Set the torque:\n1) 10 Nm snug\n2) 25 Nm final"


@pytest.mark.unit
def test_table_between_steps_belongs_to_the_first() -> None:
    units = build_units([Element("paragraph", "Step 1: Check the gauge."),
                         Element("table", "", rows=(("Gauge", "Limit"), ("PG-01", "140 bar"))),
                         Element("paragraph", "Step 2: Start.")], plain_headings=True)
    assert units[0].text == "Step 1: Check the gauge.\nGauge: PG-01; Limit: 140 bar"
    assert [u.kind for u in units] == ["step", "step"]


@pytest.mark.unit
@pytest.mark.parametrize(("text", "expected"), [
    ("WARNING: hot", "WARNING"), ("Caution: sharp", "CAUTION"), ("DANGER High voltage", "DANGER"),
    ("경고: 협착", "WARNING"), ("주의: 고온", "CAUTION"), ("참고", "NOTE"), ("Note:", "NOTE"),
    ("LOCKOUT: apply lock", "LOCKOUT"), ("warning: wrapped line", None),
    ("Lockout procedure for", None), ("주의하여 체결한다", None), ("Notes on torque", None)])
def test_safety_labels(text: str, expected: str | None) -> None:
    assert safety_type(text) == expected


@pytest.mark.unit
@pytest.mark.parametrize(("text", "style", "number"), [
    ("Step 3: Tighten", "step", "3"), ("4.3 Tighten", "decimal", "4.3"), ("3. Tighten", "dot", "3"),
    ("3) Tighten", "paren", "3"), ("② 조인다", "circled", "②"), ("(d)(5)(ii) If", "cfr", "(d)(5)(ii)")])
def test_step_markers(text: str, style: str, number: str) -> None:
    marker = step_marker(text)
    assert marker is not None and (marker.style, marker.number) == (style, number)


@pytest.mark.unit
def test_header_fields_and_dates() -> None:
    pairs = label_pairs("Doc No: WI-9 | Rev.: C | Effective: 2 June 2025")
    assert pairs == [("doc_id", "WI-9"), ("revision", "C"), ("effective_date", "2 June 2025")]
    assert [date_in(v) for v in ("2025.6.2", "2025년 6월 2일", "June 2, 2025", "6/2/25")] == [
        "2025-06-02", "2025-06-02", "2025-06-02", None]
    assert from_filename("WI-OP30-001_Housing_Rev_C") == ("WI-OP30-001_Housing", "C")
    assert from_filename("WI-OP40-001_Leak_Test") == ("WI-OP40-001_Leak_Test", None)


# -- registry, network, speed ------------------------------------------------------------------
@pytest.mark.integration
def test_registry_picks_the_converter(tmp_path: Path) -> None:
    reg = ConverterRegistry([WorkInstructionConverter()])
    for suffix in (".docx", ".pdf", ".md", ".txt", ".html"):
        assert reg.pick(SourceFile(tmp_path / f"a{suffix}", f"a{suffix}"))[0].name == (
            "work_instruction")


@pytest.mark.integration
def test_every_format_converts_offline(tmp_path: Path, no_network: list[Any]) -> None:
    for kind in sorted(VECTORS):
        assert convert(build(tmp_path, kind)).records
    assert no_network == []


@pytest.mark.integration
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_ten_pages_convert_fast(tmp_path: Path, kind: str) -> None:
    if kind == "pdf":
        path = fx.write_pdf(tmp_path / "long.pdf", pages=10)
    else:
        path = fx.write_docx(tmp_path / "long.docx", repeat=25)
    convert(path)  # first call pays the imports
    started = time.process_time()
    doc = convert(path)
    assert time.process_time() - started < 1.0
    steps = {r.locator.step for r in doc.records}
    if kind == "pdf":  # the first step of every page sits under the running header: keep it
        assert steps >= {str(n) for n in range(1, 41)}
    assert len(doc.records) >= 40


# -- real third-party procedures and the sample plant ------------------------------------------
@pytest.mark.integration
@pytest.mark.skipif(not OSHA.exists(), reason="shared OSHA 1910.147 corpus not present")
def test_osha_paragraph_ids_become_steps() -> None:
    doc = convert(OSHA)
    rec = step(doc, "(d)(5)(ii)", "(d) Application of control")
    assert rec.text.startswith("(d)(5)(ii) Stored energy. If there is a possibility")
    assert "Note: Exception: The employer need not document" in step(doc, "(c)(4)(ii)").text
    assert "Caution: Return operating control(s)" in step(doc, "(8)", "Sequence of Lockout").text
    assert step(doc, "(1)", "Restoring Equipment to Service").text.startswith("(1) Check the")
    assert not [w for w in doc.warnings if "appears" in w]


@pytest.mark.integration
@pytest.mark.skipif(not KR_RULES.exists(), reason="shared Korean OSH rules corpus not present")
def test_korean_statute_articles_and_paragraphs() -> None:
    doc = convert(KR_RULES)
    assert (doc.info.language, doc.info.effective_date) == ("ko", "2025-09-01")
    rec = step(doc, "②", "제92조 (정비 등의 작업 시의 운전정지 등)")
    assert "잠금장치를 하고 그 열쇠를 별도 관리" in rec.text
    nested = step(doc, "②", "제96조 (작업도구 등의 목적 외 사용 금지 등)").text
    assert "1. 정격하중을 초과하여 사용하지 말 것" in nested
    single = [r for r in doc.records if r.locator.section == "제90조 (날아오는 가공물 등에 의한 위험의 방지)"]
    assert len(single) == 1 and single[0].locator.step is None


SAMPLES: list[tuple[str, str, str, str, str]] = [  # file, step, section, must include, safety
    ("WI-OP30-001_Housing_Joining_Bolt_Tightening_Rev_C.docx", "4.3", "4 Procedure", "by hand",
     "CAUTION"),
    ("WI-OP30-001_Housing_Joining_Bolt_Tightening_Rev_B.docx", "4.4", "4 Procedure", "23 Nm", ""),
    ("WI-MNT-001_LOTO_Press_Maintenance_RevB.pdf", "3", "4 Procedure", "ram block", "DANGER"),
    ("WI-OP50-001_Oil_Fill_and_EOL_Test.html", "4.7", "4 Procedure", "HVA-50", "DANGER"),
    ("WI-OP60-001_Laser_Marking_and_Packing.txt", "4", "4 Procedure", "DataMatrix", "WARNING"),
    ("WI-OP40-001_Leak_Test_Housing_Coolant_Jacket.md", "4.5", "4 Procedure", "LKT-40",
     "WARNING"),
    ("WI-OP30-002_실런트(FIPG)_도포_작업표준_개정B.docx", "5", "4 작업순서", "IPA", "CAUTION"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("name", "number", "section", "include", "safety"), SAMPLES)
def test_sample_plant_documents(name: str, number: str, section: str, include: str,
                                safety: str) -> None:
    path = WI_DIR / name
    if not path.exists():
        pytest.skip(f"sample document {name} not generated")
    rec = step(convert(path), number, section)
    assert include in rec.text
    assert rec.fields["warning_types"] == safety


@pytest.mark.integration
def test_sample_rev_c_docx_header() -> None:
    path = WI_DIR / "WI-OP30-001_Housing_Joining_Bolt_Tightening_Rev_C.docx"
    if not path.exists():
        pytest.skip("sample documents not generated")
    doc = convert(path)
    info = doc.info
    assert (info.doc_id, info.revision, info.effective_date, info.station) == (
        "WI-OP30-001", "C", "2025-06-02", "OP30")
    assert info.extra["supersedes"] == "Rev B"
    assert any("25 Nm" in r.text and r.locator.step for r in doc.records)
    assert "NOTE: NR-30 runs all six spindles" in step(doc, "4.8").text
