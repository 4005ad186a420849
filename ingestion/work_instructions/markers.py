"""Line patterns of procedures: step numbers, section headings, CFR paragraphs; safety labels
are plant vocabulary (``copilot.core.lexicon.safety``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.core import lexicon

_STEP_WORD = re.compile(r"^(?:Step|STEP|단계)\s*(\d+(?:\.\d+)*)\s*[:.)\-–]?\s*")
_KO_STEP = re.compile(r"^(\d+)\s*단계\s*[:.)]?\s*")
_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$)")
_DOT = re.compile(r"^(\d{1,3})\.(?:\s+|$)")
_PAREN = re.compile(r"^(\d{1,3})\)\s*")
_CIRCLED = re.compile(r"^([\u2460-\u2473])\s*")
_CFR = re.compile(r"^((?:\((?:[a-z]{1,4}|\d{1,3}|[A-Z])\))+)\s*")
_SECTION_NO = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
ARTICLE = re.compile(r"^(제\s*\d+\s*조(?:의\s*\d+)?)\s*(?:\(([^)]{1,60})\))?\s*")
_CAPTION = re.compile(r"^(.{2,90}?)(?:\.\s+|\.$|\s+[—–]\s*|[—–]\s*$|\s{2,})")

_SECTIONS = lexicon.load("sections")  # usual section names (EN, KO) and heading rules
SECTION_WORDS = frozenset(_SECTIONS["en"])
KO_SECTION_WORDS: tuple[str, ...] = tuple(_SECTIONS["ko"])
# a heading never ends like a sentence: punctuation, or a Korean sentence ending
_SENTENCE_ENDS: tuple[str, ...] = (".", ",", ";", ":", "!", "?", *_SECTIONS["sentence_endings"])
TABLE_CAPTION = re.compile(r"^(?:table|tab\.|표)\s*\d+\b", re.IGNORECASE)
_TRAILING_SMALL = frozenset(_SECTIONS["trailing_small"])


@dataclass(frozen=True)
class Marker:
    """A step number found at the start of a line."""

    style: str  # step | decimal | dot | paren | circled | cfr | auto
    number: str  # as cited: "3", "4.3", "①", "(d)(5)(ii)"
    rest: str  # the text after the number


def step_marker(text: str) -> Marker | None:
    """The step number at the start of ``text`` (CFR paragraph ids included)."""
    for style, pattern in (("step", _STEP_WORD), ("step", _KO_STEP), ("decimal", _DECIMAL),
                           ("dot", _DOT), ("paren", _PAREN), ("circled", _CIRCLED),
                           ("cfr", _CFR)):
        m = pattern.match(text)
        if m:
            return Marker(style, m.group(1), text[m.end():].strip())
    return None


def ordinal(number: str | None) -> int | None:
    """Integer value of a step/section number: '3' -> 3, '③' -> 3, '(d)(3)' -> 3; else None."""
    if not number:
        return None
    if len(number) == 1 and "\u2460" <= number <= "\u2473":
        return ord(number) - 0x2460 + 1
    last = cfr_tokens(number)[-1:] or [number]
    return int(last[0]) if last[0].isascii() and last[0].isdigit() else None


def cfr_tokens(number: str) -> list[str]:
    """'(c)(4)' -> ['c', '4']."""
    return re.findall(r"\(([^)]+)\)", number)


def cfr_level(token: str, deepest: int) -> int:
    """CFR paragraph level: (a)=1, (1)=2, (i)=3, (A)=4; roman only below a numbered level."""
    if token.isdigit():
        return 2
    if token.isupper():
        return 4
    if set(token) <= set("ivxl") and deepest >= 2:
        return 3
    return 1


def caption(text: str) -> tuple[str, str]:
    """('Stored energy', rest) for 'Stored energy.  Following the ...'; ('', text) if none."""
    m = _CAPTION.match(text)
    if m and len(m.group(1).split()) <= 10:
        return m.group(1).strip(" .—–-"), text[m.end():].strip()
    if len(text.split()) <= 6 and not text.endswith((".", ":", ";")):
        return text.strip(" —–-"), ""
    return "", text


def section_label(text: str) -> tuple[str, str | None]:
    """('4 Procedure', '4') for '4. Procedure'; Korean articles keep their form."""
    text = " ".join(text.split())
    art = ARTICLE.match(text)
    if art:
        number = art.group(1).replace(" ", "")
        title = art.group(2) or text[art.end():].strip()
        return (f"{number} ({title})" if title else number), number
    m = _SECTION_NO.match(text)
    if m:
        return f"{m.group(1)} {m.group(2).rstrip(':').strip()}", m.group(1)
    return text.rstrip(":").strip(), None


def looks_like_title(text: str) -> bool:
    """Short, no sentence ending, not ending in a small word: could be a heading."""
    text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+", "", text.strip())  # "4. Procedure"
    words = text.split()
    if not words or len(words) > 9 or len(text) > 80:
        return False
    if text.endswith(_SENTENCE_ENDS):
        return False
    return words[-1].lower() not in _TRAILING_SMALL and (text[0].isupper() or not text[0].isascii()
                                                          or text[0] in "§")


def is_numbered_heading(text: str) -> bool:
    """'1. Purpose' / '4. 작업 순서': a top-level number and a usual section name."""
    label, number = section_label(text)
    if number is None or not number.isdigit() or not looks_like_title(text):
        return False
    title = label.split(" ", 1)[1] if " " in label else ""
    return is_section_word(title) or is_title_case(title)


def is_section_word(title: str) -> bool:
    """Title starts with a usual WI section name (Purpose, 안전, Tools...)."""
    first = re.split(r"[\s/&,:()-]+", title.lower(), maxsplit=1)[0]
    if first in SECTION_WORDS:
        return True
    return any(title == w or title.startswith(w + " ") for w in KO_SECTION_WORDS)


def is_title_case(title: str) -> bool:
    """Every long word capitalised ("Safety and PPE", not "Remove cover")."""
    long_words = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and all(w[0].isupper() for w in long_words)
