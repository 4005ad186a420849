"""Facts a quiz can ask about, found in step text: parameters (value + unit), tool codes, PPE items.

Parameters keep their exact wording ("25 Nm ± 1.5 Nm", "20~30 °C", "18-24 kN") so an answer key
is always a verbatim span of its cited step; the numbers are also kept normalised for grading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.answering.grounding import quantities

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = (r"N\s?·\s?m|Nm|kN|mbar|bar|MPa|kPa|°\s?C|℃|cc/min|L/min|mm/s|rpm|MΩ|mm|µm|kHz|kg|"
          r"minutes?|min|seconds?|sec|s|hours?|h|ml|mL|L|g|V\s?DC|V\s?AC|V|kW|W|%|분|초|시간")
PARAM = re.compile(
    rf"(?<![\w.,\-Ø±])(?P<value>(?:{_NUM})(?:\s?(?:-|–|~|to)\s?(?:{_NUM}))?)"
    rf"(?:\s?±\s?(?:{_NUM}))?\s?(?P<unit>{_UNITS})(?:\s?±\s?(?:{_NUM})\s?(?:{_UNITS})?)?"
    r"(?![A-Za-z0-9/])")
CODE = re.compile(r"\b(?=[A-Z0-9\-]*\d)[A-Z]{1,4}-[A-Z0-9]{1,4}(?:-[A-Z0-9]{1,4})?\b")
_SKIP_CODES = re.compile(r"^(?:WI|EDU|QF|ECR|WO|MRO|EN|CAT|ISO|RS)-")

PPE_TERMS: dict[str, tuple[str, ...]] = {
    # canonical item: the words that name it in a WI (EN and KO)
    "safety shoes": ("safety shoes", "안전화"),
    "safety glasses": ("safety glasses", "보안경"),
    "cut-resistant gloves": ("cut-resistant gloves",),
    "nitrile gloves": ("nitrile gloves", "니트릴 장갑"),
    "heat-resistant gloves": ("heat-resistant gloves", "방열 장갑", "내열 장갑"),
    "chemical-resistant gloves": ("chemical-resistant gloves", "내화학 장갑"),
    "oil-resistant gloves": ("oil-resistant gloves",),
    "face shield": ("face shield", "안면 보호구"),
    "hearing protection": ("hearing protection", "ear plugs", "귀마개"),
    "insulating gloves": ("insulating gloves", "electrical gloves", "절연 장갑"),
    "safety helmet": ("safety helmet", "hard hat", "안전모"),
}


@dataclass(frozen=True)
class Param:
    """One stated parameter: exact text, normalised numbers, normalised unit."""

    text: str
    values: tuple[str, ...]
    unit: str
    start: int
    end: int


def parameters(text: str) -> list[Param]:
    """Parameters with units stated in ``text``, in order (tolerances stay inside the span)."""
    out: list[Param] = []
    for m in PARAM.finditer(text):
        span = m.group(0).strip()
        main = m.group("value") + " " + m.group("unit")
        qs = quantities(main.replace("~", "-").replace("–", "-"))
        values = tuple(q.value for q in qs)
        unit = unit_of(m.group("unit"))
        if values:
            out.append(Param(span, values, unit, m.start(), m.start() + len(span)))
    return out


_UNIT_NAMES = {"℃": "°c", "minute": "min", "minutes": "min", "분": "min", "second": "s",
               "seconds": "s", "sec": "s", "초": "s", "hour": "h", "hours": "h", "시간": "h",
               "ml": "ml"}


def unit_of(raw: str) -> str:
    """Normalised unit: 'N·m' = 'Nm', '℃' = '°C', 'minutes' = 'min', '분' = 'min'."""
    u = re.sub(r"[\s·.]", "", raw).lower()
    return _UNIT_NAMES.get(u, u)


def codes(text: str) -> list[str]:
    """Tool / fixture / program codes ('TW-08', 'LA-30', 'NZ-30-20'); part and doc numbers skipped."""
    seen: dict[str, None] = {}
    for m in CODE.finditer(text):
        if not _SKIP_CODES.match(m.group(0)):
            seen.setdefault(m.group(0))
    return list(seen)


def ppe_items(text: str) -> list[tuple[str, str]]:
    """(canonical item, wording found) for each PPE item named in ``text``."""
    low = text.lower()
    out = []
    for item, words in PPE_TERMS.items():
        for w in words:
            if w in low:
                out.append((item, text[low.index(w): low.index(w) + len(w)]))
                break
    return out


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a line (for prompts), cut at ``limit`` characters."""
    m = re.match(r"(.+?[.!?。])(?:\s|$)|(.+?다\.)", text)
    s = (m.group(0) if m else text).strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
