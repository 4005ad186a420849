"""The "Ask" tab: filters, the answer card (key line first, citations that open the source),
source chips, the question box, feedback; beside them the safety banner and the source panel.

Layout (``ask_tab``) and wiring (``wire_ask``); callbacks are ``ui.ask_handlers.AskHandlers``.
How it fits a screen (1280x800, 1280x657, 800x1280 portrait, 1920x1080) is CSS in
``ui.theme`` ("ask tab" block); the two small scripts below keep the key line and the cited
step in view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from copilot.core.types import KINDS
from ui import ask_render, render
from ui.ask_handlers import AskHandlers
from ui.i18n import kind_name, t

Relabel = Callable[[str], dict[str, Any]]

# The card: a tapped [n] opens source n (through its chip, so the server knows what is open);
# a new answer puts the card's top (the key line) in view, even if the user had scrolled.
CARD_JS = """
let last = null;
element.addEventListener('click', (e) => {
  const a = e.target.closest('a.fc-cite');
  if (!a) return;
  e.preventDefault();
  if (window.fcOpenCitation) window.fcOpenCitation(a.dataset.cite);
});
element.addEventListener('keydown', (e) => {
  if (e.key === ' ' && e.target.matches('a.fc-cite')) { e.preventDefault(); e.target.click(); }
});
watch('value', () => {
  const card = element.querySelector('.fc-card-answer');
  const turn = card ? card.dataset.turn : '';
  if (turn === last) return;
  last = turn;
  const box = element.closest('#fc-chat');
  if (box) box.scrollTop = 0;
  const r = element.getBoundingClientRect();
  if (r.top < 0 || r.top > window.innerHeight - 120) element.scrollIntoView({block: 'start'});
});
"""

# The source panel: keyboard-scrollable region; whenever it changes, it scrolls to the cited
# step / row and flashes it; opened from a citation, the cited step takes the focus.
SOURCE_JS = """
const panel = element.closest('#fc-source') || element;
panel.tabIndex = 0;
panel.setAttribute('role', 'region');
panel.setAttribute('aria-labelledby', 'fc-source-title');
let focusNext = false;
const show = (focus) => {
  const cited = panel.querySelector('.fc-cited');
  if (!cited) return;
  // as little scrolling as shows the whole cited step (more context above it), its top
  // first when it is taller than the panel
  const top = panel.scrollTop + cited.getBoundingClientRect().top
    - panel.getBoundingClientRect().top;
  const bottom = top + cited.getBoundingClientRect().height;
  panel.scrollTop = Math.max(0, Math.min(top - 8, bottom - panel.clientHeight + 12));
  cited.classList.remove('fc-flash'); void cited.offsetWidth; cited.classList.add('fc-flash');
  if (focus) cited.focus({preventScroll: true});
  const r = panel.getBoundingClientRect();
  if (focus && (r.top > window.innerHeight - 160 || r.bottom < 80))
    panel.scrollIntoView({block: 'start'});
};
window.fcOpenCitation = (n) => {
  const label = [...document.querySelectorAll('#fc-chips label')]
    .find((l) => l.textContent.trim().startsWith('[' + n + ']'));
  if (!label) return;
  const input = label.querySelector('input');
  if (input && input.checked) { show(true); return; }
  focusNext = true;
  label.click();
};
watch('value', () => requestAnimationFrame(() => { show(focusNext); focusNext = false; }));
requestAnimationFrame(() => show(false));
"""


def _label(key: str, **extra: str) -> Relabel:
    """Relabel by string key; ``extra`` maps other properties (placeholder, value) to keys."""
    return lambda lang: {"label": t(key, lang), **{k: t(v, lang) for k, v in extra.items()}}


def _value(key: str) -> Relabel:
    return lambda lang: {"value": t(key, lang)}


def kind_choices(lang: str) -> list[tuple[str, str]]:
    """Document-kind filter options in the given language ('' = any)."""
    return [(t("any", lang), "")] + [(kind_name(k, lang), k) for k in KINDS]


def ask_tab(p: Any) -> None:
    """The Ask tab's components, put on the page ``p`` by name."""
    with gr.Row(equal_height=False, elem_id="fc-ask-main"):
        with gr.Column(scale=3, min_width=600, elem_id="fc-ask-col"):
            p.put("empty", gr.HTML(js_on_load=None, elem_id="fc-empty", visible=False))
            _filters(p)
            with gr.Column(elem_id="fc-chat"):
                p.put("answer", gr.HTML(ask_render.card_html(None, "en"), js_on_load=CARD_JS,
                                        elem_id="fc-answer"))
                _history(p)
            p.put("chips", gr.Radio([], label=t("sources", "en"), visible=False,
                                    elem_classes=["fc-chips"], elem_id="fc-chips"))
            _question_row(p)
            _feedback_row(p)
        with gr.Column(scale=2, min_width=400, elem_id="fc-side-col"):
            p.put("notice", gr.HTML(js_on_load=None, elem_id="fc-notice"))
            p.put("source", gr.HTML(render.source_html(None, "en"), elem_id="fc-source",
                                    js_on_load=SOURCE_JS))


