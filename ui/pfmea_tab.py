"""The "PFMEA" tab: draft rows for a process step, accept / edit / reject them, export the
AIAG-VDA form; upload a workbook, review it and download the review. Every callback goes
through the ``Copilot`` service with the caller's principal.

Rows show as cards (texts wrapping, S/O/D/AP/RPN beside them, the decision as a coloured
state); the row picked in the editor beside them is edited there, and AP/RPN follow S/O/D live.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import gradio as gr

from copilot.core.errors import CopilotError
from copilot.core.types import Citation
from copilot.pfmea.model import RATINGS, TEXT_FIELDS
from copilot.pfmea.report import RATING_LETTERS, review_markdown
from copilot.pfmea.review_export import export_review
from ui.access import Caller, caller_of
from ui.i18n import as_lang
from ui.pfmea_rows import (
    RATING_CHOICES,
    Decision,
    RowsView,
    ap_html,
    as_index,
    as_rating,
    cards_html,
    edited,
    label,
    pick_choices,
    s,
    sources_markdown,
)
from ui.session import Session

if TYPE_CHECKING:
    from copilot.service import Copilot

__all__ = ["PfmeaHandlers", "RowsView", "pfmea_tab", "s", "wire_pfmea"]
SCROLL_TO = ("() => {{ const e = document.querySelector('{css}');"
             " if (e) e.scrollIntoView({{block: 'start', behavior: 'instant'}}); }}")


def _editor(view: RowsView, lang: str) -> list[Any]:
    """Editor inputs for the selected row, then its live AP/RPN."""
    row = view.row(view.selected)
    if row is None:
        return [*(gr.update(value="") for _ in TEXT_FIELDS),
                *(gr.update(value=None) for _ in RATINGS), ""]
    texts = [gr.update(value=row.text(n).value) for n in TEXT_FIELDS]
    ratings = [gr.update(value=str(row.rating(n).value) if row.rating(n).value else None)
               for n in RATINGS]
    return [*texts, *ratings, ap_html(row, lang)]


def _source_link(request: gr.Request | None) -> Callable[[Citation], str]:
    """Evidence links to the API's source route on this server (relative without a request)."""
    host = request.headers.get("host", "") if request is not None else ""
    base = f"http://{host}" if host else ""
    return lambda c: f"{base}/api/source/{c.chunk_id}"


class PfmeaHandlers:
    """Callbacks; errors become ``gr.Error`` with the service's one-line message. Drafting,
    export and review are checked on the server against the caller's role."""

    def __init__(self, copilot: Copilot, who: Caller | None = None) -> None:
        self.copilot = copilot
        self.who = who or caller_of(copilot, None)

    def draft(self, step: str, station: str, session: Session,
              request: gr.Request | None = None) -> list[Any]:
        """Outputs: view, cards, row picker, sources, editor inputs..., live AP."""
        try:
            d = self.copilot.pfmea_draft(step, station or None, self.who(request))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc
        view = RowsView.of(d)
        return [view, cards_html(view, session.lang),
                gr.update(choices=pick_choices(view), value="0" if view.rows else None),
                sources_markdown(view, session.lang), *_editor(view, session.lang)]

    def pick(self, view: RowsView, index: Any, session: Session) -> list[Any]:
        """A row chosen for editing. Outputs: view, cards, editor inputs..., live AP."""
        view.selected = as_index(index)
        return [view, cards_html(view, session.lang), *_editor(view, session.lang)]

    def apply(self, view: RowsView, session: Session, *values: Any,
              decision: Decision | None = None) -> list[Any]:
        """The editor's values into the selected row (AP/RPN follow), with a new decision when
        given; an edit of a proposed or accepted row marks it edited. Outputs: view, cards,
        row picker, live AP."""
        i, row = view.selected, view.row(view.selected)
        if row is None:
            raise gr.Error(s("pick_row", session.lang))
        texts = {n: str(v or "") for n, v in zip(TEXT_FIELDS, values, strict=False)}
        ratings = {n: as_rating(v) for n, v in zip(RATINGS, values[len(TEXT_FIELDS):],
                                                    strict=False)}
        new = edited(row, texts, ratings)
        view.rows[i] = new
        if decision is not None:
            view.decisions[i] = decision
        elif new is not row and view.decisions[i] != "rejected":
            view.decisions[i] = "edited"
        return [view, cards_html(view, session.lang),
                gr.update(choices=pick_choices(view)), ap_html(new, session.lang)]

    def export(self, view: RowsView | None, session: Session,
               request: gr.Request | None = None) -> str:
        """The kept rows, as on screen, in the AIAG-VDA form. Output: the file."""
        if view is None or view.draft is None:
            raise gr.Error(s("need_draft", session.lang))
        rows = view.kept()
        if not rows:
            raise gr.Error(s("none_accepted", session.lang))
        path = Path(tempfile.mkdtemp(prefix="pfmea-")) / "PFMEA_draft.xlsx"
        try:
            return str(self.copilot.pfmea_export(view.draft, path, rows, self.who(request)))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc

    def review(self, upload: Any, session: Session,
               request: gr.Request | None = None) -> tuple[str, list[str]]:
        """Outputs: the report (sources linked), its Markdown and xlsx files."""
        if not upload:
            raise gr.Error(s("need_workbook", session.lang))
        path = Path(str(getattr(upload, "name", upload)))
        try:
            review = self.copilot.pfmea_review(path, path.name, self.who(request))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc
        link = _source_link(request)
        text = review_markdown(review, session.lang, link)
        out = Path(tempfile.mkdtemp(prefix="pfmea-review-"))
        stem = f"{Path(path.name).stem}_review"
        md = out / f"{stem}.md"
        md.write_text(text, encoding="utf-8")
        xlsx = export_review(review, out / f"{stem}.xlsx", link)
        return text, [str(md), str(xlsx)]


