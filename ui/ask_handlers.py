"""Callbacks of the Ask tab: each calls the Copilot service and hands the result to the
renderers (``ui.render`` for the conversation and the source, ``ui.ask_render`` for the card).

Outputs are tuples in the order ``ui.ask_tab`` wires them (named in each docstring).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from copilot.answering.request import Ask, where_of
from copilot.core.errors import CopilotError, QueryError
from copilot.serialize import answer_to_json
from ui import ask_render, render
from ui.access import Caller, caller_of
from ui.context import SourceContext
from ui.i18n import t
from ui.session import Session, Turn

if TYPE_CHECKING:
    from copilot.service import Copilot

Update = dict[str, Any]
ASK_OUTPUTS = 8  # chat, question, notice, chips, source, feedback row, answer card, state


class AskHandlers:
    """Callbacks of the Ask page; each names its caller from the request (``who``)."""

    def __init__(self, copilot: Copilot, who: Caller | None = None) -> None:
        self.copilot = copilot
        self.who = who or caller_of(copilot, None)

    def ask(self, question: str, station: str | None, asset: str | None, kind: str | None,
            session: Session, request: gr.Request | None = None
            ) -> Iterator[tuple[Any, ...]]:
        """Stream one answer; when it is done, open its first source. Outputs: chat, question,
        notice, chips, source, feedback row, answer card, state."""
        question = (question or "").strip()
        if not question:
            yield tuple(gr.skip() for _ in range(ASK_OUTPUTS))
            return
        history = self.copilot.limits.latest_history(session.history())
        turn = Turn(question)
        session.turns.append(turn)
        session.selected, session.chunk_id = -1, ""
        yield self._outputs(session, source=render.source_html(None, session.lang))
        try:
            where = where_of(station=station, asset=asset, kind=kind)
            events = self.copilot.ask_stream(Ask(question, tuple(history), where),
                                             self.who(request))
            for event in events:
                if event.answer is not None:
                    turn.answer = event.answer
                else:
                    turn.partial += event.text
                    yield (render.chat_messages(session), *(gr.skip() for _ in range(5)),
                           self.card(session), gr.skip())
        except CopilotError as exc:
            turn.error = str(exc)
        yield self._outputs(session, source=self._finish(turn, session, request))

    def _finish(self, turn: Turn, session: Session, request: gr.Request | None) -> Any:
        """Collect the cited instructions' safety notes and open the first source."""
        ans = turn.answer
        if ans is None or not ans.citations:
            return None
        contexts: dict[str, SourceContext] = {}
        for c in ans.citations:
            if c.kind == "work_instruction" and c.source not in contexts and (
                    ctx := self._context(c.chunk_id, request)):
                contexts[c.source] = ctx
        turn.notes = ask_render.notes_of(ans, contexts.values())
        session.chunk_id = ans.citations[0].chunk_id
        return self.source_panel(session, request)

    def _context(self, chunk_id: str, request: gr.Request | None) -> SourceContext | None:
        try:
            return self.copilot.source(chunk_id, self.who(request))
        except CopilotError:
            return None  # the banner still lists the answer's own safety lines

    def _outputs(self, session: Session, source: Any = None) -> tuple[Any, ...]:
        turn = session.current()
        answer = turn.answer if turn else None
        return (render.chat_messages(session), "", self.notice(session),
                self.chips(session), gr.skip() if source is None else source,
                gr.update(visible=answer is not None), self.card(session), session)

    @staticmethod
    def card(session: Session) -> str:
        """The answer card for the selected (else the latest) turn."""
        turn = session.current()
        number = session.turns.index(turn) + 1 if turn is not None else 0
        return ask_render.card_html(turn, session.lang, number)

    @staticmethod
    def notice(session: Session) -> str:
        """Banners for the selected turn: every safety note, then not-found / computed."""
        return ask_render.notice_html(session.current(), session.lang)

    @staticmethod
    def chips(session: Session) -> Update:
        """Source chips for the selected turn (hidden when it has none)."""
        turn = session.current()
        answer = turn.answer if turn else None
        choices = render.citation_choices(answer)
        value = session.chunk_id if session.chunk_id in {c for _, c in choices} else None
        label = render.sources_label(answer, session.lang)
        if turn is not None and turn is not session.turns[-1]:  # an earlier answer was tapped
            label = f"{t('sources_of', session.lang)} “{render.clip(turn.question, 50)}” — {label}"
        return gr.update(choices=choices, value=value, visible=bool(choices), label=label)

    def select_turn(self, session: Session, evt: gr.SelectData) -> tuple[Any, ...]:
        """Tapping an earlier answer shows it in the card with its sources. Outputs: notice,
        chips, answer card, state."""
        # evt.index is the message's position; user and assistant messages alternate.
        raw = evt.index[0] if isinstance(evt.index, list | tuple) and evt.index else evt.index
        index = raw if isinstance(raw, int) else -1
        if 0 <= index // 2 < len(session.turns):
            session.selected = index // 2
        return self.notice(session), self.chips(session), self.card(session), session

    def open_source(self, chunk_id: str | None, session: Session,
                    request: gr.Request | None = None) -> tuple[str, Session]:
        """Show a tapped source in context. Outputs: source panel, state."""
        if not chunk_id:
            return render.source_html(None, session.lang), session
        session.chunk_id = chunk_id
        return self.source_panel(session, request), session

    def source_panel(self, session: Session, request: gr.Request | None = None) -> str:
        """The source panel for whatever is open (used after a language switch)."""
        if not session.chunk_id:
            return render.source_html(None, session.lang)
        page = None
        try:  # read through the caller's labels: an unreadable chunk is "not in the index"
            ctx = self.copilot.source(session.chunk_id, self.who(request))
            if ctx.chunk.locator.page is not None and ctx.chunk.source.lower().endswith(".pdf"):
                page = self.copilot.source_page(session.chunk_id, self.who(request))
        except QueryError:
            ctx = None
        except CopilotError as exc:
            return render.message_html(str(exc), "danger")
        return render.source_html(ctx, session.lang, requested=True, page=page)

    def restore(self, session: Session, request: gr.Request | None = None
                ) -> tuple[Any, ...]:
        """At page load: the user's own earlier questions with their answers' summaries (kept
        per account). Outputs: chat, state."""
        if session.turns:
            return gr.skip(), session
        try:
            past = self.copilot.history(self.who(request))
        except CopilotError:
            return gr.skip(), session  # not logged in: the page says so elsewhere
        session.turns = [Turn(h["question"], partial=render.md_escape(h["answer"]))
                         for h in past]
        return render.chat_messages(session), session

    def new_question(self, session: Session) -> tuple[Any, ...]:
        """Forget the conversation. Outputs: as for ``ask``."""
        session.clear()
        return ([], "", "", gr.update(choices=[], value=None, visible=False),
                render.source_html(None, session.lang), gr.update(visible=False),
                self.card(session), session)

    def feedback_up(self, comment: str, session: Session,
                    request: gr.Request | None = None) -> str:
        """Thumbs up for the selected answer. Output: the comment box (cleared when saved)."""
        return self._feedback("up", comment, session, request)

    def feedback_down(self, comment: str, session: Session,
                      request: gr.Request | None = None) -> str:
        """Thumbs down for the selected answer. Output: the comment box (cleared when saved)."""
        return self._feedback("down", comment, session, request)

    def _feedback(self, verdict: str, comment: str, session: Session,
                  request: gr.Request | None) -> str:
        """One verdict per answer: the same one again is not logged twice; the other one is
        logged as replacing the first."""
        turn = session.current()
        if turn is None or turn.answer is None:
            gr.Warning(t("feedback_none", session.lang))
            return comment
        comment = (comment or "").strip()
        if verdict == turn.verdict and not comment:
            return ""
        change = {"replaces": turn.verdict} if turn.verdict else {}
        try:
            self.copilot.record_feedback(turn.question, answer_to_json(turn.answer), verdict,
                                         comment, principal=self.who(request), **change)
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc
        turn.verdict = verdict
        gr.Info(t("feedback_saved", session.lang))
        return ""

    @staticmethod
    def feedback_state(session: Session) -> tuple[Any, ...]:
        """The feedback row's look: the saved verdict's button highlighted, and a line saying
        what is saved. Outputs: helpful button, wrong button, status line."""
        turn = session.current()
        verdict = turn.verdict if turn else ""
        return (gr.update(variant="primary" if verdict == "up" else "secondary"),
                gr.update(variant="stop" if verdict == "down" else "secondary"),
                ask_render.feedback_html(verdict, session.lang))
