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
from copilot.learning.briefing import Briefing
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


def briefing_html(b: Briefing) -> str:
    """Briefing sections as lists; every line shows its source under it."""
    parts = [f'<div class="fc-card fc-learn"><h2>{escape(b.title)}</h2><p>'
             + ", ".join(escape(f"{d} Rev {r} - {t}") for d, r, t in b.documents) + "</p>"]
    for sec in b.sections:
        if not sec.lines:
            continue
        items = "".join(
            f'<li>{escape(ln.text)}<br><small class="fc-src">{escape(ln.citation.locator)}'
            "</small></li>" for ln in sec.lines)
        warn = ' class="fc-safety"' if sec.key == "safety" else ""
        parts.append(f"<h3{warn}>{escape(sec.title)}</h3><ul>{items}</ul>")
    return "".join(parts) + "</div>"


def results_html(r: Result, lang: str) -> str:
    """Score, then each question with the correct answer and where it comes from."""
    verdict = s("passed", lang) if r.passed else s("not_passed", lang)
    rows = []
    for n, g in enumerate(r.grades, start=1):
        mark = "✅ " + s("correct", lang) if g.correct else "❌ " + s("wrong", lang)
        given = "" if g.correct else (
            f"<br>{escape(s('your_answer', lang))}: {escape(g.given or '-')}")
        rows.append(f"<li><b>{n}. {mark}</b> {escape(g.question.prompt)}{given}<br>"
                    f"<b>{escape(s('right_answer', lang))}:</b> {escape(g.expected)}<br>"
                    f'<small class="fc-src">{escape(s("source", lang))}: '
                    f"{escape(g.question.citation.locator)} - "
                    f"“{escape(g.question.citation.quote[:200])}”</small></li>")
    return (f'<div class="fc-card fc-learn"><h2>{escape(r.trainee)} - {escape(r.station)}: '
            f"{r.score:.0%} - {escape(verdict)}</h2><ol>{''.join(rows)}</ol></div>")


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
        for i in range(MAX_QUESTIONS):
            p.put(f"learn_r{i}", gr.Radio([], visible=False, elem_classes=["fc-chips"],
                                          elem_id=f"fc-learn-r{i}"))
            p.put(f"learn_t{i}", gr.Textbox(visible=False, elem_id=f"fc-learn-t{i}"))
        p.put("learn_submit", gr.Button(s("submit", en), variant="primary", visible=False,
                                        elem_id="fc-learn-submit"), _relabel("submit", "value"))
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
                           queue=False)
    p["learn_submit"].click(h.submit, [quiz_state, session_state, *radios, *boxes],
                            [p["learn_results"]], queue=False)
