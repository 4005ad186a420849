"""Pure functions: answers, citations, sources and documents -> Markdown / HTML for the UI.

Text from documents and users is escaped here (HTML in panels, Markdown in chat bubbles; the
answer itself is Markdown that the Chatbot sanitizes); callers only place the strings.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from copilot.core.lexicon.safety import WARNING_LINE
from copilot.core.messages import message
from copilot.core.types import Answer, Chunk
from copilot.page_view import PageView
from ui.context import SourceContext
from ui.dates import human_time
from ui.i18n import error_hint, error_reason, field_name, kind_name, t
from ui.session import Session, Turn

HIDDEN_FIELDS = frozenset({"doc_title", "effective_date", "language"})
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_WORK_ORDER = re.compile(r"^(\S+) \(.*\)$")  # "WO-24-00017 (cmms.csv row 2)"


def clip(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def md_escape(text: str) -> str:
    """Escape Markdown/HTML control characters in text that comes from documents."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# ---- conversation -----------------------------------------------------------------------------

def answer_markdown(ans: Answer, lang: str) -> str:
    """The assistant message for a finished answer: label, text, safety lines, source list."""
    if ans.abstained:
        parts = [f"**{message('answer.not_found', lang)}**", not_found_hint(ans, lang)]
        parts += [f"≈ {md_escape(str(h.chunk.locator))}" for h in ans.closest]
        return "\n\n".join(parts)
    parts = [f"*{t('extractive', lang)}*"] if ans.extractive else []
    if ans.route in ("table", "both"):
        parts.insert(0, f"*{t('computed', lang)}*")
    parts.append(ans.text)
    parts += [f"> ⚠️ **{md_escape(line)}**" for line in ans.safety]
    if ans.citations:
        parts.append(" · ".join(f"**\\[{c.n}\\]** {md_escape(c.locator)}" for c in ans.citations))
    return "\n\n".join(parts)


def turn_reply(turn: Turn, lang: str) -> str:
    """What the assistant bubble shows for a turn, finished or still streaming."""
    if turn.error:
        return f"**{t('error_prefix', lang)}:** {md_escape(turn.error)}"
    if turn.answer is not None:
        return answer_markdown(turn.answer, lang)
    return turn.partial or f"*{t('thinking', lang)}*"


def chat_messages(session: Session) -> list[dict[str, str]]:
    """The Chatbot value (Gradio messages format) for the whole conversation."""
    out: list[dict[str, str]] = []
    for turn in session.turns:
        out.append({"role": "user", "content": md_escape(turn.question)})
        out.append({"role": "assistant", "content": turn_reply(turn, session.lang)})
    return out


def notice_html(ans: Answer | None, lang: str) -> str:
    """Banners for the selected answer: safety (red), not-found (amber), quoted (blue)."""
    if ans is None:
        return ""
    parts: list[str] = []
    if ans.safety:
        lines = "".join(f"<li>{escape(line)}</li>" for line in ans.safety)
        parts.append(f'<div class="fc-banner fc-danger" role="alert"><strong>⚠ '
                     f'{escape(t("safety", lang))}</strong><ul>{lines}</ul></div>')
    if ans.abstained:
        parts.append(f'<div class="fc-banner fc-warn" role="status"><strong>'
                     f'{escape(message("answer.not_found", lang))}</strong> '
                     f"{escape(not_found_hint(ans, lang))}</div>")
    elif ans.route in ("table", "both"):
        parts.append(f'<div class="fc-banner fc-info" role="status">'
                     f'{escape(t("computed", lang))}</div>')
    elif ans.extractive:
        parts.append(f'<div class="fc-banner fc-info" role="status">'
                     f'{escape(t("extractive", lang))}</div>')
    return "".join(parts)


def short_locator(locator: str) -> str:
    """Chip-sized locator: a work order by id, a file without folders, a step sans section."""
    if m := _WORK_ORDER.match(locator):
        return m[1]
    parts = locator.split(", ")
    if any(p.startswith("step ") for p in parts):
        parts = [p for p in parts if not p.startswith("§ ")]
    words = parts[0].split(" ")
    words[0] = words[0].rsplit("/", 1)[-1]
    return ", ".join([" ".join(words), *parts[1:]])


def not_found_hint(ans: Answer, lang: str) -> str:
    """Why (when the answer says, e.g. "No document names Chiller 5.") and what to do next."""
    why = ans.text  # in the question's language, which may not be the screen's
    for said in ("en", "ko"):
        why = why.removeprefix(message("answer.not_found", said))
    why = why.strip()
    return " ".join(p for p in (why, t("not_found_hint" if ans.closest else "not_found_alone",
                                        lang)) if p)


