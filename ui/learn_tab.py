"""The "Learn" tab: pick station and trainee, read the cited briefing, take the quiz by touch.

Layout (``learn_tab``), wiring (``wire_learn``) and callbacks (``LearnHandlers``) for onboarding;
every callback goes through ``Copilot.learning``. Strings are EN/KO in the message catalogue
(``[ui.learn]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

import gradio as gr

from copilot.core.errors import CopilotError
from copilot.core.messages import message
from copilot.core.types import Citation
from copilot.learning.briefing import Briefing, BriefingSection
from copilot.learning.quiz import Question
from copilot.learning.service import Result
from ui.access import Caller, caller_of
from ui.session import Session

if TYPE_CHECKING:
    from copilot.service import Copilot

MAX_QUESTIONS = 8


def s(key: str, lang: str) -> str:
    """This tab's strings: ``[ui.learn]`` in the message catalogue."""
    return message(f"ui.learn.{key}", lang)


@dataclass
class QuizState:
    """The quiz on screen (held in a ``gr.State``)."""

    station: str = ""
    trainee: str = ""
    questions: list[Question] = field(default_factory=list)


# Marks every terminal can draw: U+2713/U+2717 are in DejaVu Sans (fonts-dejavu-core, installed
# by scripts/install_browser.sh); the emoji forms need a colour-emoji font the plant lacks.
MARK_OK, MARK_WRONG = "\u2713", "\u2717"
SCROLL_TO = ("() => {{ const go = () => {{ const e = document.querySelector('{css}');"
             " if (e) e.scrollIntoView({{block: 'start', behavior: 'instant'}}); }};"
             " go(); setTimeout(go, 150); }}")


def cite_html(c: Citation, lang: str) -> str:
    """A citation that opens, in place, on the source's own text (document, revision, place)."""
    doc = f"{c.doc_id} Rev {c.revision}" if c.revision else c.doc_id
    return (f'<details class="fc-cite"><summary>{escape(c.locator)}</summary>'
            f'<div class="fc-cite-body"><div class="fc-meta">{escape(s("source", lang))}: '
            f"{escape(doc or c.source)}</div><blockquote>{escape(c.quote[:600])}</blockquote>"
            "</div></details>")


def _section_html(sec: BriefingSection, lang: str, first: bool) -> str:
    items = "".join(f"<li>{escape(ln.text)}{cite_html(ln.citation, lang)}</li>"
                    for ln in sec.lines)
    if sec.key == "safety":  # always open, red, before anything else
        return (f'<section class="fc-learn-safety" role="alert"><h3>⚠ {escape(sec.title)}</h3>'
                f"<ul>{items}</ul></section>")
    return (f'<details class="fc-learn-sec"{" open" if first else ""}><summary>'
            f"{escape(sec.title)} ({len(sec.lines)})</summary><ul>{items}</ul></details>")


def briefing_html(b: Briefing) -> str:
    """Briefing: the safety warnings first and highlighted, then each section folded (the first
    open); every line's citation opens on the quoted source text."""
    shown = [sec for sec in b.sections if sec.lines]
    ordered = [x for x in shown if x.key == "safety"] + [x for x in shown if x.key != "safety"]
    parts = [f'<div class="fc-card fc-learn"><h2>{escape(b.title)}</h2><p class="fc-meta">'
             + ", ".join(escape(f"{d} Rev {r} - {t}") for d, r, t in b.documents) + "</p>"]
    opened = False
    for sec in ordered:
        first = sec.key != "safety" and not opened
        opened = opened or first
        parts.append(_section_html(sec, b.lang, first))
    return "".join(parts) + "</div>"


def results_html(r: Result, lang: str) -> str:
    """Score, then each question with the correct answer and where it comes from."""
    verdict = s("passed", lang) if r.passed else s("not_passed", lang)
    rows = []
    for n, g in enumerate(r.grades, start=1):
        mark = (f'<span class="fc-mark fc-mark-ok">{MARK_OK}</span> ' + s("correct", lang)
                if g.correct else
                f'<span class="fc-mark fc-mark-no">{MARK_WRONG}</span> ' + s("wrong", lang))
        given = "" if g.correct else (
            f"<br>{escape(s('your_answer', lang))}: {escape(g.given or '-')}")
        rows.append(f'<li class="{"fc-right" if g.correct else "fc-wrong"}"><b>{n}. {mark}</b> '
                    f"{escape(g.question.prompt)}{given}<br>"
                    f"<b>{escape(s('right_answer', lang))}:</b> {escape(g.expected)}"
                    f"{cite_html(g.question.citation, lang)}</li>")
    cls = "fc-ok-banner" if r.passed else "fc-warn"
    return (f'<div class="fc-card fc-learn"><h2 class="fc-banner {cls}">{escape(r.trainee)} - '
            f"{escape(r.station)}: {r.score:.0%} - {escape(verdict)}</h2>"
            f"<ol>{''.join(rows)}</ol></div>")