def _relabel(key: str, prop: str = "label", **extra: str) -> Any:
    return lambda lang: {prop: s(key, lang), **{k: s(v, lang) for k, v in extra.items()}}


def _editor_panel(p: Any) -> None:
    en = "en"
    with gr.Column(scale=2, min_width=420, elem_id="fc-pf-editor", elem_classes=["fc-card"]):
        p.put("pfmea_pick", gr.Radio([], label=s("pick", en), elem_classes=["fc-chips"],
                                     elem_id="fc-pf-pick"), _relabel("pick"))
        # ratings and the live priority first: what the engineer changes most is on screen
        for name in RATINGS:
            letter = RATING_LETTERS[name]
            p.put(f"pfmea_{letter}", gr.Radio(RATING_CHOICES, label=s(f"rate_{letter}", en),
                                              elem_classes=["fc-chips", "fc-pf-scale"],
                                              elem_id=f"fc-pf-{letter}"),
                  _relabel(f"rate_{letter}"))
        p.put("pfmea_live", gr.HTML(js_on_load=None, elem_id="fc-pf-live"))
        with gr.Row(equal_height=True):
            buttons: tuple[tuple[str, Literal["primary", "secondary", "stop"]], ...] = (
                ("accept", "primary"), ("save", "secondary"), ("reject", "stop"))
            for key, variant in buttons:
                p.put(f"pfmea_{key}", gr.Button(s(f"do_{key}", en), variant=variant,
                                                min_width=110, elem_id=f"fc-pf-{key}"),
                      _relabel(f"do_{key}", "value"))
        for name in TEXT_FIELDS:
            p.put(f"pfmea_{name}", gr.Textbox(label=label(name, en), lines=1, max_lines=4,
                                              elem_id=f"fc-pf-in-{name}"),
                  lambda lang, n=name: {"label": label(n, lang)})


