"""What a question asks for, checked against the passages found: the asked value must be there.

A question such as "what torque do the FX-60-01 fixture screws get?" names its subject by a
code and asks for a value of a kind (a torque: Nm). Retrieval always finds *something* about
FX-60-01; the question is answerable only if some passage states a value of that kind *next to*
the subject (in the same sentence, step or row). When none does, quoting the passages would
answer a different question, so the answerer says "not found" and lists them as closest.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from copilot.answering.grounding import codes, quantities
from copilot.answering.quoting import GENERIC, expected_units, quantity_units, segments
from copilot.core.glossary import Concept, concepts
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


def _names_a_subject(subjects: set[str], text: str, hit: Hit) -> bool:
    """``text`` of ``hit`` names one of the (normalised) ``subjects``. A document's own id
    ("WI-OP30-001") is the subject of everything the document states, and "M8" names the
    "M8x25" bolts: one code may be the other's more specific form."""
    here = {_norm(c) for c in codes(f"{text} {hit.chunk.doc_id}")}
    return any(a.startswith(b) or b.startswith(a) for a in subjects for b in here)


def value_next_to_subject(want: Asked, hits: Sequence[Hit]) -> bool:
    """Some passage states a value of the asked kind in the same segment as a subject code."""
    subjects = {_norm(s) for s in want.subjects}
    return any(_names_a_subject(subjects, seg, hit)
               for hit, seg in _valued_segments(want.units, hits))


# Units a question may name outright ("(kW)", "in kg", "dB 값"): the unambiguous unit words of
# copilot.answering.grounding (one-letter units such as "m", "s", "a" are ordinary words).
NAMED_UNITS = frozenset({"nm", "kn", "bar", "mbar", "kpa", "mpa", "psi", "mm", "µm", "rpm", "kg",
                         "kw", "db", "hz", "ml"})


def named_units(question: str) -> frozenset[str]:
    """Units written in the question as words of their own: "rated power (kW)" -> {"kw"}."""
    return frozenset(w for w in re.findall(r"[a-zµ]+", question.lower()) if w in NAMED_UNITS)


# "What is the <thing> of/for X?", "Which <thing> does X use?", "Who is the <thing> of X?", and a
# bare "<thing> for/of X?": the noun phrase after the question word, up to the first preposition,
# auxiliary or article, names what is asked (English noun phrases end in their head).
_END = (r"(?:of|for|on|in|at|does|do|did|is|are|was|were|should|to|that|used|by|per|when|from"
        r"|with|has|have|had|can|will|would|after|before|during|the|a|an|and|or)")
_WORD = r"[a-z][\w\-./]*"
_ATTRIBUTE = (
    re.compile(rf"^(?:what|which)(?:['’]s|\s+(?:is|are|was|were))?\s+(?:(?:the|a|an)\s+)?"
               rf"(?P<np>(?:{_WORD}\s+){{0,3}}?{_WORD})\s+{_END}\b"),
    re.compile(rf"^who(?:['’]s|\s+(?:is|are|was|were))\s+(?:(?:the|a|an)\s+)?"
               rf"(?P<np>(?:{_WORD}\s+){{0,2}}?{_WORD})\s+{_END}\b"),
    re.compile(rf"^(?P<np>(?:{_WORD}\s+){{0,2}}{_WORD})\s+(?:of|for)\b"),
)
# Nouns that name only the frame of an answer ("the type of ...", "which range"): a document
# answers them with a value, never with the word itself
_FRAME = frozenset(tokenize("type kind size range order risk value level status condition "
                            "amount number detail details spec specs specification"))


@dataclass(frozen=True)
class Attribute:
    """What a question asks about its subject: the head word (with its translations) and the
    units a value of it is stated in ("torque" -> Nm), if the word hints at any."""

    concept: Concept
    units: frozenset[str] = frozenset()

    def stated_in(self, text: str) -> bool:
        """``text`` uses the word or states a value of its kind ("1064 nm", "25 Nm")."""
        return self.concept.found_in(set(tokenize(text))) or (
            bool(self.units) and any(x.unit in self.units for x in quantities(text)))


def asked_attribute(question: str, everyday: Collection[str] = ()) -> Attribute | None:
    """The head of what an English question asks for ("the hydraulic oil tank *capacity* of
    PRS-01" -> capacity; "which *refrigerant* type" -> refrigerant; "the cycle time" -> cycle
    when "time" is an ``everyday`` word), or None when the question has no such noun phrase or
    its head is a question, everyday or frame word."""
    if has_hangul(question):
        return None
    q = question.lower().strip()
    for pattern in _ATTRIBUTE:
        m = pattern.search(q)
        if m:
            break
    else:
        return None
    words = m.group("np").split()
    # "torque allowed": a participle after the noun; "refrigerant type": a frame word after the
    # noun that says what is asked ("laser marker settings": an everyday head asks nothing
    # checkable)
    while len(words) > 1 and (words[-1].endswith("ed") or _said(words[-1], ())):
        words = words[:-1]
    head = tokenize(words[-1])
    if len(head) != 1 or _said(words[-1], everyday) or any(ch.isdigit() for ch in head[0]):
        return None
    return Attribute(concepts(head)[0], expected_units(words[-1]))


def _said(word: str, everyday: Collection[str]) -> bool:
    """A word that names no attribute: a question, frame or everyday word."""
    return any(t in GENERIC or t in _FRAME or t in everyday for t in tokenize(word))


def attribute_next_to_subject(head: Attribute, question: str, hits: Sequence[Hit]) -> bool:
    """Some passage that names one of the question's codes (in its text, heading or document
    id) also uses the asked attribute's word (or its translation) or states a value of its
    kind. A question naming no code but a station's passes: a station code says where, its
    documents rarely repeat it, and what the question is about is judged elsewhere."""
    subjects = {_norm(c) for c in codes(question) if not STATION.fullmatch(c)}
    return not subjects or any(_names_a_subject(subjects, h.chunk.text, h)
                               and head.stated_in(h.chunk.text) for h in hits)


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
