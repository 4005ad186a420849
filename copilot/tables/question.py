"""The planner's two values: the question as read against one table, and what is found so far.

Planning is a pipeline of small functions (``filters`` -> ``intent`` -> ``meaning`` ->
``planner.decide``): each stage takes the fixed :class:`Question` and the :class:`Found` so far
and returns a new :class:`Found` (plus what it computed); nothing is shared or changed in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from copilot.core.schema import Column, TableSpec
from copilot.tables.linking import Link, Token, ValueIndex
from copilot.tables.plan import Condition

# A list of rows asked for by name: plural table nouns ("work orders", "failure modes", "WOs").
PLURAL = re.compile(r"\b(?:work\s+orders|wos|jobs|repairs|breakdowns|failure\s+modes|"
                     r"(?:p?fmea\s+)?(?:lines|rows|entries|items|records)|line\s+items|causes|"
                     r"orders|pms|cms)\b")

Span = tuple[int, int]


@dataclass(frozen=True)
class Mention:
    column: Column
    start: int
    end: int


@dataclass(frozen=True)
class Question:
    """One question read against one table: its words, links and column words (fixed)."""

    index: ValueIndex
    q: str  # lower-cased; word-word hyphens read as spaces
    toks: tuple[Token, ...]
    links: tuple[Link, ...]
    mentions: tuple[Mention, ...]
    today: date

    @property
    def spec(self) -> TableSpec:
        return self.index.spec

    def stations(self) -> list[str]:
        """Stations the question links, then every station the table knows."""
        return [lk.values[0] for lk in self.links if lk.column == "station"] + list(
            self.index.values.get("station", ()))


@dataclass(frozen=True)
class Found:
    """What the stages have explained so far: spans of the question, filters, notes."""

    used: tuple[Span, ...] = ()  # character spans explained so far
    conds: tuple[Condition, ...] = ()
    notes: tuple[str, ...] = ()
    numeric: bool = False  # a numeric comparison was found

    def taken(self, a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in self.used)

    def use(self, *spans: Span) -> Found:
        return replace(self, used=(*self.used, *spans))

    def add(self, *conds: Condition, span: Span | None = None) -> Found:
        """The conditions appended, and the words behind them explained."""
        return replace(self, conds=(*self.conds, *conds),
                       used=(*self.used, span) if span else self.used)

    def note(self, text: str) -> Found:
        return replace(self, notes=(*self.notes, text))

    def keep(self, conds: tuple[Condition, ...]) -> Found:
        return replace(self, conds=conds)
