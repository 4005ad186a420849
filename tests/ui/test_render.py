"""Pure UI pieces without a browser: rendering, strings, filters, session state."""

from __future__ import annotations

import re
from typing import Any

import pytest

from copilot.core.types import Answer, Chunk, Citation, Hit, Locator, compose_text
from ui import render
from ui.context import SourceContext
from ui.handlers import safe_upload_name
from ui.i18n import as_lang, error_hint, error_reason, field_name, t
from ui.session import Session, Turn

pytestmark = pytest.mark.unit

WI = "WI-OP30-001"


def wi_chunk(step: str, text: str, rev: str = "C", section: str = "4. Procedure") -> Chunk:
    loc = Locator(source=f"wi/{WI}_Rev{rev}.md", doc_id=WI, revision=rev, section=section,
                  step=step)
    heading = f"[{WI} Rev {rev}] Procedure"
    return Chunk(id=f"{rev}-{step}", text=compose_text(heading, text), heading=heading,
                 kind="work_instruction", doc_id=WI, source=loc.source, locator=loc,
                 revision=rev, metadata={"station": "OP30"})


def pfmea_chunk() -> Chunk:
    loc = Locator(source="pfmea/pfmea.csv", row=3)
    return Chunk(id="pf-3", text="Process step: OP30 | Failure mode: Bolt under-torque",
                 kind="pfmea", doc_id="pfmea", source=loc.source, locator=loc,
                 metadata={"station": "OP30", "doc_title": "pfmea", "process_step":
                           "OP30 Bolt tightening", "failure_mode": "Bolt <under>-torque",
                           "severity": 8, "downtime_h": 2.0})


def citation(n: int = 1, chunk: Chunk | None = None) -> Citation:
    c = chunk or wi_chunk("2", "2. Tighten to 25 Nm.")
    return Citation(n=n, chunk_id=c.id, source=c.source, locator=str(c.locator),
                    quote=c.text, kind=c.kind, doc_id=c.doc_id, revision=c.revision)


def answer(**kw: object) -> Answer:
    base: dict[str, object] = {"question": "torque?", "text": "Tighten to 25 Nm [1].",
                               "citations": (citation(),)}
    base.update(kw)
    return Answer(**base)  # type: ignore[arg-type]


# ---- conversation -----------------------------------------------------------------------------

def test_answer_markdown_lists_sources_and_safety() -> None:
    md = render.answer_markdown(answer(safety=("WARNING: Keep hands <clear>",)), "en")
    assert md.startswith("Tighten to 25 Nm [1].")
    assert "> ⚠️ **WARNING: Keep hands \\<clear\\>**" in md
    assert f"**\\[1\\]** {WI} Rev C, § 4. Procedure, step 2" in md


def test_extractive_answer_is_labelled() -> None:
    md = render.answer_markdown(answer(extractive=True), "en")
    assert md.startswith(f"*{t('extractive', 'en')}*")
    assert "fc-info" in render.notice_html(answer(extractive=True), "en")


def test_table_answer_is_labelled_as_computed() -> None:
    ans = answer(text="3 failure mode rows match (severity ≥ 9) [1]", route="table",
                 method="table")
    md = render.answer_markdown(ans, "ko")
    assert md.startswith(f"*{t('computed', 'ko')}*")
    assert t("computed", "en") in render.notice_html(ans, "en")


def test_abstention_says_not_found_and_offers_closest_sources() -> None:
    hit = Hit(chunk=pfmea_chunk(), score=0.1, rank=1)
    ans = answer(text="Not found in the plant documents.", citations=(), abstained=True,
                 closest=(hit,))
    md = render.answer_markdown(ans, "ko")
    assert md.startswith("**공장 문서에서 찾을 수 없습니다.**")
    assert "≈ pfmea/pfmea.csv row 3" in md
    assert render.citation_choices(ans) == [("≈ pfmea.csv row 3", "pf-3")]
    assert "Not found" not in md  # the English answer's own sentence is not repeated as why
    named = answer(text="공장 문서에서 찾을 수 없습니다. 제120조은(는) 어느 문서에도 나오지 않습니다.",
                   citations=(), abstained=True, closest=(hit,))
    assert render.not_found_hint(named, "en").startswith("제120조은(는) 어느 문서에도")
    assert render.sources_label(ans, "en") == t("closest_sources", "en")
    notice = render.notice_html(ans, "en")
    assert "fc-warn" in notice and "Not found in the plant documents." in notice
    assert t("not_found_hint", "en") in notice
    alone = render.notice_html(answer(citations=(), abstained=True), "en")
    assert t("not_found_alone", "en") in alone and "closest" not in alone


