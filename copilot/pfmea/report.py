"""Plain-text renderings of drafts and reviews (CLI, Markdown report) and their JSON form."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from copilot.pfmea.model import RATINGS, TEXT_FIELDS, Draft, Review

LABELS = {"function": "Function", "failure_mode": "Failure mode", "effect": "Effect",
          "cause": "Cause", "prevention_control": "Prevention", "detection_control": "Detection",
          "severity": "S", "occurrence": "O", "detection": "D"}


def draft_markdown(draft: Draft) -> str:
    """Each row with its fields, ratings, justifications and cited sources."""
    lines = [f"# PFMEA draft: {draft.step}", "",
             f"Station {draft.station or '-'}, assets {', '.join(draft.assets) or '-'}"
             + (f", product {draft.product}" if draft.product else ""), ""]
    lines += [f"> {n}" for n in draft.notes]
    for i, row in enumerate(draft.rows, start=1):
        ratings = " ".join(f"{LABELS[r]} {row.rating(r).value or '?'}" for r in RATINGS)
        lines += ["", f"## {i}. {row.failure_mode.value or '(no failure mode)'}  [{row.basis}]",
                  f"{ratings}  AP {row.ap or '?'}  RPN {row.rpn or '?'}", ""]
        for name in TEXT_FIELDS:
            f = row.text(name)
            cites = "; ".join(c.locator for c in f.sources)
            value = f.value or "_no evidence - fill in_"
            lines.append(f"- **{LABELS[name]}**: {value}" + (f"  ({cites})" if cites else ""))
        for name in RATINGS:
            lines.append(f"- **{LABELS[name]}**: {row.rating(name).justification}")
    if draft.context:
        lines += ["", "## Station work-instruction context"]
        lines += [f"- {c.locator}: {c.quote[:160].replace(chr(10), ' ')}" for c in draft.context]
    return "\n".join(lines) + "\n"


def review_markdown(review: Review) -> str:
    """Findings grouped by level, each with its row reference and evidence."""
    lines = [f"# PFMEA review: {review.source}", "",
             f"{review.rows} rows, last updated {review.last_updated or 'not stated'}, "
             f"{len(review.findings)} findings", ""]
    for level in ("high", "medium", "info"):
        found = [f for f in review.findings if f.level == level]
        if not found:
            continue
        lines += [f"## {level} ({len(found)})", ""]
        for f in found:
            lines.append(f"- [{f.check}] {f.where}: {f.message}")
            lines += [f"  - evidence: {c.locator}" for c in f.evidence[:5]]
            if len(f.evidence) > 5:
                lines.append(f"  - ... and {len(f.evidence) - 5} more")
        lines.append("")
    if review.notes:
        lines += ["## Reading notes", "", *[f"- {n}" for n in review.notes]]
    return "\n".join(lines) + "\n"


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
