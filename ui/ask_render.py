"""Pure functions for the Ask tab's answer card, safety banner and feedback state.

The answer card puts the key line (the first sentence, or a table answer's headline) on top,
big, with its citations as links that open the source; the rest follows. Text is escaped here;
only the few Markdown marks answers use (bold, italics, bullets, pipe tables) become HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from html import escape

from copilot.core.lexicon.safety import safety_type
from copilot.core.messages import message
from copilot.core.types import Answer
from ui import render
from ui.context import SourceContext
from ui.i18n import t
from ui.session import Note, Turn

_CITE = re.compile(r"\\?\[(\d{1,2})\\?\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?。])(?:\s*\[\d{1,2}\])*(?=\s+\S)")


# ---- inline text ------------------------------------------------------------------------------

def inline_html(text: str, lang: str, cites: Iterable[int] = ()) -> str:
    """Escaped text with bold / italics; ``[n]`` a link to source n when n is in ``cites``."""
    known = set(cites)
    out = escape(text.replace("\\*", "*"), quote=False)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)

    def cite(m: re.Match[str]) -> str:
        n = int(m[1])
        if n not in known:
            return f'<span class="fc-cite-plain">[{n}]</span>'
        label = escape(t("ask_tab.open_source", lang, n=str(n)))
        return (f'<a class="fc-cite" href="#fc-source" role="button" data-cite="{n}" '
                f'aria-label="{label}" title="{label}">[{n}]</a>')

    return _CITE.sub(cite, out)


def _table_html(lines: Sequence[str], lang: str, cites: Iterable[int]) -> str:
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in r if c)]
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{inline_html(c, lang, cites)}</th>' for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{inline_html(c, lang, cites)}</td>" for c in r)
                   + "</tr>" for r in rows[1:])
    return (f'<div class="fc-answer-table-wrap"><table class="fc-answer-table"><thead><tr>'
            f"{head}</tr></thead><tbody>{body}</tbody></table></div>")


def blocks_html(text: str, lang: str, cites: Iterable[int] = ()) -> str:
    """Paragraphs, bullet lists and pipe tables of an answer's Markdown as HTML."""
    cites = tuple(cites)
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(ln.lstrip().startswith("|") for ln in lines):
            out.append(_table_html(lines, lang, cites))
        elif all(_BULLET.match(ln) for ln in lines):
            items = "".join(f"<li>{inline_html(_BULLET.sub('', ln), lang, cites)}</li>"
                            for ln in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(inline_html(ln, lang, cites) for ln in lines)
                       + "</p>")
    return "".join(out)


def split_key_line(text: str) -> tuple[str, str]:
    """(key line, the rest): the first sentence of the first paragraph, with its citations.
    A table answer's headline is its first line; an answer that opens with a table has none."""
    text = text.strip()
    first, _, after = text.partition("\n")
    if not first or first.lstrip().startswith(("|", "-", "*", "•")):
        return "", text
    if m := _SENTENCE_END.search(first):
        return first[:m.end()].strip(), (first[m.end():].strip() + "\n" + after).strip()
    return first.strip(), after.strip()


# ---- the card ---------------------------------------------------------------------------------

def card_html(turn: Turn | None, lang: str, number: int = 0) -> str:
    """The answer card for ``turn`` (the latest or the tapped one), or the empty-state hint."""
    if turn is None:
        return f'<div class="fc-card-empty">{blocks_html(t("chat_empty", lang), lang)}</div>'
    asked = (f'<div class="fc-asked"><span class="fc-asked-label">{escape(t("ask_tab.you_asked", lang))}'
             f"</span> {escape(turn.question)}</div>")
    body = _card_body(turn, lang)
    state = "done" if turn.answer is not None or turn.error else "writing"
    return (f'<article class="fc-card-answer" data-turn="{number}" data-state="{state}" '
            f'aria-live="polite">{asked}{body}</article>')


