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
from ui import render
from ui.access import Caller, caller_of, shown, user_html
from ui.ask_handlers import AskHandlers
from ui.ask_tab import ask_tab as ask_layout
from ui.ask_tab import wire_ask
from ui.docs_tab import documents_tab, wire_docs
from ui.handlers import DocumentHandlers
from ui.i18n import LANGS, as_lang, language_name, t
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
            ask_layout(p)
        with gr.Tab(t("tab_docs", "en"), id="docs") as docs_tab:
            p.put("docs_tab", docs_tab, lambda lang: {"label": t("tab_docs", lang)})
            documents_tab(p)
        learn_tab(p)
        pfmea_tab(p)


def _merge(outputs: list[Any], parts: list[tuple[Any, Any]]) -> list[Any]:
    """One update per output component, merging label changes with new values."""
    merged: dict[int, dict[str, Any]] = {id(c): {} for c in outputs}
    for component, value in parts:
        extra = value if isinstance(value, dict) else {"value": value}
        merged[id(component)].update({k: v for k, v in extra.items() if k != "__type__"})
    return [gr.update(**merged[id(c)]) if id(c) in merged else gr.skip() for c in outputs]


def _wire_language(p: Page, ask: AskHandlers, docs: DocumentHandlers, state: Any,
                   demo: gr.Blocks) -> None:
    dynamic = [p["chat"], p["notice"], p["chips"], p["source"], p["user"], p["answer"],
               p["fb_status"]]
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
        values: list[Any] = [render.chat_messages(session), ask.notice(session),
                             ask.chips(session), ask.source_panel(session, request),
                             _user_box(session, request), ask.card(session),
                             ask.feedback_state(session)[2]]
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
    """The whole page (Ask, Documents, Learn and PFMEA tabs); events call only the Copilot service, each with
    the principal its request carries (``web``; without it, the local operator when no login
    is required)."""
    who = caller_of(copilot, web)
    ask, docs = AskHandlers(copilot, who), DocumentHandlers(copilot, who)
    with gr.Blocks(title="Floor Copilot", analytics_enabled=False) as demo:
        state = gr.State(Session())
        page = Page(Texts())
        _layout(page)
        wire_ask(page, ask, state)
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