def test_safety_banner_is_red_and_escaped() -> None:
    html = render.notice_html(answer(safety=("DANGER: <b>480 V</b>",)), "en")
    assert 'class="fc-banner fc-danger" role="alert"' in html
    assert "&lt;b&gt;480 V&lt;/b&gt;" in html and "<b>" not in html
    assert render.notice_html(None, "en") == "" and render.notice_html(answer(), "en") == ""


def test_citation_chips_are_numbered_and_short() -> None:
    assert render.citation_choices(answer()) == [(f"[1] {WI} Rev C, step 2", "C-2")]
    assert render.citation_choices(None) == []


@pytest.mark.parametrize(("locator", "short"), [
    ("plant/pfmea/pfmea.csv row 3", "pfmea.csv row 3"),
    (f"{WI} Rev C, § 4 Procedure, step 3", f"{WI} Rev C, step 3"),
    ("WO-24-00017 (plant/maint/cmms.csv row 2)", "WO-24-00017"),
    ("x/book.xlsx sheet 'PFMEA' row 5", "book.xlsx sheet 'PFMEA' row 5"),
    ("WI-1, § Scope, p. 2", "WI-1, § Scope, p. 2"),
])
def test_short_locator(locator: str, short: str) -> None:
    assert render.short_locator(locator) == short


def test_chat_messages_follow_the_turns() -> None:
    s = Session(turns=[Turn("q1", answer=answer()), Turn("q2 *bold*", partial="Tigh"),
                       Turn("q3"), Turn("q4", error="model server down")])
    msgs = render.chat_messages(s)
    assert [m["role"] for m in msgs] == ["user", "assistant"] * 4
    assert msgs[2]["content"] == "q2 \\*bold\\*" and msgs[3]["content"] == "Tigh"
    assert msgs[5]["content"] == f"*{t('thinking', 'en')}*"
    assert "model server down" in msgs[7]["content"]


# ---- source panel -----------------------------------------------------------------------------

def test_work_instruction_step_is_shown_between_its_neighbours() -> None:
    before = wi_chunk("1", "1. Place the housing.\nWARNING: Keep hands clear.")
    cited = wi_chunk("2", "2. Tighten to 25 Nm.")
    after = wi_chunk("3", "3. Mark each bolt.")
    doc = {"title": "Housing joining", "status": "superseded", "superseded_by": "D"}
    html = render.source_html(SourceContext(cited, (before,), (after,), doc), "en")
    assert html.index("Place the housing") < html.index("25 Nm") < html.index("Mark each bolt")
    assert html.count('class="fc-step fc-cited"') == 1
    assert re.search(r'fc-cited">.*?25 Nm', html)
    assert '<div class="fc-line fc-safety-line">WARNING: Keep hands clear.</div>' in html
    assert "superseded by Rev D" in html and "Housing joining" in html
    assert f"[{WI} Rev C]" not in html  # the retrieval header line is not shown
    assert html.count("4. Procedure") == 1  # section heading once for the run of steps


def test_pfmea_row_shows_its_fields_with_column_headers() -> None:
    html = render.source_html(SourceContext(pfmea_chunk(), document={"status": "current"}), "en")
    assert "<th scope=\"row\">Failure mode</th><td>Bolt &lt;under&gt;-torque</td>" in html
    assert "<th scope=\"row\">Severity (S)</th><td>8</td>" in html
    assert "<td>2</td>" in html  # 2.0 h shown as 2
    assert "pfmea/pfmea.csv row 3" in html and "current" in html
    assert "Document" not in html  # doc_title is the panel's title, not a field
    ko = render.source_html(SourceContext(pfmea_chunk()), "ko")
    assert "고장 형태" in ko and "심각도 (S)" in ko


def test_source_panel_empty_and_missing_states() -> None:
    assert t("source_empty", "en") in render.source_html(None, "en")
    assert t("source_missing", "ko") in render.source_html(None, "ko", requested=True)


# ---- documents page ---------------------------------------------------------------------------

