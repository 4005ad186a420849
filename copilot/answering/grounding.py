"""Verification of generated text against its sources: markers, numbers, lexical support.

Everything here is deterministic and model-free, so a tiny local model can be used safely:
a sentence survives only if its citation markers exist, every number it states appears in a
cited source (after unit normalisation), and its words are mostly found in those sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copilot.core.text import tokenize

MARKER = re.compile(r"\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]")
# A number, optionally with a unit glued or spaced: 25 Nm, 25N·m, 2.0 bar, 70 °C, 3 cc/min, 1.2 L
_UNIT = (r"(?:n\s*[·.\-]?\s*m|nm|kn|n|bar|mbar|kpa|mpa|psi|°\s*c|℃|c|°|mm|cm|m|µm|um|s|sec|min|h|"
         r"hrs?|l|ml|cc/min|cc|rpm|%|kg|g|v|a|kw|w|db|hz)")
NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(" + _UNIT + r"))?(?![\w])",
    re.IGNORECASE)
_CODE = re.compile(r"\b[A-Z]{1,5}-?\d[\w\-/]*\b")  # WI-OP30-001, M8, PRS-02, WO-24-00017


@dataclass(frozen=True)
class Quantity:
    value: str  # normalised number text, e.g. "25", "2.0" -> "2", "1200"
    unit: str  # normalised unit or ""


def _norm_unit(u: str | None) -> str:
    if not u:
        return ""
    u = re.sub(r"\s+", "", u.lower())
    u = u.replace("·", "").replace(".", "").replace("-", "")
    return {"℃": "°c", "c": "°c", "sec": "s", "hr": "h", "hrs": "h", "um": "µm"}.get(u, u)


def _norm_value(integer: str, frac: str | None) -> str:
    integer = integer.replace(",", "")
    frac = (frac or "").rstrip("0")
    return f"{int(integer)}.{frac}" if frac else str(int(integer))


def quantities(text: str) -> list[Quantity]:
    """Numbers (with units when present) stated in a text."""
    return [Quantity(_norm_value(m.group(1), m.group(2)), _norm_unit(m.group(3)))
            for m in NUMBER.finditer(text)]


def codes(text: str) -> set[str]:
    return {c.upper() for c in _CODE.findall(text)}


def grounded_number(q: Quantity, source_qs: Sequence[Quantity]) -> bool:
    """A stated quantity is grounded if a source states the same value (and unit, if both do)."""
    return any(s.value == q.value and (not q.unit or not s.unit or s.unit == q.unit)
               for s in source_qs)


def markers(sentence: str) -> list[int]:
    return [int(n) for m in MARKER.finditer(sentence) for n in m.group(1).split(",")]


def strip_markers(sentence: str) -> str:
    """The sentence without [n] markers (and without the space that preceded them)."""
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s*" + MARKER.pattern, "", sentence)).strip()


def support(sentence: str, source_text: str) -> float:
    """Share of the sentence's content tokens found in the source (0..1)."""
    toks = {t for t in tokenize(strip_markers(sentence)) if not t.isdigit()}
    if not toks:
        return 1.0
    src = set(tokenize(source_text))
    return len(toks & src) / len(toks)


