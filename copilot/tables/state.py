"""What planning a question shares across its steps: the question, its words, what is explained.

The planner's steps (filters, intent, meaning) are mixins over this state so each concern sits
in its own module; ``planner._Build`` combines them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from copilot.core.schema import Column
from copilot.tables.linking import Link, Token, ValueIndex
from copilot.tables.plan import Condition

# A list of rows asked for by name: plural table nouns ("work orders", "failure modes", "WOs").
PLURAL = re.compile(r"\b(?:work\s+orders|wos|jobs|repairs|breakdowns|failure\s+modes|"
                     r"(?:p?fmea\s+)?(?:lines|rows|entries|items|records)|line\s+items|causes|"
                     r"orders|pms|cms)\b")


@dataclass(frozen=True)
class Mention:
    column: Column
    start: int
    end: int


class State:
    """One question's planning state: spans already explained, filters found, notes."""

    def __init__(self, index: ValueIndex, q: str, toks: list[Token], links: list[Link],
                 mentions: list[Mention], today: date) -> None:
        self.index, self.spec = index, index.spec
        self.q, self.toks, self.links, self.mentions = q, toks, links, mentions
        self.today = today
        self.known_stations = list(index.values.get("station", ()))
        self.used: list[tuple[int, int]] = []  # character spans explained so far
        self.conds: list[Condition] = []
        self.notes: list[str] = []

    def use(self, a: int, b: int) -> None:
        self.used.append((a, b))

    def _taken(self, a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in self.used)
