"""What a question asks for, checked against the passages found: the asked value must be there.

A question such as "what torque do the FX-60-01 fixture screws get?" names its subject by a
code and asks for a value of a kind (a torque: Nm). Retrieval always finds *something* about
FX-60-01; the question is answerable only if some passage states a value of that kind *next to*
the subject (in the same sentence, step or row). When none does, quoting the passages would
answer a different question, so the answerer says "not found" and lists them as closest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copilot.answering.grounding import codes, quantities
from copilot.answering.quoting import expected_units, segments
from copilot.core.lexicon.codes import ASSET, STATION
from copilot.core.types import Hit

SHORT = 300  # characters


@dataclass(frozen=True)
class Asked:
    """The kind of value asked for (units) and the codes that name the subject."""

    units: frozenset[str]
    subjects: frozenset[str]

    @property
    def checkable(self) -> bool:
        return bool(self.units) and bool(self.subjects)


def asked(question: str) -> Asked:
    # station and machine codes (OP30, PRS-02) say *where*, not *what*: a machine's documents
    # hold many values of a kind, stated beside the part, step or alarm rather than the machine
    subjects = {c for c in codes(question) if not STATION.fullmatch(c)
                and not ASSET.fullmatch(c.upper())}
    return Asked(expected_units(question), frozenset(subjects))


def _norm(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def value_next_to_subject(want: Asked, hits: Sequence[Hit]) -> bool:
    """Some passage states a value of the asked kind in the same segment as a subject code."""
    subjects = {_norm(s) for s in want.subjects}
    for h in hits:
        body = h.chunk.body
        # a short chunk (one step, one row) is one statement: its parts belong together
        for seg in [body] if len(body) <= SHORT else segments(body):
            if not any(x.unit in want.units for x in quantities(seg)):
                continue
            here = {_norm(c) for c in codes(seg)}
            # "M8" names the "M8x25" bolts: one code may be the other's more specific form
            if any(a.startswith(b) or b.startswith(a) for a in subjects for b in here):
                return True
    return False