def pfmea_tab(p: Any) -> None:
    """Layout of the tab (components registered on the page for wiring)."""
    en = "en"
    with gr.Tab(s("tab"), id="pfmea") as tab:
        p.put("pfmea_tab", tab, _relabel("tab"))
        p.put("pfmea_denied", gr.HTML(f'<div class="fc-hint-text">{s("denied")}</div>',
                                      visible=False, elem_id="fc-pfmea-denied"),
              lambda lang: {"value": f'<div class="fc-hint-text">{s("denied", lang)}</div>'})
        with gr.Column(elem_id="fc-pfmea-body") as body:
            p.put("pfmea_body", body)
            with gr.Row(equal_height=True):
                p.put("pfmea_step", gr.Textbox(label=s("step"), placeholder=s("step_ph"), scale=4,
                                               elem_id="fc-pf-step"),
                      _relabel("step", placeholder="step_ph"))
                p.put("pfmea_station", gr.Textbox(label=s("station"), scale=1, max_lines=1,
                                                  elem_id="fc-pf-station"), _relabel("station"))
                p.put("pfmea_draft", gr.Button(s("draft"), variant="primary", scale=1,
                                               elem_id="fc-pf-draft"), _relabel("draft", "value"))
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=480):
                    p.put("pfmea_rows", gr.HTML(cards_html(RowsView(), en), js_on_load=None,
                                                elem_id="fc-pf-rows"))
                _editor_panel(p)
            with gr.Accordion(s("sources"), open=False) as acc:
                p.put("pfmea_sources_acc", acc, _relabel("sources"))
                p.put("pfmea_sources", gr.Markdown(elem_id="fc-pf-sources"))
            with gr.Row(equal_height=False, elem_classes=["fc-pf-files"]):
                p.put("pfmea_export", gr.Button(s("export"), elem_id="fc-pf-export"),
                      _relabel("export", "value"))
                p.put("pfmea_file", gr.File(label="xlsx", interactive=False, height=110,
                                            elem_id="fc-pf-file"))
            with gr.Row(equal_height=False, elem_classes=["fc-pf-files"]):
                p.put("pfmea_upload", gr.File(label=s("workbook"), file_types=[
                    ".xlsx", ".xls", ".csv"], height=110, elem_id="fc-pf-upload"), _relabel("workbook"))
                p.put("pfmea_review", gr.Button(s("review"), elem_id="fc-pf-review"),
                      _relabel("review", "value"))
            p.put("pfmea_report_files", gr.File(label=s("report_files"), interactive=False,
                                                file_count="multiple", height=200,
                                                elem_id="fc-pf-report-files"),
                  _relabel("report_files"))
            p.put("pfmea_report", gr.Markdown(elem_id="fc-pf-report"))


def wire_pfmea(p: Any, copilot: Copilot, who: Caller | None = None,
               session_state: Any = None) -> None:
    """Events of the tab; the rows on screen live in their own ``gr.State``."""
    h = PfmeaHandlers(copilot, who)
    view = gr.State(RowsView())
    session = session_state if session_state is not None else gr.State(Session())
    editor = [p[f"pfmea_{n}"] for n in TEXT_FIELDS] + [
        p[f"pfmea_{RATING_LETTERS[n]}"] for n in RATINGS]
    live = [*editor, p["pfmea_live"]]
    gr.on([p["pfmea_draft"].click, p["pfmea_step"].submit], h.draft,
          [p["pfmea_step"], p["pfmea_station"], session],
          [view, p["pfmea_rows"], p["pfmea_pick"], p["pfmea_sources"], *live],
          concurrency_limit=max(1, copilot.settings.ui_concurrency // 2), concurrency_id="pfmea")
    p["pfmea_pick"].input(h.pick, [view, p["pfmea_pick"], session],
                          [view, p["pfmea_rows"], *live], queue=False, show_progress="hidden")
    applied = [view, p["pfmea_rows"], p["pfmea_pick"], p["pfmea_live"]]
    # S/O/D taps recompute AP and RPN at once; texts are taken with them or on Save
    gr.on([p[f"pfmea_{RATING_LETTERS[n]}"].input for n in RATINGS], h.apply,
          [view, session, *editor], applied, queue=False, show_progress="hidden")
    decisions: tuple[tuple[str, Decision | None], ...] = (
        ("accept", "accepted"), ("save", None), ("reject", "rejected"))
    for key, decision in decisions:
        p[f"pfmea_{key}"].click(_decide(h, decision), [view, session, *editor], applied,
                                queue=False, show_progress="hidden")
    p["pfmea_export"].click(h.export, [view, session], [p["pfmea_file"]])
    p["pfmea_review"].click(h.review, [p["pfmea_upload"], session],
                            [p["pfmea_report"], p["pfmea_report_files"]],
                            concurrency_limit=1, concurrency_id="ingest").success(
        None, js=SCROLL_TO.format(css="#fc-pf-report-files"))
    # the page's own language handler re-words labels; the cards are this tab's to re-render
    p["lang"].change(lambda v, choice: cards_html(v, as_lang(choice)), [view, p["lang"]],
                     [p["pfmea_rows"]], queue=False, show_progress="hidden")


def _decide(h: PfmeaHandlers, decision: Decision | None) -> Any:
    """The callback of an Accept / Save / Reject button."""
    def decide(view: RowsView, session: Session, *values: Any) -> list[Any]:
        return h.apply(view, session, *values, decision=decision)
    return decide
