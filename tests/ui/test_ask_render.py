"""The Ask tab's card, safety banner, feedback line and dates, rendered from real types."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from copilot.core.types import Answer, Citation, Hit
from copilot.sources import SafetyNote, SourceContext
from tests.ui.test_handlers import ANSWER, ROW, STEP, FakeCopilot
from ui import ask_render, render
from ui.ask_handlers import AskHandlers
from ui.dates import human_time
from ui.session import Note, Session, Turn

pytestmark = pytest.mark.unit


def test_the_key_line_is_the_first_sentence_with_its_citation() -> None:
    key, rest = ask_render.split_key_line(
        "Tighten the bolts to 25 Nm [1]. Use a star pattern (1.5 turns) [2].\n\n- then mark")
    assert key == "Tighten the bolts to 25 Nm [1]."
    assert rest.startswith("Use a star pattern (1.5 turns) [2].") and rest.endswith("- then mark")
    assert ask_render.split_key_line("36 work orders match [1]:\n| WO | h |\n|--|--|") == (
        "36 work orders match [1]:", "| WO | h |\n|--|--|")
    assert ask_render.split_key_line("| WO | h |\n| a | 1 |")[0] == ""  # a bare table: none


def test_the_card_puts_the_key_line_first_with_citations_that_open_sources() -> None:
    answer = Answer(question="q", text="Cure for **15 minutes** [1]. Then cool <script> [2].",
                    citations=(Citation(1, "c1", "wi.md", "WI-1, step 6", "…"),))
    html = ask_render.card_html(Turn("How long?", answer=answer), "en", 3)
    key = html.split('class="fc-key">')[1].split("</p>")[0]
    assert "<strong>15 minutes</strong>" in key and 'data-cite="1"' in key
    assert 'data-turn="3"' in html and 'data-state="done"' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'data-cite="2"' not in html and 'fc-cite-plain">[2]' in html  # no source 2
    assert 'aria-label="Open source 1"' in html


def test_the_card_while_writing_on_error_and_when_empty() -> None:
    writing = ask_render.card_html(Turn("q", partial="25 Nm [1]. More"), "ko", 1)
    assert 'data-state="writing"' in writing and "답변 작성 중" in writing
    assert "data-cite" not in writing  # clickable once the sources are known
    assert "Searching" in ask_render.card_html(Turn("q"), "en", 1)
    failed = ask_render.card_html(Turn("q", error="model down"), "en", 1)
    assert 'role="alert"' in failed and "model down" in failed
    assert "What torque for the OP30 housing bolts?" in ask_render.card_html(None, "en")


def test_a_table_answer_renders_as_a_table() -> None:
    html = ask_render.blocks_html("| WO | Downtime |\n|---|---|\n| WO-1 | 1.5 |", "en")
    assert "<th scope=\"col\">WO</th>" in html and "<td>1.5</td>" in html and "---" not in html


def test_every_safety_note_is_listed_the_cited_steps_first() -> None:
    notes = (Note("DANGER: ram drops", "WI-1, step 3", cited=False),
             Note("CAUTION: fumes", "WI-1, step 6", cited=True),
             Note("WARNING: hot mandrel", "WI-1, step 5", cited=False))
    html = ask_render.safety_html(notes, "en")
    red, amber = html.split('class="fc-banner fc-warn')
    assert "fc-danger" in red and red.count('<li') == 1 and "CAUTION: fumes" in red
    assert amber.count('<li') == 2 and "2 more" in amber
    assert "fc-sev-danger" in amber and "fc-sev-warning" in amber
    assert ask_render.safety_html((), "en") == ""


def test_notes_come_from_the_whole_cited_instruction() -> None:
    ctx = SourceContext(STEP, safety=(SafetyNote("DANGER: a", "c1", "WI-1 Rev C, step 1"),
                                      SafetyNote("CAUTION: b", "c2", "WI-1 Rev C, step 2")))
    answer = Answer(question="q", text="t [1].", safety=("CAUTION: b", "WARNING: record"),
                    citations=(Citation(1, "c2", "wi.md", "WI-1, step 2", "…"),))
    notes = ask_render.notes_of(answer, [ctx])
    assert [(n.line, n.cited) for n in notes] == [
        ("CAUTION: b", True), ("WARNING: record", True), ("DANGER: a", False)]
    assert notes[2].where == "WI-1 Rev C, step 1"


def test_feedback_line_says_what_is_saved() -> None:
    assert "Was this right?" in ask_render.feedback_html("", "en")
    assert "Saved: wrong" in ask_render.feedback_html("down", "en")
    assert "저장됨: 도움됨" in ask_render.feedback_html("up", "ko")


def test_dates_read_like_dates() -> None:
    assert human_time("2024-03-05T00:00:00", "en") == "5 Mar 2024"
    assert human_time("2024-03-05T14:30:00", "en") == "5 Mar 2024, 14:30"
    assert human_time("2024-03-05", "ko") == "2024년 3월 5일"
    assert human_time("WO-24-00017", "en") is None and human_time(3.0, "en") is None
    assert human_time("2024-13-45", "en") is None
    table = render.fields_table({"date_opened": "2024-03-05T00:00:00", "downtime_h": 1.5}, "en")
    assert "5 Mar 2024" in table and "T00:00" not in table and "1.5" in table


def test_a_work_order_row_is_the_highlighted_passage() -> None:
    html = render.source_html(SourceContext(ROW), "en")
    assert 'class="fc-record fc-cited"' in html and "WO-1" in html


# ---- handlers ---------------------------------------------------------------------------------

@pytest.fixture
def cp(tmp_path: Path) -> FakeCopilot:
    return FakeCopilot(tmp_path)


def test_a_finished_answer_opens_its_first_source_and_collects_safety(cp: FakeCopilot) -> None:
    h = AskHandlers(cast(Any, cp))
    session = Session()
    steps = list(h.ask("torque?", "", "", "", session))
    assert "Tighten" in steps[1][6]  # the card streams too
    final = steps[-1]
    assert "fc-cited" in final[4] and session.chunk_id == "c2"  # source 1 open
    assert 'data-cite="1"' in final[6]
    assert ("source", ("c2", "local")) in cp.reads


def test_one_verdict_per_answer_changeable(cp: FakeCopilot) -> None:
    logged: list[tuple[str, str]] = []

    def record(question: str, answer: dict[str, Any], verdict: str, comment: str = "",
               principal: Any = None, replaces: str = "") -> None:
        logged.append((verdict, replaces))

    cp.record_feedback = record  # type: ignore[method-assign]
    h = AskHandlers(cast(Any, cp))
    session = Session(turns=[Turn("torque?", answer=ANSWER)])
    h.feedback_up("", session)
    h.feedback_up("", session)  # the same again: nothing new
    h.feedback_down("", session)
    assert logged == [("up", ""), ("down", "up")]
    up, down, line = AskHandlers.feedback_state(session)
    assert down["variant"] == "stop" and up["variant"] == "secondary" and "Saved: wrong" in line


def test_the_abstained_card_says_not_found() -> None:
    ans = Answer(question="q", text="", abstained=True, closest=(Hit(STEP, 0.1, 1),))
    html = ask_render.card_html(Turn("q", answer=ans), "en", 1)
    assert "fc-key-missing" in html and "closest sources" in html.lower()