def citation_choices(ans: Answer | None) -> list[tuple[str, str]]:
    """(label, chunk id) for the source chips: citations, or the closest hits when abstaining."""
    if ans is None:
        return []
    if ans.abstained:
        return [(f"≈ {short_locator(str(h.chunk.locator))}", h.chunk.id) for h in ans.closest]
    return [(f"[{c.n}] {short_locator(c.locator)}", c.chunk_id) for c in ans.citations]


def sources_label(ans: Answer | None, lang: str) -> str:
    """Heading over the source chips."""
    return t("closest_sources" if ans is not None and ans.abstained else "sources", lang)


# ---- source panel -----------------------------------------------------------------------------

def source_html(ctx: SourceContext | None, lang: str, requested: bool = False,
                page: PageView | None = None) -> str:
    """The source panel: the cited chunk in context (and its printed PDF page with the passage
    marked, when there is one), or an empty/missing state."""
    title = (f'<h2 class="fc-panel-title" id="fc-source-title">'
             f'{escape(t("source_panel", lang))}</h2>')
    if ctx is None:
        key = "source_missing" if requested else "source_empty"
        return f'{title}<div class="fc-empty">{escape(t(key, lang))}</div>'
    body = _steps_html(ctx, lang) if ctx.chunk.kind == "work_instruction" else _record_html(
        ctx.chunk, lang)
    return (f'{title}<div class="fc-source">{_source_head(ctx, lang)}'
            f'{_injection_html(ctx, lang)}{body}{page_html(page, lang)}</div>')


def page_html(page: PageView | None, lang: str) -> str:
    """A printed page with the cited passage's lines marked (percentages of the page)."""
    if page is None:
        return ""
    marks = "".join(
        f'<div class="fc-page-mark" style="left:{100 * x - 0.5:.2f}%;top:{100 * y - 0.3:.2f}%;'
        f'width:{100 * w + 1:.2f}%;height:{100 * h + 0.6:.2f}%"></div>'
        for x, y, w, h in page.marks)
    caption = escape(t("ask_tab.page_image", lang, page=str(page.page)))
    data = base64.b64encode(page.png).decode("ascii")
    return (f'<figure class="fc-page"><div class="fc-page-box"><img alt="{caption}" '
            f'src="data:image/png;base64,{data}">{marks}</div>'
            f'<figcaption class="fc-page-caption">{caption}</figcaption></figure>')


def _injection_html(ctx: SourceContext, lang: str) -> str:
    """A visible warning over a chunk flagged at ingest as addressed to an assistant."""
    lines = ctx.injection
    if not lines:
        return ""
    quoted = "".join(f'<li>{escape(line.strip())}</li>' for line in lines)
    return (f'<div class="fc-injection" role="alert"><strong>'
            f'{escape(t("source_injection", lang))}</strong><ul>{quoted}</ul></div>')


def status_badge(status: str, lang: str, superseded_by: str | None = None) -> str:
    """Green 'current' or grey 'superseded (by Rev X)' badge."""
    if status == "superseded":
        text = (t("superseded_by", lang, rev=superseded_by) if superseded_by
                else t("superseded", lang))
        return f'<span class="fc-badge fc-old">{escape(text)}</span>'
    return f'<span class="fc-badge fc-ok">{escape(t("current", lang))}</span>'


def _source_head(ctx: SourceContext, lang: str) -> str:
    c, doc = ctx.chunk, ctx.document
    title = str(doc.get("title") or c.metadata.get("doc_title") or c.doc_id)
    rev = f" · {t('revision', lang)} {c.revision}" if c.revision else ""
    where = str(c.locator)
    ident = c.doc_id + rev if title != c.doc_id or rev else ""
    meta = " · ".join(x for x in (ident, "" if c.source in where else c.source) if x)
    badges = (f'<span class="fc-badge fc-kind">{escape(kind_name(c.kind, lang))}</span>'
              + status_badge(str(doc.get("status") or c.status), lang, doc.get("superseded_by")))
    # A step's place shows in the step list below; a row's locator names file, sheet and row.
    loc = "" if c.kind == "work_instruction" else f'<div class="fc-loc">{escape(where)}</div>'
    return (f'<div class="fc-source-head">{badges}<h3>{escape(title)}</h3>'
            + (f'<div class="fc-meta">{escape(meta)}</div>' if meta else "") + loc + "</div>")


