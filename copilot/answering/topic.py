"""What a question is about: the record kinds it names, read from the record schemas."""

from __future__ import annotations

import re

from copilot.core.schema import TABLES


def record_kinds_asked(question: str) -> frozenset[str]:
    """Record kinds (PFMEA rows, work orders) the question is about, read from the record
    schemas: a record noun ("failure mode", "repair", "작업지시") or a column only that kind has
    ("severity", "cost"). Otherwise a question is about the procedure, and the controlled work
    instruction should lead the answer, not a PFMEA row or a work order that mentions the same
    words."""
    q = question.lower()
    kinds: set[str] = set()
    for spec in TABLES:
        shared = {c.name for t in TABLES if t is not spec for c in t.columns}
        own = [syn for c in spec.columns if c.name not in shared and not c.base
               for syn in c.synonyms if len(syn) > 3]
        if spec.nouns_in(q) or any(_word_in(syn, q) for syn in own):
            kinds.add(spec.kind)
    return frozenset(kinds)


def _word_in(phrase: str, q: str) -> bool:
    if not phrase.isascii():
        return phrase in q
    return re.search(rf"(?<![a-z0-9_-]){re.escape(phrase)}(?![a-z0-9_-])", q) is not None
