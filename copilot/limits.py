"""Request limits: one request must not be able to stall everyone (issue 17, point 5).

Checked by the service, so the CLI, the HTTP API and the UI refuse the same things with the
same message; each error names the field and the limit with the setting that raises it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from copilot.core.errors import RequestLimitError
from copilot.core.settings import Settings

# Filter names are chunk field names (kind, station, asset, sheet, ...): a word, never an
# operator such as Chroma's "$and", which would reach the vector store as syntax.
FILTER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def _valid_text(name: str, text: str) -> None:
    """Refuse text that cannot be written back out as UTF-8 (a lone surrogate from JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RequestLimitError(name, f"character {exc.start + 1} is not valid text (a lone "
                                "UTF-16 surrogate); send the text as UTF-8") from None


@dataclass(frozen=True)
class RequestLimits:
    """Sizes a request may have; built from the settings of the same names."""

    question_chars: int = 2000
    history_items: int = 20
    history_chars: int = 8000
    filters: int = 8
    filter_value_chars: int = 200

    @classmethod
    def from_settings(cls, s: Settings) -> RequestLimits:
        return cls(s.max_question_chars, s.max_history_items, s.max_history_chars,
                   s.max_filters, s.max_filter_value_chars)

    def check_text(self, name: str, text: str) -> None:
        _valid_text(name, text)
        if len(text) > self.question_chars:
            raise RequestLimitError(name, f"{len(text):,} characters, over the limit of "
                                    f"{self.question_chars:,} (COPILOT_MAX_QUESTION_CHARS)")

    def check_history(self, history: Sequence[str]) -> None:
        if len(history) > self.history_items:
            raise RequestLimitError("history", f"{len(history)} items, over the limit of "
                                    f"{self.history_items} (COPILOT_MAX_HISTORY_ITEMS); "
                                    "send only the latest questions")
        for i, item in enumerate(history):
            _valid_text(f"history.{i}", item)
        total = sum(len(h) for h in history)
        if total > self.history_chars:
            raise RequestLimitError("history", f"{total:,} characters in all, over the limit "
                                    f"of {self.history_chars:,} (COPILOT_MAX_HISTORY_CHARS)")

    def latest_history(self, history: Sequence[str]) -> list[str]:
        """The most recent questions that fit the limits (what a long UI session sends)."""
        out: list[str] = []
        total = 0
        for item in reversed(history[-self.history_items:]):
            total += len(item)
            if total > self.history_chars:
                break
            out.append(item)
        return out[::-1]

    def check_where(self, where: Mapping[str, object] | None) -> None:
        if not where:
            return
        if len(where) > self.filters:
            raise RequestLimitError("where", f"{len(where)} filters, over the limit of "
                                    f"{self.filters} (COPILOT_MAX_FILTERS)")
        for key, value in where.items():
            if not isinstance(key, str) or not FILTER_NAME.fullmatch(key):
                raise RequestLimitError("where", f"filter name {str(key)[:50]!r} is not a field "
                                        "name (letters, digits, _; e.g. station, asset, kind)")
            if not isinstance(value, (str, int, float, bool)):
                raise RequestLimitError(f"where.{key}", "a filter value must be one string, "
                                        f"number or true/false (got {type(value).__name__})")
            if isinstance(value, str):
                _valid_text(f"where.{key}", value)
            if isinstance(value, str) and len(value) > self.filter_value_chars:
                raise RequestLimitError(f"where.{key}", f"{len(value):,} characters, over the "
                                        f"limit of {self.filter_value_chars} "
                                        "(COPILOT_MAX_FILTER_VALUE_CHARS)")

    def check_ask(self, question: str, history: Sequence[str],
                  where: Mapping[str, object] | None) -> None:
        self.check_text("question", question)
        self.check_history(history)
        self.check_where(where)

    def check_search(self, query: str, where: Mapping[str, object] | None) -> None:
        self.check_text("query", query)
        self.check_where(where)