class LearnHandlers:
    """Callbacks of the Learn tab, each through the service with the caller's principal (a
    technician's quizzes are always recorded under their own user name)."""

    def __init__(self, copilot: Copilot, who: Caller | None = None) -> None:
        self.copilot = copilot
        self.who = who or caller_of(copilot, None)

    def stations(self, request: gr.Request | None = None) -> dict[str, Any]:
        """Outputs: station dropdown (choices refreshed from the current documents)."""
        try:
            return gr.update(choices=self.copilot.learn_stations(self.who(request)))
        except CopilotError:
            return gr.update(choices=[])

    def briefing(self, station: str | None, session: Session,
                 request: gr.Request | None = None) -> str:
        """Outputs: briefing HTML."""
        if not station:
            raise gr.Error(s("pick_station", session.lang))
        try:
            return briefing_html(self.copilot.briefing(station, session.lang, self.who(request)))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc

    def start(self, station: str | None, trainee: str | None, session: Session,
              request: gr.Request | None = None) -> list[Any]:
        """Outputs: quiz state, MAX_QUESTIONS radios, MAX_QUESTIONS text boxes, submit, results."""
        if not station:
            raise gr.Error(s("pick_station", session.lang))
        try:
            principal = self.who(request)
            who = self.copilot.trainee_of(principal, trainee)
            quiz = self.copilot.quiz(station, who, MAX_QUESTIONS, session.lang, principal)
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc
        state = QuizState(quiz.station, who, list(quiz.questions))
        radios, boxes = [], []
        for i in range(MAX_QUESTIONS):
            q = quiz.questions[i] if i < len(quiz.questions) else None
            label = f"{i + 1}. {q.prompt}" if q else ""
            radios.append(gr.update(visible=bool(q and q.choices), label=label, value=None,
                                    choices=list(q.choices) if q else []))
            boxes.append(gr.update(visible=bool(q and not q.choices), label=label, value="",
                                   placeholder=s("answer", session.lang)))
        return [state, *radios, *boxes, gr.update(visible=True), ""]

    def submit(self, state: QuizState, session: Session, request: gr.Request | None,
               *values: Any) -> str:
        """Inputs: quiz state, session, radios..., text boxes... Outputs: results HTML."""
        if not state.questions:
            raise gr.Error(s("pick_station", session.lang))
        radios, boxes = values[:MAX_QUESTIONS], values[MAX_QUESTIONS:]
        answers = {q.id: str((radios[i] if q.choices else boxes[i]) or "")
                   for i, q in enumerate(state.questions)}
        try:
            result = self.copilot.grade(state.station, state.trainee, answers,
                                        state.questions, session.lang, self.who(request))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc
        return results_html(result, session.lang)


def _relabel(key: str, prop: str = "label", **extra: str) -> Any:
    return lambda lang: {prop: s(key, lang), **{k: s(v, lang) for k, v in extra.items()}}


def learn_tab(p: Any) -> None:
    """The tab's components, registered on the page (``ui.app.Page``) by name."""
    en = "en"
    with gr.Tab(s("tab", en), id="learn") as tab:
        p.put("learn_tab", tab, _relabel("tab"))
        with gr.Row(equal_height=True):
            p.put("learn_station", gr.Dropdown([], label=s("station", en), min_width=160,
                                               elem_id="fc-learn-station"), _relabel("station"))
            p.put("learn_trainee", gr.Textbox(label=s("trainee", en), placeholder=s(
                "trainee_ph", en), elem_id="fc-learn-trainee"),
                _relabel("trainee", placeholder="trainee_ph"))
            p.put("learn_brief", gr.Button(s("briefing", en), min_width=170,
                                           elem_id="fc-learn-brief"), _relabel("briefing", "value"))
            p.put("learn_start", gr.Button(s("start", en), variant="primary", min_width=170,
                                           elem_id="fc-learn-start"), _relabel("start", "value"))
        p.put("learn_briefing", gr.HTML(js_on_load=None, elem_id="fc-learn-briefing"))
        with gr.Column(elem_id="fc-learn-quiz"):
            for i in range(MAX_QUESTIONS):
                p.put(f"learn_r{i}", gr.Radio([], visible=False, elem_classes=["fc-chips"],
                                              elem_id=f"fc-learn-r{i}"))
                p.put(f"learn_t{i}", gr.Textbox(visible=False, elem_id=f"fc-learn-t{i}"))
            p.put("learn_submit", gr.Button(s("submit", en), variant="primary", visible=False,
                                            elem_id="fc-learn-submit"),
                  _relabel("submit", "value"))
        p.put("learn_results", gr.HTML(js_on_load=None, elem_id="fc-learn-results"))


def wire_learn(p: Any, copilot: Copilot, session_state: Any, who: Caller | None = None) -> None:
    """Events of the Learn tab; ``session_state`` is the page's Session (for the language)."""
    h = LearnHandlers(copilot, who)
    quiz_state = gr.State(QuizState())
    radios = [p[f"learn_r{i}"] for i in range(MAX_QUESTIONS)]
    boxes = [p[f"learn_t{i}"] for i in range(MAX_QUESTIONS)]
    p["learn_tab"].select(h.stations, None, [p["learn_station"]], queue=False,
                          show_progress="hidden")
    p["learn_brief"].click(h.briefing, [p["learn_station"], session_state],
                           [p["learn_briefing"]], queue=False)
    p["learn_start"].click(h.start, [p["learn_station"], p["learn_trainee"], session_state],
                           [quiz_state, *radios, *boxes, p["learn_submit"], p["learn_results"]],
                           queue=False).success(None, js=SCROLL_TO.format(css="#fc-learn-quiz"))
    p["learn_submit"].click(h.submit, [quiz_state, session_state, *radios, *boxes],
                            [p["learn_results"]], queue=False).success(
        None, js=SCROLL_TO.format(css="#fc-learn-results"))