DOCS: list[dict[str, Any]] = [
    {"source": "wi/WI-OP30-001_RevB.md", "doc_id": WI, "title": "Housing", "kind":
     "work_instruction", "revision": "B", "status": "superseded", "superseded_by": "C",
     "chunks": 4},
    {"source": "maint/cmms.csv", "doc_id": "cmms", "title": "", "kind": "maintenance_log",
     "revision": None, "status": "current", "superseded_by": None, "chunks": 3},
]


def test_documents_table() -> None:
    html = render.documents_html(DOCS, "en")
    assert "Indexed documents (2)" in html
    assert '<tr class="fc-doc-superseded"><td>WI-OP30-001 — Housing</td>' in html
    assert "superseded by Rev C" in html and "Maintenance log" in html
    assert '<td class="fc-num">3</td>' in html and "<td>—</td>" in html
    assert t("docs_empty", "en") in render.documents_html([], "en")
    assert render.document_choices(DOCS) == [
        (f"{WI} Rev B — wi/WI-OP30-001_RevB.md", "wi/WI-OP30-001_RevB.md"),
        ("cmms — maint/cmms.csv", "maint/cmms.csv")]


def test_ingest_report_names_each_failure_in_plain_words() -> None:
    summary = {"added": 2, "failed": 1, "chunks": 7}
    failures = [("bad.xlsx", "bad.xlsx: file is empty (0 bytes)")]
    html = render.ingest_html(summary, failures, ["wi/a.md (WI-1 Rev B)"], "en")
    assert "2 added · 1 failed" in html and "7 chunks" in html
    assert "<strong>bad.xlsx</strong> — The file is empty." in html
    assert "file is empty (0 bytes)" in html  # the detail, folded
    assert error_hint("file is empty", "en") in html
    assert "wi/a.md (WI-1 Rev B)" in html and "fc-warn" in html
    ok = render.ingest_html({"unchanged": 4, "chunks": 0}, [], [], "ko")
    assert "4 변경 없음" in ok and "fc-ok-banner" in ok and "fc-errors" not in ok


# ---- strings, filters, state ------------------------------------------------------------------

def test_string_helpers() -> None:
    assert t("remove_ask", "ko", source="a.md").startswith("a.md")
    assert as_lang("한국어") == "ko" and as_lang("ko") == "ko" and as_lang("fr") == "en"
    assert field_name("failure_mode", "ko") == "고장 형태"
    assert field_name("torque_nm", "en") == "Torque nm"
    assert error_hint("x: no recognisable header row", "en").startswith("The sheet needs")
    assert error_hint("something else", "en") == ""


@pytest.mark.parametrize(("name", "safe"), [
    ("WI-OP30-001_RevC.docx", "WI-OP30-001_RevC.docx"),
    ("../../etc/passwd", "passwd"),
    ("작업표준서 OP30.pdf", "작업표준서 OP30.pdf"),
    ("a;b|c.csv", "a_b_c.csv"),
    ("..", "upload"),
])
def test_safe_upload_name(name: str, safe: str) -> None:
    assert safe_upload_name(name) == safe


def test_session_memory() -> None:
    s = Session(turns=[Turn("q1", answer=answer()), Turn("q2", error="x"), Turn("q3")])
    assert s.history() == ["q1"]
    assert s.current() is s.turns[-1]
    s.selected = 0
    assert s.current() is s.turns[0]
    s.chunk_id = "C-2"
    s.clear()
    assert s.turns == [] and s.current() is None and s.chunk_id == "" and s.selected == -1


def test_upload_errors_get_the_plain_reason_and_hint_of_their_real_cause() -> None:
    prefix = "x.xlsx: file is corrupt, encrypted or not what its extension says"
    damaged = f"{prefix} (not a valid .xlsx: truncated or damaged zip container)"
    locked = f"{prefix} (encrypted (password-protected) workbook; save an unprotected copy)"
    other = f"{prefix} (a zip archive without xl/workbook.xml, so not an Excel workbook)"
    assert error_reason(damaged, "en") == "The file is damaged or incomplete."
    assert "password" not in error_hint(damaged, "en").lower()
    assert "password" in error_reason(locked, "en") and "password" in error_hint(locked, "en")
    assert "not what its name says" in error_reason(other, "en")
    assert "password" not in error_hint(other, "en").lower()
    assert error_reason(damaged, "ko") == "파일이 손상되었거나 일부가 잘렸습니다."
    html = render.documents_html([], "en", {"uploads/x.xlsx": damaged})
    assert 'class="fc-doc-failed"' in html and "not added" in html
    assert "Copy the file again" in html and "uploads/x.xlsx" in html
