"""The Retriever port: a question in, ranked hits out (plus the words no document contains)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.types import Hit
from copilot.store.index.base import Where

# Hit.signals key: the chunk holds a rare identifier the question names, or is the article
IDENTITY = "identity"  # ("제104조") the question names


@dataclass(frozen=True)
class SearchResult:
    """Hits best first. ``unknown_terms``: the query's words that occur in no indexed document
    (None when the retriever cannot tell); the answerer abstains on a question about them."""

    query: str
    hits: tuple[Hit, ...]
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    unknown_terms: tuple[str, ...] | None = None
    unknown_names: tuple[str, ...] = ()  # "Chiller 5" where the documents name Chiller 6, 9, ...


class Retriever(Protocol):
    """What answering and drafting need from search; the hybrid BM25 + vector retriever and the
    test fake implement it."""

    def search(self, query: str, k: int = 10, where: Where | None = None,
               include_superseded: bool = False,
               scope: AccessScope = UNRESTRICTED) -> SearchResult:
        """The ``k`` best current chunks for ``query`` matching ``where`` (superseded revisions
        only if asked) among those ``scope`` may read, the scope applied before ranking;
        raises QueryError for an empty query or ``k`` < 1."""
        ...