def _card_body(turn: Turn, lang: str) -> str:
    if turn.error:
        return (f'<p class="fc-key fc-key-error" role="alert">{escape(t("error_prefix", lang))}: '
                f"{escape(turn.error)}</p>")
    ans = turn.answer
    if ans is None:
        if not turn.partial:
            return f'<p class="fc-key fc-key-waiting">{escape(t("thinking", lang))}</p>'
        key, rest = split_key_line(turn.partial)
        return (f'<p class="fc-key">{inline_html(key, lang)}</p>{blocks_html(rest, lang)}'
                f'<div class="fc-writing">{escape(t("ask_tab.writing", lang))}</div>')
    if ans.abstained:
        return (f'<p class="fc-key fc-key-missing">{escape(message("answer.not_found", lang))}'
                f"</p><p>{escape(render.not_found_hint(ans, lang))}</p>")
    cites = [c.n for c in ans.citations]
    key, rest = split_key_line(ans.text)
    tag = ("computed" if ans.route in ("table", "both") else
           "extractive" if ans.extractive else "")
    tag_html = f'<div class="fc-answer-tag">{escape(t(tag, lang))}</div>' if tag else ""
    key_html = f'<p class="fc-key">{inline_html(key, lang, cites)}</p>' if key else ""
    return f"{key_html}{blocks_html(rest, lang, cites)}{tag_html}"


# ---- safety banner ----------------------------------------------------------------------------

_SEVERITY = {"DANGER": "danger", "LOCKOUT": "danger", "WARNING": "warning", "CAUTION": "caution"}


def _severity(line: str) -> str:
    return _SEVERITY.get(safety_type(line.lstrip("⚠ ")) or "", "warning")


def safety_html(notes: Sequence[Note], lang: str) -> str:
    """Every DANGER / WARNING / CAUTION of the cited instructions, one item each: the cited
    steps' own in red, the rest of those instructions' after them in amber; empty if none."""
    cited = [n for n in notes if n.cited]
    others = [n for n in notes if not n.cited]
    parts = []
    if cited:
        parts.append(_notes_block(cited, t("ask_tab.safety_title", lang, n=str(len(cited))),
                                  "fc-danger", "alert"))
    if others:
        parts.append(_notes_block(others, t("ask_tab.safety_more", lang, n=str(len(others))),
                                  "fc-warn", "note"))
    return "".join(parts)


def _notes_block(notes: Sequence[Note], title: str, cls: str, role: str) -> str:
    items = "".join(f'<li class="fc-note fc-sev-{_severity(n.line)}">'
                    f'<div class="fc-note-line">{escape(n.line)}</div>'
                    + (f'<div class="fc-note-where">{escape(n.where)}</div>' if n.where else "")
                    + "</li>" for n in notes)
    return (f'<section class="fc-banner {cls} fc-safety" role="{role}" aria-label="'
            f'{escape(title)}"><strong>⚠ {escape(title)}</strong>'
            f'<ul class="fc-notes">{items}</ul></section>')


def notice_html(turn: Turn | None, lang: str) -> str:
    """Banners beside the answer: every safety note, then not-found / computed / quoted."""
    ans = turn.answer if turn else None
    if turn is None or ans is None:
        return ""
    notes = turn.notes or tuple(Note(line) for line in ans.safety)
    return safety_html(notes, lang) + render.notice_html(replace(ans, safety=()), lang)


def notes_of(answer: Answer, contexts: Iterable[SourceContext]) -> tuple[Note, ...]:
    """Safety notes of the cited instructions (``contexts``: one per cited document), each
    once, marked when the answer cites its step; lines the answer carries but no document lists
    (a cited record's) come last."""
    cited = {c.chunk_id for c in answer.citations}
    seen: dict[str, Note] = {}
    for ctx in contexts:
        for n in ctx.safety:
            seen.setdefault(n.line, Note(n.line, render.short_locator(n.locator),
                                         n.chunk_id in cited))
    for line in answer.safety:
        seen.setdefault(line, Note(line))
    return tuple(sorted(seen.values(), key=lambda n: not n.cited))  # the cited step's first


# ---- feedback ---------------------------------------------------------------------------------

def feedback_html(verdict: str, lang: str) -> str:
    """What the feedback row says: the question, or which verdict is saved (tapping the other
    button changes it; the saved one is coloured)."""
    if verdict not in ("up", "down"):
        return f'<div class="fc-fb-state">{escape(t("ask_tab.fb_prompt", lang))}</div>'
    return (f'<div class="fc-fb-state fc-fb-saved" role="status">'
            f'{escape(t(f"ask_tab.fb_saved_{verdict}", lang))}</div>')