def _filters(p: Any) -> None:
    en = "en"
    with gr.Row(elem_id="fc-filters"):
        p.put("station", gr.Dropdown([(t("any", en), "")], value="", label=t("station", en),
                                     allow_custom_value=True, min_width=140,
                                     elem_id="fc-station"), _label("station"))
        p.put("asset", gr.Dropdown([(t("any", en), "")], value="", label=t("asset", en),
                                   allow_custom_value=True, min_width=140,
                                   elem_id="fc-asset"), _label("asset"))
        p.put("kind", gr.Dropdown(kind_choices(en), value="", label=t("kind", en),
                                  min_width=180, elem_id="fc-kind"),
              lambda lang: {"label": t("kind", lang), "choices": kind_choices(lang)})
        p.put("new", gr.Button(t("new_question", en), scale=0, min_width=170,
                               elem_id="fc-new"), _value("new_question"))


def _history(p: Any) -> None:
    """The whole conversation, folded away: the card shows the answer that matters now."""
    en = "en"
    with gr.Accordion(t("ask_tab.history", en), open=False, elem_id="fc-history-box") as box:
        p.put("history_box", box, _label("ask_tab.history"))
        p.put("chat", gr.Chatbot(label=t("chat", en), show_label=False, elem_id="fc-history",
                                 height=360, placeholder=t("chat_empty", en),
                                 feedback_options=None, buttons=[], layout="bubble",
                                 autoscroll=False),
              _label("chat", placeholder="chat_empty"))


def _question_row(p: Any) -> None:
    en = "en"
    with gr.Row(equal_height=True, elem_id="fc-ask-row"):
        p.put("question", gr.Textbox(label=t("question", en), show_label=False, lines=1,
                                     max_lines=3, placeholder=t("question_ph", en), scale=6,
                                     elem_id="fc-question", autofocus=True, container=False),
              _label("question", placeholder="question_ph"))
        p.put("ask", gr.Button(t("ask", en), variant="primary", scale=0, min_width=150,
                               elem_id="fc-ask"), _value("ask"))


def _feedback_row(p: Any) -> None:
    en = "en"
    with gr.Row(equal_height=True, elem_id="fc-feedback", visible=False) as row:
        p.put("feedback_row", row)
        p.put("fb_status", gr.HTML(ask_render.feedback_html("", en), js_on_load=None,
                                   elem_id="fc-fb-status", min_width=200, scale=2))
        p.put("comment", gr.Textbox(label=t("feedback_comment", en), show_label=False, lines=1,
                                    scale=2, min_width=200, placeholder=t("feedback_ph", en),
                                    elem_id="fc-comment", container=False),
              _label("feedback_comment", placeholder="feedback_ph"))
        p.put("up", gr.Button(t("helpful", en), scale=0, min_width=140, elem_id="fc-up"),
              _value("helpful"))
        p.put("down", gr.Button(t("not_helpful", en), scale=0, min_width=140,
                                elem_id="fc-down"), _value("not_helpful"))


def wire_ask(p: Any, h: AskHandlers, state: Any) -> None:
    """The Ask tab's events."""
    ask_out = [p["chat"], p["question"], p["notice"], p["chips"], p["source"],
               p["feedback_row"], p["answer"], state]
    ask_in = [p["question"], p["station"], p["asset"], p["kind"], state]
    fb_out = [p["up"], p["down"], p["fb_status"]]
    # questions run side by side (the generator serialises its own llama.cpp context) and never
    # wait for an ingest or a PFMEA draft: each has its own queue
    gr.on([p["question"].submit, p["ask"].click], h.ask, ask_in, ask_out,
          concurrency_limit=h.copilot.settings.ui_concurrency, concurrency_id="ask",
          ).then(h.feedback_state, [state], fb_out, queue=False, show_progress="hidden")
    p["new"].click(h.new_question, [state], ask_out, queue=False).then(
        h.feedback_state, [state], fb_out, queue=False, show_progress="hidden")
    p["chat"].clear(h.new_question, [state], ask_out, queue=False)
    p["chat"].select(h.select_turn, [state], [p["notice"], p["chips"], p["answer"], state],
                     queue=False, show_progress="hidden").then(
        h.feedback_state, [state], fb_out, queue=False, show_progress="hidden")
    p["chips"].input(h.open_source, [p["chips"], state], [p["source"], state], queue=False,
                     show_progress="hidden")
    p["up"].click(h.feedback_up, [p["comment"], state], [p["comment"]], queue=False).then(
        h.feedback_state, [state], fb_out, queue=False, show_progress="hidden")
    p["down"].click(h.feedback_down, [p["comment"], state], [p["comment"]], queue=False).then(
        h.feedback_state, [state], fb_out, queue=False, show_progress="hidden")
