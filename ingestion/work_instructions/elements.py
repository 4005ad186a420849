"""The elements every work-instruction reader produces: typed pieces of a document in reading
order, plus the line rules that all readers share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from copilot.core.lexicon.safety import written_forms
from ingestion.base import SourceFile

Category = Literal["title", "heading", "paragraph", "list_item", "table"]
Rows = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Element:
    """One typed piece of a document, in reading order."""

    category: Category
    text: str
    level: int = 0  # heading level (1 = top) or list nesting depth (0 = top level)
    page: int | None = None  # 1-based PDF page
    ordered: bool = False  # item of a numbered list whose number is not in the text (Word/HTML)
    strong: bool = False  # whole line bold or larger than body text: a heading candidate
    standalone: bool = False  # a one-line block with blank lines around it (plain text)
    rows: Rows = ()  # table cells, first row = header


@dataclass(frozen=True)
class Extracted:
    """What a reader returns: body elements plus page furniture used only for metadata."""

    elements: tuple[Element, ...]
    furniture: tuple[str, ...] = ()  # page headers/footers, front matter: never records
    warnings: tuple[str, ...] = ()

    @property
    def markup_headings(self) -> bool:
        """True when the format marked headings itself (styles, '#', <h2>, larger font)."""
        return sum(1 for e in self.elements if e.category in ("heading", "title")) >= 2


Reader = Callable[[bytes, SourceFile], Extracted]

# A line that starts a new element even without a blank line before it.
STARTER = re.compile(
    r"^(?:(?-i:Step|STEP|단계)\s*\d|\d+단계|\d+(?:\.\d+)*[.)]\s|\d+\.\d+(?:\.\d+)*\s|[\u2460-\u2473]"
    r"|\((?:[a-z]{1,4}|\d{1,3}|[A-Z])\)|[-*+•·○▪■□◦‣]\s|[가-하][.)]\s|제\d+조"
    rf"|\W{{0,3}}(?-i:{written_forms()})\b"
    r"|(?-i:[A-Z가-힣][\w .#/가-힣]{0,24})[:：](?:\s|$))",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Collapse runs of blanks (keeping line breaks) and strip the ends."""
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def split_lines(text: str) -> list[str]:
    """Split a multi-line block where a line starts a new item; join the other lines."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and not STARTER.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return out
