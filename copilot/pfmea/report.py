"""Plain-text renderings of drafts and reviews (CLI, Markdown report) and their JSON form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from copilot.core.messages import message
from copilot.core.types import Citation
from copilot.pfmea.model import RATINGS, TEXT_FIELDS, Draft, Review

# AIAG-VDA's rating letters, the same in every language.
RATING_LETTERS = {"severity": "S", "occurrence": "O", "detection": "D"}


def _say(key: str, lang: str, **values: object) -> str:
    return message(f"pfmea.report.{key}", lang, **values)


def draft_markdown(draft: Draft, lang: str = "en") -> str:
    """Each row with its fields, ratings, justifications and cited sources."""
    scope = _say("draft_scope", lang, station=draft.station or "-",
                 assets=", ".join(draft.assets) or "-")
    if draft.product:
        scope += _say("draft_product", lang, product=draft.product)
    lines = [f"# {_say('draft_title', lang, step=draft.step)}", "", scope, ""]
    lines += [f"> {n}" for n in draft.notes]
    for i, row in enumerate(draft.rows, start=1):
        ratings = " ".join(f"{RATING_LETTERS[r]} {row.rating(r).value or '?'}" for r in RATINGS)
        title = row.failure_mode.value or _say("no_failure_mode", lang)
        lines += ["", f"## {i}. {title}  [{row.basis}]",
                  f"{ratings}  AP {row.ap or '?'}  RPN {row.rpn or '?'}", ""]
        for name in TEXT_FIELDS:
            f = row.text(name)
            cites = "; ".join(c.locator for c in f.sources)
            value = f.value or f"_{_say('no_evidence', lang)}_"
            label = message(f"pfmea.label.{name}", lang)
            lines.append(f"- **{label}**: {value}" + (f"  ({cites})" if cites else ""))
        for name in RATINGS:
            lines.append(f"- **{RATING_LETTERS[name]}**: {row.rating(name).justification}")
    if draft.context:
        lines += ["", f"## {_say('context', lang)}"]
        lines += [f"- {c.locator}: {c.quote[:160].replace(chr(10), ' ')}" for c in draft.context]
    return "\n".join(lines) + "\n"


def review_markdown(review: Review, lang: str = "en",
                    link: Callable[[Citation], str] | None = None) -> str:
    """Findings grouped by level, each with its row reference and evidence (as a Markdown link
    to ``link(citation)`` when given, so a reader can open the source)."""
    summary = _say("review_summary", lang, rows=review.rows, n=len(review.findings),
                   updated=review.last_updated or _say("not_stated", lang))
    lines = [f"# {_say('review_title', lang, source=review.source)}", "", summary, ""]
    for level in ("high", "medium", "info"):
        found = [f for f in review.findings if f.level == level]
        if not found:
            continue
        lines += [f"## {_say(level, lang)} ({len(found)})", ""]
        for f in found:
            lines.append(f"- [{f.check}] {f.where}: {f.message}")
            lines += [f"  - {_say('evidence', lang, locator=_cite(c, link))}"
                      for c in f.evidence[:5]]
            if len(f.evidence) > 5:
                lines.append(f"  - {_say('more', lang, n=len(f.evidence) - 5)}")
        lines.append("")
    if review.notes:
        lines += [f"## {_say('reading_notes', lang)}", "", *[f"- {n}" for n in review.notes]]
    return "\n".join(lines) + "\n"


def _cite(c: Citation, link: Callable[[Citation], str] | None) -> str:
    if link is None:
        return c.locator
    text = c.locator.replace("[", "(").replace("]", ")")
    return f"[{text}](<{link(c)}>)"


def draft_json(draft: Draft) -> dict[str, Any]:
    out = asdict(draft)
    for row, data in zip(draft.rows, out["rows"], strict=True):
        data["ap"], data["rpn"] = row.ap, row.rpn
    return out


def review_json(review: Review) -> dict[str, Any]:
    out = asdict(review)
    for f, data in zip(review.findings, out["findings"], strict=True):
        data["where"] = f.where
    return out
