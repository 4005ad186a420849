"""The floor-terminal UI: a Gradio Blocks app over the Copilot service, mounted at "/".

``mount_ui(app, copilot)`` puts the UI on the FastAPI app that already serves ``/api/*``.
Layout lives here; what each event does lives in ``ui.handlers``; HTML in ``ui.render``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import gradio as gr

from copilot.core.access import Action
from copilot.core.errors import CopilotError
from copilot.core.types import KINDS
from ui import render
from ui.access import Caller, caller_of, shown, user_html
from ui.docs_tab import documents_tab, wire_docs
from ui.handlers import AskHandlers, DocumentHandlers
from ui.i18n import LANGS, as_lang, kind_name, language_name, t
from ui.learn_tab import learn_tab, wire_learn
from ui.pfmea_tab import pfmea_tab, wire_pfmea
from ui.session import Session
from ui.theme import CSS, floor_theme

if TYPE_CHECKING:
    from fastapi import FastAPI

    from copilot.service import Copilot
    from copilot.webauth import WebAuth

Relabel = Callable[[str], dict[str, Any]]


@dataclass
class Texts:
    """Components whose wording follows the language toggle, with how to re-word each."""

    items: list[tuple[Any, Relabel]] = field(default_factory=list)

    def add(self, component: Any, relabel: Relabel) -> Any:
        self.items.append((component, relabel))
        return component

    def components(self) -> list[Any]:
        return [c for c, _ in self.items]


def _label(key: str, **extra: str) -> Relabel:
    """Relabel by string key; ``extra`` maps other properties (placeholder, value) to keys."""
    return lambda lang: {"label": t(key, lang), **{k: t(v, lang) for k, v in extra.items()}}


def _value(key: str) -> Relabel:
    return lambda lang: {"value": t(key, lang)}


def kind_choices(lang: str) -> list[tuple[str, str]]:
    """Document-kind filter options in the given language ('' = any)."""
    return [(t("any", lang), "")] + [(kind_name(k, lang), k) for k in KINDS]


def header_html(lang: str) -> str:
    """Title line of the page."""
    return (f'<div id="fc-header"><h1>{t("title", lang)}</h1>'
            f'<span class="fc-sub">{t("subtitle", lang)}</span></div>')


@dataclass
class Page:
    """Every component an event reads or writes."""

    texts: Texts
    components: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.components[name]

    def put(self, name: str, component: Any, relabel: Relabel | None = None) -> Any:
        self.components[name] = component
        if relabel is not None:
            self.texts.add(component, relabel)
        return component


def _ask_tab(p: Page) -> None:
    en = "en"
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=640, elem_id="fc-ask-col"):
            p.put("empty", gr.HTML(js_on_load=None, elem_id="fc-empty", visible=False))
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
            p.put("chat", gr.Chatbot(label=t("chat", en), show_label=False, elem_id="fc-chat",
                                     height="100%", min_height=200,
                                     placeholder=t("chat_empty", en), feedback_options=None,
                                     buttons=[], layout="bubble", autoscroll=True),
                  _label("chat", placeholder="chat_empty"))
            p.put("chips", gr.Radio([], label=t("sources", en), visible=False,
                                    elem_classes=["fc-chips"], elem_id="fc-chips"))
            with gr.Row(equal_height=True, elem_id="fc-ask-row"):
                p.put("question", gr.Textbox(label=t("question", en), show_label=False, lines=1,
                                             max_lines=3, placeholder=t("question_ph", en),
                                             scale=6, elem_id="fc-question", autofocus=True,
                                             container=False),
                      _label("question", placeholder="question_ph"))
                p.put("ask", gr.Button(t("ask", en), variant="primary", scale=0, min_width=150,
                                       elem_id="fc-ask"), _value("ask"))
            _feedback_row(p)
        with gr.Column(scale=2, min_width=420, elem_id="fc-side-col"):
            p.put("notice", gr.HTML(js_on_load=None, elem_id="fc-notice"))
            p.put("source", gr.HTML(render.source_html(None, en), elem_id="fc-source",
                                    js_on_load=None))


def _feedback_row(p: Page) -> None:
    en = "en"
    with gr.Row(equal_height=True, elem_id="fc-feedback", visible=False) as row:
        p.put("feedback_row", row)
        p.put("comment", gr.Textbox(label=t("feedback_comment", en), show_label=False, lines=1,
                                    scale=4, placeholder=t("feedback_ph", en),
                                    elem_id="fc-comment", container=False),
              _label("feedback_comment", placeholder="feedback_ph"))
        p.put("up", gr.Button(t("helpful", en), scale=0, min_width=150, elem_id="fc-up"),
              _value("helpful"))
        p.put("down", gr.Button(t("not_helpful", en), scale=0, min_width=150, elem_id="fc-down"),
              _value("not_helpful"))


def _layout(p: Page) -> None:
    with gr.Row(equal_height=True, elem_id="fc-top"):
        p.put("header", gr.HTML(header_html("en"), js_on_load=None, scale=4),
              lambda lang: {"value": header_html(lang)})
        p.put("user", gr.HTML("", js_on_load=None, scale=0, min_width=220, visible=False,
                              elem_id="fc-user-box"))
        p.put("lang", gr.Radio([language_name(x) for x in LANGS], value=language_name("en"),
                               label=t("language", "en"), show_label=False, container=False,
                               elem_id="fc-lang", elem_classes=["fc-chips"], scale=0,
                               min_width=260), _label("language"))
    with gr.Tabs():
        with gr.Tab(t("tab_ask", "en"), id="ask") as ask_tab:
            p.put("ask_tab", ask_tab, lambda lang: {"label": t("tab_ask", lang)})
            _ask_tab(p)
        with gr.Tab(t("tab_docs", "en"), id="docs") as docs_tab:
            p.put("docs_tab", docs_tab, lambda lang: {"label": t("tab_docs", lang)})
            documents_tab(p)
        learn_tab(p)
        pfmea_tab(p)


def _wire_ask(p: Page, h: AskHandlers, state: Any) -> None:
    ask_out = [p["chat"], p["question"], p["notice"], p["chips"], p["source"],
               p["feedback_row"], state]
    ask_in = [p["question"], p["station"], p["asset"], p["kind"], state]
    # questions run side by side (the generator serialises its own llama.cpp context) and never
    # wait for an ingest or a PFMEA draft: each has its own queue
    gr.on([p["question"].submit, p["ask"].click], h.ask, ask_in, ask_out,
          concurrency_limit=h.copilot.settings.ui_concurrency, concurrency_id="ask")
    p["new"].click(h.new_question, [state], ask_out, queue=False)
    p["chat"].clear(h.new_question, [state], ask_out, queue=False)
    p["chat"].select(h.select_turn, [state], [p["notice"], p["chips"], state], queue=False,
                     show_progress="hidden")
    p["chips"].input(h.open_source, [p["chips"], state], [p["source"], state], queue=False,
                     show_progress="hidden")
    p["up"].click(h.feedback_up, [p["comment"], state], [p["comment"]], queue=False)
    p["down"].click(h.feedback_down, [p["comment"], state], [p["comment"]], queue=False)


def _merge(outputs: list[Any], parts: list[tuple[Any, Any]]) -> list[Any]:
    """One update per output component, merging label changes with new values."""
    merged: dict[int, dict[str, Any]] = {id(c): {} for c in outputs}
    for component, value in parts:
        extra = value if isinstance(value, dict) else {"value": value}
        merged[id(component)].update({k: v for k, v in extra.items() if k != "__type__"})
    return [gr.update(**merged[id(c)]) if id(c) in merged else gr.skip() for c in outputs]


def _wire_language(p: Page, ask: AskHandlers, docs: DocumentHandlers, state: Any,
                   demo: gr.Blocks) -> None:
    dynamic = [p["chat"], p["notice"], p["chips"], p["source"], p["user"]]
    refresh_out = [p["docs"], p["remove_pick"], p["station"], p["asset"], p["empty"]]
    outputs = list({id(c): c for c in [*p.texts.components(), *dynamic, *refresh_out]}.values())

    def _user_box(session: Session, request: gr.Request | None) -> str:
        try:
            return user_html(ask.who(request), session.lang, ask.copilot.auth.required())
        except CopilotError:
            return ""

    def switch(choice: str, session: Session, request: gr.Request | None = None) -> list[Any]:
        """Re-word every component and re-render what shows session content."""
        if as_lang(choice) != session.lang:
            with contextlib.suppress(CopilotError):  # a preference, not worth an error
                ask.copilot.remember_language(ask.who(request), as_lang(choice))
        session.lang = as_lang(choice)
        turn = session.current()
        answer = turn.answer if turn else None
        values: list[Any] = [render.chat_messages(session),
                             render.notice_html(answer, session.lang), ask.chips(session),
                             ask.source_panel(session, request), _user_box(session, request)]
        parts: list[tuple[Any, Any]] = [(c, r(session.lang)) for c, r in p.texts.items]
        parts += list(zip(dynamic, values, strict=True))
        parts += [(c, v) for c, v in zip(refresh_out, docs.refresh(session, request),
                                         strict=True) if v != gr.skip()]
        return [*_merge(outputs, parts), session]

    p["lang"].change(switch, [p["lang"], state], [*outputs, state], queue=False,
                     show_progress="hidden")
    demo.load(docs.refresh, [state], refresh_out, queue=False, show_progress="hidden")


def _wire_access(p: Page, copilot: Copilot, who: Caller, state: Any, demo: gr.Blocks) -> None:
    """On load: the caller's name and log-out link; what their role may not use is hidden
    (and refused on the server all the same)."""
    # (a Tab's own visibility hides its panel but not its button in Gradio 6: the PFMEA tab
    # stays and says who may use it)
    outputs = [p["user"], p["upload_card"], p["folder_card"], p["remove_row"],
               p["pfmea_body"], p["pfmea_denied"], p["learn_trainee"], p["lang"]]

    def permissions(session: Session, request: gr.Request | None = None) -> list[Any]:
        principal = who(request)
        trainer = principal.may(Action.VIEW_TRAINING)
        lang = copilot.language_of(principal)
        user = user_html(principal, session.lang, copilot.auth.required())
        return [gr.update(value=user, visible=bool(user)),
                gr.update(**shown(principal, Action.UPLOAD)),
                gr.update(**shown(principal, Action.UPLOAD)),
                gr.update(**shown(principal, Action.REMOVE)),
                gr.update(**shown(principal, Action.PFMEA_DRAFT)),
                gr.update(visible=not principal.may(Action.PFMEA_DRAFT)),
                gr.update(interactive=trainer, value=None if trainer else principal.user),
                # the user's language from last time (its change event re-words the page)
                gr.update(value=language_name(as_lang(lang))) if lang else gr.skip()]

    demo.load(permissions, [state], outputs, queue=False, show_progress="hidden")


def build_ui(copilot: Copilot, web: WebAuth | None = None) -> gr.Blocks:
    """The whole page (Ask + Documents tabs); events call only the Copilot service, each with
    the principal its request carries (``web``; without it, the local operator when no login
    is required)."""
    who = caller_of(copilot, web)
    ask, docs = AskHandlers(copilot, who), DocumentHandlers(copilot, who)
    with gr.Blocks(title="Floor Copilot", analytics_enabled=False) as demo:
        state = gr.State(Session())
        page = Page(Texts())
        _layout(page)
        _wire_ask(page, ask, state)
        wire_docs(page, docs, state)
        wire_learn(page, copilot, state, who)
        wire_pfmea(page, copilot, who, state)
        _wire_language(page, ask, docs, state, demo)
        _wire_access(page, copilot, who, state, demo)
        demo.load(ask.restore, [state], [page["chat"], state], queue=False,
                  show_progress="hidden")  # the user's own conversation from last time
    blocks: gr.Blocks = demo
    return blocks


def _gradio_user(request: Any) -> str | None:
    """Gradio's own check on its routes: the user the access middleware found, else none."""
    principal = getattr(request.state, "principal", None)
    return getattr(principal, "user", None)


def mount_ui(app: FastAPI, copilot: Copilot, web: WebAuth | None = None) -> FastAPI:
    """Serve the UI at "/" on the API's FastAPI app ("/api/*" stays the API)."""
    # The plant network is closed: no Gradio telemetry or version check, ever.
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    demo = build_ui(copilot, web)
    mounted: FastAPI = gr.mount_gradio_app(
        app, demo, path="/", footer_links=[], run_history=False, theme=floor_theme(), css=CSS,
        max_file_size=f"{int(copilot.settings.max_file_mb)}mb", pwa=False, mcp_server=False,
        ssr_mode=False, show_error=True,
        auth_dependency=_gradio_user if web is not None else None)
    return mounted
