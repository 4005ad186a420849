"""Names of things (kind + id): read from documents and questions; a name of a kind the
documents number, that no document writes, is unknown (the question is about something else)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from copilot.core.access import UNRESTRICTED
from copilot.core.lexicon.names import Name, asked_names, names_in, unknown_names
from copilot.core.types import DocumentInfo
from copilot.store import names_table
from copilot.store.catalog import Catalog, FileRow
from evals.tables_eval import fill_catalog
from tests.fakes import chunk

pytestmark = pytest.mark.unit

LOG = "Asset CWC04006 (Chiller 6) | Chiller 9 leak | Chiller 14 | 제92조(정비) 제93조 제94조"


def test_documents_name_things_by_a_capitalised_kind_and_an_id() -> None:
    assert names_in(LOG) == {Name("chiller", "6"), Name("chiller", "9"), Name("chiller", "14"),
                             Name("조", "92"), Name("조", "93"), Name("조", "94")}
    # a quantity is not a name, nor a part of a longer number or code
    assert names_in("Within 5 min. Hold 30 s. Step 3.2 and Line 2-A") == set()
    assert names_in("제92조의2") == set()
    assert names_in("개정 이력 / 개정: A; 최초 제정 / 개정: B") == {Name("rev", "A"), Name("rev", "B")}


def test_a_question_names_things_in_any_case_but_one_letter_ids_only_in_capitals() -> None:
    assert asked_names("when did chiller 5 last get an oil analysis?") == [Name("chiller", "5")]
    assert asked_names("excavator F - when was the bucket changed?") == [Name("excavator", "F")]
    assert asked_names("was pump a overhauled?") == []
    assert asked_names("산업안전보건기준에 관한 규칙 제120조에는 뭐라고 되어 있어?") == [Name("조", "120")]
    assert asked_names("work orders in the last 5 years") == []
    assert asked_names("LOTO at OP10: what should I check? FIPG bead, REPAIR CRACK") == []


def test_a_korean_question_names_a_numbered_kind_through_the_glossary() -> None:
    assert asked_names("5번 칠러 마지막 오일 분석 언제 했어?") == [Name("chiller", "5")]
    assert asked_names("칠러 7번은 2023년에 몇 건이야?") == [Name("chiller", "7")]
    assert asked_names("13번 칠러는 언제였어?") == [Name("chiller", "13")]
    assert asked_names("자물쇠 몇 개 비치돼 있어? 5번 확인") == []  # 확인 names no kind
    known = names_in(LOG)
    assert unknown_names(asked_names("5번 칠러 오일 분석"), known) == [Name("chiller", "5")]


def test_only_a_kind_the_documents_number_can_be_unknown() -> None:
    known = names_in(LOG)
    asked = asked_names("Chiller 5 and Chiller 9, 제120조, and excavator F")
    assert unknown_names(asked, known) == [Name("chiller", "5"), Name("조", "120")]
    # "excavator" is never numbered in the documents: no judgement on it, unless the logs
    # number assets with ids of that shape ("Asset A".."Asset E": excavator F is none of them)
    logs = known | names_in("Asset A | Asset B | Asset C | Asset CWC04006 (Chiller 6)")
    assert unknown_names(asked_names("excavator F, excavator C and pump 3"), logs) == [
        Name("excavator", "F")]
    assert str(Name("조", "120")) == "제120조" and str(Name("chiller", "5")) == "Chiller 5"
    # only a word that names a machine is judged as one: "What S rating", "rated S=10"
    question = "What S rating does excavator F get, and which modes are rated S=10?"
    assert Name("what", "S") in unknown_names(asked_names(question), logs)
    assert unknown_names(asked_names(question), logs, {"excavator", "machine"}) == [
        Name("excavator", "F")]


def test_the_catalog_keeps_each_files_names_and_drops_them_with_the_file(tmp_path: Path) -> None:
    log = tmp_path / "chillers.csv"
    log.write_text("wo_id,wo_description,equipment_name\n" + "".join(
        f"WO{n},Condenser tube leak,Chiller {n}\n" for n in (6, 9, 14)), encoding="utf-8")
    cat = Catalog(tmp_path / "c.sqlite")
    fill_catalog(cat, [log])
    assert names_table.read(cat.query, ["chiller"], UNRESTRICTED) == {
        Name("chiller", "6"), Name("chiller", "9"), Name("chiller", "14")}
    # a catalog written before the names table gets it filled when opened
    cat.query("DELETE FROM names")
    cat.set_meta("names_version", "0")
    cat.close()
    cat = Catalog(tmp_path / "c.sqlite")
    assert len(names_table.read(cat.query, ["chiller"], UNRESTRICTED)) == 3
    cat.remove_file(str(log))
    assert names_table.read(cat.query, ["chiller"], UNRESTRICTED) == set()


def test_a_documents_revisions_are_those_held_and_those_its_history_names(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite")
    history = replace(chunk("Revision history / Rev: A; First issue / Rev: B; 23 Nm", 1),
                      doc_id="WI-OP30-001", revision="B")
    cat.replace_file(FileRow("/d/wi_b.docx", "wi_b.docx", "x", 1, "docx"),
                     DocumentInfo("wi_b.docx", "work_instruction", "WI-OP30-001", revision="B"),
                     [history])
    assert names_table.revisions(cat.query, "WI-OP30-001", UNRESTRICTED) == {"A", "B"}
    assert names_table.revisions(cat.query, "WI-OP99-001", UNRESTRICTED) is None


def test_the_article_a_question_names_is_found_by_its_heading(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c.sqlite")
    art = [chunk(f"제{n}조 (제목)\n사업주는 ...", n, section=f"제{n}조 (제목)") for n in (103, 104)]
    cat.replace_file(FileRow("/d/rules.md", "rules.md", "y", 1, "markdown"),
                     DocumentInfo("rules.md", "work_instruction", "RULES"), art)
    assert names_table.sections_named(cat.query, Name("조", "104"), UNRESTRICTED) == [art[1].id]
    assert names_table.sections_named(cat.query, Name("조", "120"), UNRESTRICTED) == []
