"""The PFMEA tab's proposed rows: the engineer's decisions and edits, and how rows look.

A ``RowsView`` (held in a ``gr.State``) keeps the draft, each row as edited so far and its
decision. AP and RPN are never stored: they are computed from S/O/D by ``DraftRow.ap`` /
``DraftRow.rpn`` (``copilot.pfmea.ap``), so the screen and the export show the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape
from typing import Any, Literal

from copilot.core.messages import message
from copilot.pfmea.model import RATINGS, TEXT_FIELDS, Draft, DraftField, DraftRow, Rating
from copilot.pfmea.report import RATING_LETTERS

Decision = Literal["proposed", "accepted", "edited", "rejected"]
RATING_CHOICES = [str(n) for n in range(1, 11)]


def s(key: str, lang: str = "en", **values: object) -> str:
    """This tab's strings: ``[ui.pfmea]`` in the message catalogue."""
    return message(f"ui.pfmea.{key}", lang, **values)


def label(name: str, lang: str) -> str:
    """A PFMEA field's name (function, failure_mode, ...) in ``lang``."""
    return message(f"pfmea.label.{name}", lang)


@dataclass
class RowsView:
    """The draft on screen: rows as the engineer left them and one decision per row."""

    draft: Draft | None = None
    rows: list[DraftRow] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    selected: int = -1

    @classmethod
    def of(cls, draft: Draft) -> RowsView:
        n = len(draft.rows)
        return cls(draft, list(draft.rows), ["proposed"] * n, 0 if n else -1)

    def kept(self) -> tuple[DraftRow, ...]:
        """Every row not rejected, with its edits (what the export writes)."""
        return tuple(r for r, d in zip(self.rows, self.decisions, strict=True) if d != "rejected")

    def row(self, index: int) -> DraftRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None


def as_index(value: Any) -> int:
    """A row picker's value ('3') as an index (-1 when none)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return -1


def as_rating(value: Any) -> int | None:
    try:
        n = int(float(str(value)))
    except (TypeError, ValueError):
        return None
    return n if 1 <= n <= 10 else None


def edited(row: DraftRow, texts: dict[str, str], ratings: dict[str, int | None]) -> DraftRow:
    """``row`` with the editor's values; a changed value keeps its sources, noted as edited."""
    changes: dict[str, Any] = {}
    for name, new in texts.items():
        old = row.text(name)
        if new.strip() != old.value:
            changes[name] = DraftField(new.strip(), old.sources, "edited by the engineer")
    for name, value in ratings.items():
        if value != row.rating(name).value:
            changes[name] = Rating(value, f"{RATING_LETTERS[name]} {value} set by the engineer")
    return replace(row, **changes) if changes else row


def ap_html(row: DraftRow | None, lang: str) -> str:
    """AP (AIAG-VDA) and RPN of the row being edited, big, coloured by priority."""
    if row is None:
        return ""
    ap = row.ap or "?"
    return (f'<div class="fc-pf-live" aria-live="polite"><span class="fc-pf-ap fc-pf-ap-{ap}" '
            f'id="fc-pf-live-ap">AP {escape(ap)}</span><span class="fc-pf-rpn">RPN '
            f'{row.rpn or "?"}</span><span class="fc-hint">{escape(s("ap_note", lang))}</span>'
            "</div>")


def _ratings(row: DraftRow) -> str:
    cells = "".join(
        f'<div class="fc-pf-r fc-pf-{RATING_LETTERS[n].lower()}" title="'
        f'{escape(row.rating(n).justification)}"><b>{RATING_LETTERS[n]}</b>'
        f"<span>{row.rating(n).value or '?'}</span></div>" for n in RATINGS)
    ap = row.ap or "?"
    return (f'<div class="fc-pf-ratings">{cells}<div class="fc-pf-r fc-pf-ap fc-pf-ap-{ap}">'
            f"<b>AP</b><span>{ap}</span></div><div class=\"fc-pf-r fc-pf-rpnbox\"><b>RPN</b>"
            f"<span>{row.rpn or '?'}</span></div></div>")


def _field(row: DraftRow, name: str, lang: str) -> str:
    f = row.text(name)
    value = escape(f.value) if f.value else f'<i class="fc-hint">{escape(s("fill_in", lang))}</i>'
    return (f'<div class="fc-pf-f fc-pf-{name}"><div class="fc-pf-k">{escape(label(name, lang))}'
            f'</div><div class="fc-pf-v">{value}</div></div>')


def card_html(view: RowsView, i: int, lang: str) -> str:
    """One row as a card: state, the six texts wrapping in a grid, S/O/D/AP/RPN beside them."""
    row, decision = view.rows[i], view.decisions[i]
    chosen = " fc-pf-selected" if i == view.selected else ""
    basis = s("basis_precedent" if row.basis == "precedent" else "basis_none", lang)
    head = (f'<div class="fc-pf-head"><span class="fc-pf-n">{i + 1}</span>'
            f'<span class="fc-pf-state fc-pf-state-{decision}">{escape(s(decision, lang))}</span>'
            f'<span class="fc-hint">{escape(basis)}</span></div>')
    fields = "".join(_field(row, n, lang) for n in TEXT_FIELDS)
    return (f'<article class="fc-pf-card fc-pf-{decision}{chosen}" data-row="{i}">{head}'
            f'<div class="fc-pf-body"><div class="fc-pf-fields">{fields}</div>'
            f"{_ratings(row)}</div></article>")


def cards_html(view: RowsView, lang: str) -> str:
    """Every proposed row, with a count of decisions; an empty hint before the first draft."""
    if view.draft is None:
        return f'<div class="fc-empty">{escape(s("no_draft", lang))}</div>'
    if not view.rows:
        return f'<div class="fc-empty">{escape(s("no_rows", lang))}</div>'
    counts = {d: view.decisions.count(d) for d in ("proposed", "accepted", "edited", "rejected")}
    summary = " · ".join(f"{n} {s(d, lang)}" for d, n in counts.items() if n)
    return (f'<div class="fc-pf-summary">{escape(summary)}</div>'
            + "".join(card_html(view, i, lang) for i in range(len(view.rows))))


def pick_choices(view: RowsView) -> list[tuple[str, str]]:
    """Row picker chips: number and a short failure mode."""
    out = []
    for i, row in enumerate(view.rows):
        text = row.failure_mode.value or "?"
        out.append((f"{i + 1}. {text[:28]}{'…' if len(text) > 28 else ''}", str(i)))
    return out


def sources_markdown(view: RowsView, lang: str) -> str:
    """Per row: each field's sources and each rating's justification."""
    lines = []
    for i, row in enumerate(view.rows, start=1):
        lines.append(f"**{i}. {row.failure_mode.value}** ({row.basis})")
        for name in TEXT_FIELDS:
            f = row.text(name)
            if f.sources:
                lines.append(f"- {label(name, lang)}: " + "; ".join(c.locator for c in f.sources))
        lines += [f"- {row.rating(n).justification}" for n in RATINGS]
    return "\n".join(lines)
