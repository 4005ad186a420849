"""What a question asks for, checked against the passages found: the asked value must be there.

A question such as "what torque do the FX-60-01 fixture screws get?" names its subject by a
code and asks for a value of a kind (a torque: Nm). Retrieval always finds *something* about
FX-60-01; the question is answerable only if some passage states a value of that kind *next to*
the subject (in the same sentence, step or row). When none does, quoting the passages would
answer a different question, so the answerer says "not found" and lists them as closest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from copilot.answering.grounding import codes, quantities
from copilot.answering.quoting import expected_units, quantity_units, segments
from copilot.core.glossary import Concept
from copilot.core.lexicon.codes import ASSET, STATION
from copilot.core.text import has_hangul, tokenize
from copilot.core.types import Hit

SHORT = 300  # characters
_WHEN = re.compile(r"\bwhen\b|언제|며칠에|날짜", re.IGNORECASE)  # the question asks a date


@dataclass(frozen=True)
class Asked:
    """The kind of value asked for (units) and the codes that name the subject."""

    units: frozenset[str]
    subjects: frozenset[str]
    # units of a quantity the question names or writes ("torque", "(kW)"): a value of that
    # kind must be stated about what the question is about (value_about_topic)
    named: frozenset[str] = frozenset()

    @property
    def checkable(self) -> bool:
        return bool(self.units) and bool(self.subjects)


def asked(question: str) -> Asked:
    # station and machine codes (OP30, PRS-02) say *where*, not *what*: a machine's documents
    # hold many values of a kind, stated beside the part, step or alarm rather than the machine
    subjects = {c for c in codes(question) if not STATION.fullmatch(c)
                and not ASSET.fullmatch(c.upper())}
    # a unit the question states a value in ("force only 16 kN - why?") is given, not asked
    stated = {x.unit for x in quantities(question)}
    named = named_units(question) | quantity_units(question)
    # "when did the adapter last leak?" asks a date: the units a word hints at ("leak" ->
    # cc/min) are not asked, only a quantity the question names
    units = named if _WHEN.search(question) else expected_units(question)
    return Asked(frozenset(units), frozenset(subjects), frozenset() if named & stated else named)


def _norm(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def _valued_segments(units: frozenset[str], hits: Sequence[Hit]) -> Iterator[tuple[Hit, str]]:
    """The hits' segments that state a value in one of ``units``; a short chunk (one step, one
    row) is one statement: its parts belong together."""
    for h in hits:
        body = h.chunk.body
        for seg in [body] if len(body) <= SHORT else segments(body):
            if any(x.unit in units for x in quantities(seg)):
                yield h, seg


def value_next_to_subject(want: Asked, hits: Sequence[Hit]) -> bool:
    """Some passage states a value of the asked kind in the same segment as a subject code."""
    subjects = {_norm(s) for s in want.subjects}
    for hit, seg in _valued_segments(want.units, hits):
        # a document's own id ("WI-OP30-001") is the subject of everything the document states
        here = {_norm(c) for c in codes(f"{seg} {hit.chunk.doc_id}")}
        # "M8" names the "M8x25" bolts: one code may be the other's more specific form
        if any(a.startswith(b) or b.startswith(a) for a in subjects for b in here):
            return True
    return False


# Units a question may name outright ("(kW)", "in kg", "dB 값"): the unambiguous unit words of
# copilot.answering.grounding (one-letter units such as "m", "s", "a" are ordinary words).
NAMED_UNITS = frozenset({"nm", "kn", "bar", "mbar", "kpa", "mpa", "psi", "mm", "µm", "rpm", "kg",
                         "kw", "db", "hz", "ml"})


def named_units(question: str) -> frozenset[str]:
    """Units written in the question as words of their own: "rated power (kW)" -> {"kw"}."""
    return frozenset(w for w in re.findall(r"[a-zµ]+", question.lower()) if w in NAMED_UNITS)


def value_about_topic(units: frozenset[str], topic: Sequence[Concept],
                      hits: Sequence[Hit]) -> bool:
    """Some passage states a value of the asked kind in the same segment as one of the
    question's topic words (or its translation). A segment in another script than the
    question is judged by the value alone: its words cannot be compared with the question's."""
    ko = any(has_hangul(c.token) for c in topic)
    # only the topic words the passages use at all: the others (the part of "how many failure
    # modes at OP20 and how to check the force?" a table answers) say nothing about the value
    used = set().union(*(set(tokenize(h.chunk.body)) for h in hits))
    topic = [c for c in topic if c.found_in(used)]
    return any(not topic or (ko and not has_hangul(seg))
               or any(c.found_in(set(tokenize(seg))) for c in topic)
               for _, seg in _valued_segments(units, hits))
