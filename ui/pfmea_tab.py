"""The "PFMEA" tab: draft rows for a process step, accept / edit / reject them, export the
AIAG-VDA form; upload a workbook and review it. Every callback goes through ``Copilot.pfmea``.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from copilot.core.errors import CopilotError
from copilot.core.messages import message
from copilot.pfmea.model import Draft, DraftField, DraftRow, Rating
from copilot.pfmea.report import review_markdown
from ui.access import Caller, caller_of

if TYPE_CHECKING:
    from copilot.service import Copilot

COLUMNS = ["Decision", "Basis", "Failure mode", "Effect", "Cause", "Prevention",
           "Detection control", "S", "O", "D", "AP"]
_TEXT = {"Failure mode": "failure_mode", "Effect": "effect", "Cause": "cause",
         "Prevention": "prevention_control", "Detection control": "detection_control"}
_RATING = {"S": "severity", "O": "occurrence", "D": "detection"}


def s(key: str, lang: str = "en") -> str:
    """This tab's strings: ``[ui.pfmea]`` in the message catalogue."""
    return message(f"ui.pfmea.{key}", lang)


def grid(draft: Draft) -> list[list[Any]]:
    """One grid line per proposed row; Decision starts as 'accept'."""
    return [["accept", r.basis, *(r.text(f).value for f in _TEXT.values()),
             *(r.rating(f).value for f in _RATING.values()), r.ap] for r in draft.rows]


def sources_markdown(draft: Draft) -> str:
    """Per row: each field's sources and each rating's justification."""
    lines = []
    for i, row in enumerate(draft.rows, start=1):
        lines.append(f"**{i}. {row.failure_mode.value}** ({row.basis})")
        for label, name in _TEXT.items():
            f = row.text(name)
            if f.sources:
                lines.append(f"- {label}: " + "; ".join(c.locator for c in f.sources))
        lines += [f"- {row.rating(n).justification}" for n in _RATING.values()]
    return "\n".join(lines)


def apply_edits(draft: Draft, table: list[list[Any]]) -> tuple[DraftRow, ...]:
    """Accepted rows with the grid's edits; an edited value keeps its sources, noted as edited."""
    kept = []
    for row, line in zip(draft.rows, table, strict=False):
        cells = dict(zip(COLUMNS, line, strict=False))
        if str(cells.get("Decision", "")).strip().lower() not in ("accept", "edit", "accepted"):
            continue
        changes: dict[str, Any] = {}
        for label, name in _TEXT.items():
            old, new = row.text(name), str(cells.get(label) or "").strip()
            if new != old.value:
                changes[name] = DraftField(new, old.sources, "edited by the engineer")
        for label, name in _RATING.items():
            value = _int(cells.get(label))
            if value != row.rating(name).value:
                changes[name] = Rating(value, f"{label} {value} set by the engineer")
        kept.append(replace(row, **changes))
    return tuple(kept)


def _int(value: Any) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class PfmeaHandlers:
    """Callbacks; errors become ``gr.Error`` with the service's one-line message. Drafting,
    export and review are checked on the server against the caller's role."""

    def __init__(self, copilot: Copilot, who: Caller | None = None) -> None:
        self.copilot = copilot
        self.who = who or caller_of(copilot, None)

    def draft(self, step: str, station: str,
              request: gr.Request | None = None) -> tuple[Any, str, Draft]:
        try:
            d = self.copilot.pfmea_draft(step, station or None, self.who(request))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc
        return grid(d), sources_markdown(d), d

    def export(self, table: Any, draft: Draft | None, request: gr.Request | None = None) -> str:
        if draft is None:
            raise gr.Error(s("need_draft"))
        rows = apply_edits(draft, _lines(table))
        if not rows:
            raise gr.Error(s("none_accepted"))
        path = Path(tempfile.mkdtemp(prefix="pfmea-")) / "PFMEA_draft.xlsx"
        try:
            return str(self.copilot.pfmea_export(draft, path, rows, self.who(request)))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc

    def review(self, upload: Any, request: gr.Request | None = None) -> str:
        if not upload:
            raise gr.Error(s("need_workbook"))
        path = Path(str(getattr(upload, "name", upload)))
        try:
            return review_markdown(self.copilot.pfmea_review(path, path.name, self.who(request)))
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc


def _lines(table: Any) -> list[list[Any]]:
    if hasattr(table, "values") and hasattr(table, "columns"):  # a pandas DataFrame
        return [list(r) for r in table.values.tolist()]
    return [list(r) for r in (table or [])]


def pfmea_tab(p: Any) -> None:
    """Layout of the tab (components registered on the page for wiring)."""
    with gr.Tab(s("tab"), id="pfmea") as tab:
        p.put("pfmea_tab", tab, lambda lang: {"label": s("tab", lang)})
        p.put("pfmea_denied", gr.HTML(f'<div class="fc-hint-text">{s("denied")}</div>',
                                      visible=False, elem_id="fc-pfmea-denied"),
              lambda lang: {"value": f'<div class="fc-hint-text">{s("denied", lang)}</div>'})
        with gr.Column(elem_id="fc-pfmea-body") as body:
            p.put("pfmea_body", body)
            with gr.Row():
                p.put("pfmea_step", gr.Textbox(label=s("step"), placeholder=s("step_ph"), scale=4),
                      lambda lang: {"label": s("step", lang), "placeholder": s("step_ph", lang)})
                p.put("pfmea_station", gr.Textbox(label=s("station"), scale=1, max_lines=1),
                      lambda lang: {"label": s("station", lang)})
                p.put("pfmea_draft", gr.Button(s("draft"), variant="primary", scale=1),
                      lambda lang: {"value": s("draft", lang)})
            p.put("pfmea_grid", gr.Dataframe(headers=COLUMNS, label=s("rows"), interactive=True,
                                             wrap=True), lambda lang: {"label": s("rows", lang)})
            with gr.Accordion(s("sources"), open=False):
                p.put("pfmea_sources", gr.Markdown())
            with gr.Row():
                p.put("pfmea_export", gr.Button(s("export")),
                      lambda lang: {"value": s("export", lang)})
                p.put("pfmea_file", gr.File(label="xlsx", interactive=False))
            with gr.Row():
                p.put("pfmea_upload", gr.File(label=s("workbook"), file_types=[".xlsx", ".xls",
                                                                              ".csv"]),
                      lambda lang: {"label": s("workbook", lang)})
                p.put("pfmea_review", gr.Button(s("review")),
                      lambda lang: {"value": s("review", lang)})
            p.put("pfmea_report", gr.Markdown())


def wire_pfmea(p: Any, copilot: Copilot, who: Caller | None = None) -> None:
    """Events of the tab; the proposed draft lives in its own ``gr.State``."""
    h = PfmeaHandlers(copilot, who)
    draft_state = gr.State(None)
    gr.on([p["pfmea_draft"].click, p["pfmea_step"].submit], h.draft,
          [p["pfmea_step"], p["pfmea_station"]],
          [p["pfmea_grid"], p["pfmea_sources"], draft_state],
          concurrency_limit=max(1, copilot.settings.ui_concurrency // 2), concurrency_id="pfmea")
    p["pfmea_export"].click(h.export, [p["pfmea_grid"], draft_state], [p["pfmea_file"]])
    p["pfmea_review"].click(h.review, [p["pfmea_upload"]], [p["pfmea_report"]],
                            concurrency_limit=1, concurrency_id="ingest")
