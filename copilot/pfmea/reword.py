"""Optional rewording of precedent fields by a capable generator, verified word by word.

A small model is not capable (``Generator.capable`` False): the draft is returned as
it is with a note. A reworded field is kept only if all its content words occur in the
precedent text or the step, so the model can reorder and trim but not add facts.
"""

from __future__ import annotations

from dataclasses import replace

from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.pfmea.evidence import content_tokens
from copilot.pfmea.model import Draft, DraftField, DraftRow
from copilot.prompts import render

FIELDS = ("failure_mode", "effect", "cause")


def reword_draft(draft: Draft, generator: Generator) -> Draft:
    """Precedent rows with verified rewordings; other rows and fields unchanged."""
    if not generator.capable:
        return replace(draft, notes=(*draft.notes, f"{generator.name} is too small to reword "
                                     "reliably: precedent wording kept"))
    rows = tuple(_row(r, draft.step, generator) if r.basis == "precedent" else r
                 for r in draft.rows)
    return replace(draft, rows=rows)


def _row(row: DraftRow, step: str, generator: Generator) -> DraftRow:
    changes = {}
    for name in FIELDS:
        field = row.text(name)
        if field.value:
            changes[name] = _field(field, name.replace("_", " "), step, generator)
    return replace(row, **changes)  # type: ignore[arg-type]


def _field(field: DraftField, label: str, step: str, generator: Generator) -> DraftField:
    prompt = render("pfmea_adapt", step=step, field=label, value=field.value)
    reply = generator.complete([ChatMessage("user", prompt)],
                               GenerationParams(max_tokens=80)).strip().splitlines()
    text = reply[0].strip() if reply else ""
    allowed = content_tokens(f"{field.value} {step}")
    if not text or text == field.value or not content_tokens(text) <= allowed:
        return field
    return replace(field, value=text, note=(field.note + "; " if field.note else "")
                   + f"reworded by {generator.name}, words verified against the source")