def text_html(text: str) -> str:
    """Lines as HTML, safety lines (WARNING/CAUTION/경고...) set apart in red."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cls = "fc-line fc-safety-line" if WARNING_LINE.match(line) else "fc-line"
        out.append(f'<div class="{cls}">{escape(line.strip())}</div>')
    return "".join(out)


def _step_label(chunk: Chunk, body: str) -> str:
    """'Step 3' unless the text already starts with its number; page for unnumbered text."""
    loc = chunk.locator
    if loc.step:
        return "" if body.startswith(f"{loc.step}") else f"{loc.step}."
    return f"p. {loc.page}" if loc.page is not None else ""


def _steps_html(ctx: SourceContext, lang: str) -> str:
    items: list[str] = []
    section: str | None = None
    for chunk in (*ctx.before, ctx.chunk, *ctx.after):
        if chunk.locator.section and chunk.locator.section != section:
            section = chunk.locator.section
            items.append(f'<li class="fc-section">{escape(section)}</li>')
        body = chunk.body.strip()
        cited = chunk.id == ctx.chunk.id
        label = _step_label(chunk, body)
        head = (f'<div class="fc-step-label">{escape(label)}'
                + (f'<span class="fc-cited-tag">{escape(t("this_step", lang))}</span>'
                   if cited else "") + "</div>") if label or cited else ""
        mark = 'tabindex="-1" aria-current="step" class="fc-step fc-cited"' if cited else (
            'class="fc-step"')
        items.append(f"<li {mark}>{head}{text_html(body)}</li>")
    return f'<ol class="fc-steps">{"".join(items)}</ol>'


def fields_table(fields: Mapping[str, Any], lang: str) -> str:
    """A record's typed fields as a two-column table with translated column headers."""
    rows = "".join(f'<tr><th scope="row">{escape(field_name(k, lang))}</th>'
                   f"<td>{escape(_fmt(v, lang))}</td></tr>"
                   for k, v in fields.items() if k not in HIDDEN_FIELDS and v not in (None, ""))
    return f'<table class="fc-fields">{rows}</table>' if rows else ""


def _record_html(chunk: Chunk, lang: str) -> str:
    body = fields_table(chunk.metadata, lang) or text_html(chunk.body.strip())
    return (f'<div class="fc-record fc-cited" tabindex="-1" aria-current="true">'
            f'<div class="fc-step-label"><span class="fc-cited-tag">{escape(t("this_step", lang))}'
            f"</span></div>{body}</div>")


def _fmt(value: Any, lang: str = "en") -> str:
    if (when := human_time(value, lang)) is not None:
        return when
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- documents page ---------------------------------------------------------------------------

def _mapping_html(doc: Mapping[str, Any], lang: str) -> str:
    """Which column became which field, for a table whose header was inferred or overridden."""
    columns = doc.get("columns") or []
    if not columns:
        return ""
    items = []
    for c in columns:
        field = c.get("field")
        if c.get("source") == "unmapped":
            target = f"{field} ({t('col_kept', lang)})"
        elif field is None:
            target = t("col_ignored", lang)
        else:
            how = "override" if c.get("source") == "override" else f"{c.get('confidence', 0):.2f}"
            target = f"{field} ({how})"
        items.append(f"<li>{escape(str(c.get('column')))} → {escape(target)}</li>")
    return (f'<details class="fc-mapping"><summary>{escape(t("col_mapping", lang))} '
            f'({escape(str(doc.get("mapping") or ""))})</summary><ul>{"".join(items)}</ul>'
            "</details>")


def _failed_row(source: str, error: str, lang: str) -> str:
    """A file that could not be added: failed, why in plain words, what to do."""
    plain = error_reason(error, lang) or error.removeprefix(f"{source}: ")
    hint = error_hint(error, lang)
    name = source.rsplit("/", 1)[-1]
    return (f'<tr class="fc-doc-failed"><td>{escape(name)}</td><td colspan="3">'
            f'<span class="fc-badge fc-bad">{escape(t("failed_status", lang))}</span> '
            f"{escape(plain)}" + (f'<div class="fc-hint">{escape(hint)}</div>' if hint else "")
            + f'</td><td class="fc-num">0</td><td class="fc-file" title="{escape(source)}">'
            f"{escape(source)}</td></tr>")


