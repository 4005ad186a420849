"""The "Documents" tab: add files or a folder, see every indexed document with its status
and column mapping, remove one after a confirmation. Layout (``documents_tab``) and wiring
(``wire_docs``); the callbacks are ``ui.handlers.DocumentHandlers``.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui import render
from ui.handlers import DocumentHandlers
from ui.i18n import t


def _hint(key: str, lang: str) -> str:
    return f'<div class="fc-hint-text">{t(key, lang)}</div>'


def _label(key: str, **extra: str) -> Any:
    """Relabel by string key; ``extra`` maps other properties (placeholder) to keys."""
    return lambda lang: {"label": t(key, lang), **{k: t(v, lang) for k, v in extra.items()}}


def _value(key: str) -> Any:
    return lambda lang: {"value": t(key, lang)}


def _add_cards(p: Any) -> None:
    en = "en"
    with gr.Row(equal_height=True):
        with gr.Column(scale=1, elem_classes=["fc-card"], elem_id="fc-upload-card") as card:
            p.put("upload_card", card)
            p.put("upload_hint", gr.HTML(_hint("upload_hint", en), js_on_load=None),
                  lambda lang: {"value": _hint("upload_hint", lang)})
            # Ingests as soon as files are chosen (one tap), with the button's text translated.
            p.put("files", gr.UploadButton(t("upload", en), file_count="multiple",
                                           type="filepath", variant="primary",
                                           elem_id="fc-files"), _label("upload"))
        with gr.Column(scale=1, elem_classes=["fc-card"], elem_id="fc-folder-card") as card:
            p.put("folder_card", card)
            p.put("folder", gr.Textbox(label=t("folder", en), placeholder=t("folder_ph", en),
                                       elem_id="fc-folder"), _label("folder"))
            p.put("ingest_folder", gr.Button(t("ingest_folder", en), elem_id="fc-ingest-folder"),
                  _value("ingest_folder"))


def documents_tab(p: Any) -> None:
    """The tab's components, registered on the page (``ui.app.Page``) by name."""
    en = "en"
    _add_cards(p)
    p.put("report", gr.HTML(js_on_load=None, elem_id="fc-report"))
    # the table scrolls inside its own box (``render.documents_html``): it never runs over the
    # remove controls below it, whatever the screen
    p.put("docs", gr.HTML(render.documents_html([], en), elem_id="fc-docs-table",
                          js_on_load=None))
    with gr.Row(equal_height=True, elem_id="fc-remove-row") as remove_row:
        p.put("remove_row", remove_row)
        p.put("remove_pick", gr.Dropdown([], label=t("remove_pick", en), scale=4,
                                         elem_id="fc-remove-pick"), _label("remove_pick"))
        p.put("remove", gr.Button(t("remove", en), variant="stop", scale=1, min_width=120,
                                  elem_id="fc-remove"), _value("remove"))
    with gr.Row(visible=False, equal_height=True) as confirm_row:
        p.put("confirm_row", confirm_row)
        p.put("confirm_text", gr.HTML(js_on_load=None))
        p.put("remove_reason", gr.Textbox(label=t("remove_reason", en), lines=1, scale=3,
                                          placeholder=t("remove_reason_ph", en),
                                          elem_id="fc-remove-reason"),
              _label("remove_reason", placeholder="remove_reason_ph"))
        p.put("confirm", gr.Button(t("remove_confirm", en), variant="stop", min_width=160,
                                   elem_id="fc-confirm"), _value("remove_confirm"))
        p.put("cancel", gr.Button(t("cancel", en), min_width=120), _value("cancel"))


def wire_docs(p: Any, h: DocumentHandlers, state: Any) -> None:
    """Events of the tab; ``state`` is the page's Session (for the language)."""
    refresh_out = [p["docs"], p["remove_pick"], p["station"], p["asset"], p["empty"]]
    p["docs_tab"].select(h.refresh, [state], refresh_out, queue=False, show_progress="hidden")
    p["files"].upload(h.ingest_uploads, [p["files"], state],
                      [p["report"], p["files"], *refresh_out],
                      concurrency_limit=1, concurrency_id="ingest")
    gr.on([p["ingest_folder"].click, p["folder"].submit], h.ingest_folder, [p["folder"], state],
          [p["report"], p["folder"], *refresh_out], concurrency_limit=1, concurrency_id="ingest",
          api_name="ingest_folder")
    p["remove"].click(h.ask_remove, [p["remove_pick"], state],
                      [p["confirm_row"], p["confirm_text"]], queue=False)
    p["confirm"].click(h.remove, [p["remove_pick"], p["remove_reason"], state],
                       [p["confirm_row"], p["report"], *refresh_out], concurrency_id="ingest",
                       api_name="remove_document")
    p["cancel"].click(lambda: gr.update(visible=False), None, [p["confirm_row"]], queue=False)