def documents_html(docs: Sequence[Mapping[str, Any]], lang: str,
                   failed: Mapping[str, str] | None = None) -> str:
    """Table of documents: each indexed one (kind, revision, current or superseded by which
    revision, chunks, file, column mapping) and each file whose last ingest failed."""
    heading = f'<h2 class="fc-panel-title">{escape(t("indexed_docs", lang))} ({len(docs)})</h2>'
    failed_rows = "".join(_failed_row(s, e, lang) for s, e in (failed or {}).items())
    if not docs and not failed_rows:
        return f'{heading}<div class="fc-empty">{escape(t("docs_empty", lang))}</div>'
    heads = ("col_document", "col_kind", "col_revision", "col_status", "chunks", "col_file")
    head = "".join(f'<th scope="col">{escape(t(h, lang))}</th>' for h in heads)
    rows = []
    for d in docs:
        title = f"{d.get('doc_id') or ''}" + (f" — {d['title']}" if d.get("title") else "")
        rows.append(
            f'<tr class="fc-doc-{escape(str(d.get("status")))}"><td>{escape(title)}</td>'
            f"<td>{escape(kind_name(str(d.get('kind')), lang))}</td>"
            f"<td>{escape(str(d.get('revision') or '—'))}</td>"
            f"<td>{status_badge(str(d.get('status')), lang, d.get('superseded_by'))}</td>"
            f'<td class="fc-num">{int(d.get("chunks") or 0)}</td>'
            f'<td class="fc-file" title="{escape(str(d.get("source")))}">'
            f"{escape(str(d.get('source')))}{_mapping_html(d, lang)}</td></tr>")
    # the table scrolls inside its own box, so it never runs over the controls below it
    return (f'{heading}<div class="fc-docs-scroll"><table class="fc-docs"><thead><tr>{head}'
            f'</tr></thead><tbody>{failed_rows}{"".join(rows)}</tbody></table></div>')


def document_choices(docs: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(label, source) for the remove picker."""
    out = []
    for d in docs:
        rev = f" Rev {d['revision']}" if d.get("revision") else ""
        out.append((f"{d.get('doc_id')}{rev} — {d.get('source')}", str(d.get("source"))))
    return out


def ingest_html(summary: Mapping[str, object], failures: Sequence[tuple[str, str]],
                superseded: Sequence[str], lang: str,
                skipped: Sequence[tuple[str, str]] = ()) -> str:
    """Outcome of an ingest: counts, each failed file in plain words, each skipped input with
    its reason, newly superseded docs."""
    keys = ("added", "updated", "unchanged", "removed", "failed", "skipped", "duplicate")
    counts = " · ".join(f"{summary.get(k, 0)} {t(k, lang)}" for k in keys if summary.get(k))
    cls = "fc-warn" if failures else "fc-ok-banner"
    parts = [f'<div class="fc-banner {cls}" role="status"><strong>{escape(t("ingest_done", lang))}'
             f"</strong>: {escape(counts or '0')} · {summary.get('chunks', 0)} "
             f"{escape(t('chunks', lang).lower())}</div>"]
    if failures:
        items = "".join(_failure_item(src, err, lang) for src, err in failures)
        parts.append(f'<div class="fc-errors" role="alert"><h4>{escape(t("problems", lang))}</h4>'
                     f"<ul>{items}</ul></div>")
    if skipped:
        items = "".join(f"<li><strong>{escape(src)}</strong> — {escape(why)}</li>"
                        for src, why in skipped)
        parts.append(f'<div class="fc-note"><h4>{escape(t("skipped_inputs", lang))}</h4>'
                     f"<ul>{items}</ul></div>")
    if superseded:
        items = "".join(f"<li>{escape(s)}</li>" for s in superseded)
        parts.append(f'<div class="fc-note"><h4>{escape(t("now_superseded", lang))}</h4>'
                     f"<ul>{items}</ul></div>")
    return "".join(parts)


def _failure_item(source: str, error: str, lang: str) -> str:
    """A failed file: what went wrong in plain words, what to do, the technical detail folded."""
    detail = error.removeprefix(f"{source}: ") if error.startswith(f"{source}: ") else error
    plain, hint = error_reason(error, lang), error_hint(error, lang)
    hint_html = f'<div class="fc-hint">{escape(hint)}</div>' if hint else ""
    if not plain:
        return f"<li><strong>{escape(source)}</strong> — {escape(detail)}{hint_html}</li>"
    return (f"<li><strong>{escape(source)}</strong> — {escape(plain)}{hint_html}"
            f'<details class="fc-detail"><summary>{escape(t("error_detail", lang))}</summary>'
            f"{escape(detail)}</details></li>")


def message_html(text: str, kind: str = "info") -> str:
    """A one-line status banner (info / warn / danger / ok)."""
    cls = {"info": "fc-info", "warn": "fc-warn", "danger": "fc-danger",
           "ok": "fc-ok-banner"}.get(kind, "fc-info")
    return f'<div class="fc-banner {cls}" role="status">{escape(text)}</div>'
