"""Follow-up questions -> standalone questions, deterministically first.

"and for OP40?" after "OP30 housing bolts - what torque?" becomes "OP40 housing bolts - what
torque?": station and asset codes in the follow-up replace those of the same type in the
previous question. Longer follow-ups that stand on their own are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from copilot.core.lexicon.codes import ASSET, REVISION, STATION, stations_in
from copilot.core.lexicon.names import ARTICLE
from copilot.core.text import tokenize
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.prompts import render

_FOLLOW = re.compile(
    r"^\s*(and|what about|how about|same for|also|then|for|그럼|그러면|그리고|그건|이번엔)\b",
    re.IGNORECASE)


# Words that point back (pronouns and demonstratives, a closed class of the grammar in both
# languages), and what names a thing of its own: a code or number, an upper-case id, a lone
# letter after a noun ("excavator C"), a capitalised name inside the sentence. A revision
# ("Rev A", "개정 B") names a version of something, not the thing.
_BACK = re.compile(
    r"\b(it|its|they|them|their|those|these|this|that|then|there|one)\b"
    r"|(?:^|\s)[그이저]\s|그거|이거|저거|거기|그때|그것|이것|그 다음", re.IGNORECASE)
_NAMED = re.compile(r"\w*\d|\b[A-Z]{2,}\b|(?<=[a-z] )[A-Z]\b|(?<=\w )[A-Z][a-z]+")


def names_its_subject(question: str) -> bool:
    """True when the question names something of its own to be about (see _NAMED)."""
    return bool(_NAMED.search(REVISION.sub(" ", question)))


def is_follow_up(question: str) -> bool:
    """A continuation ("and for OP40?"), a fragment of up to four words, or a question that
    names nothing of its own and either points back ("which step comes after that?") or is
    barely a sentence ("how long was the downtime?"). Pronouns in a question that names its
    subject point inside it ("Chiller 13 has a leak. Has it had one before?")."""
    words = question.split()
    if _FOLLOW.match(question) or len(words) <= 4:
        return True
    return not names_its_subject(question) and (bool(_BACK.search(question)) or len(words) <= 5)


def condense(question: str, previous_questions: Sequence[str]) -> str | None:
    """Standalone rewrite, or None when the rule does not apply (caller may ask a model)."""
    if not previous_questions or not is_follow_up(question):
        return question
    prev = previous_questions[-1]
    stations = stations_in(question)
    assets = [a.upper() for a in ASSET.findall(question)]
    if not stations and not assets and (swapped := _swap_instance(question, prev)):
        return swapped
    if stations or assets:
        out = prev
        if stations:
            out = STATION.sub(stations[0], out) if STATION.search(out) else f"{out} ({stations[0]})"
        if assets:
            out = ASSET.sub(assets[0], out) if ASSET.search(out) else f"{out} ({assets[0]})"
        return out
    return None


# A named instance: a kind and its id, "excavator E", "Chiller 6", "line 2", "pump B".
_INSTANCE = re.compile(r"([A-Za-z]{3,}|[가-힣]{2,})\s+([A-Z]|\d{1,3})(?![A-Za-z0-9.-])",
                       re.IGNORECASE)


# Slots a follow-up may change alone: a year ("그럼 2025년은?"), a statute article ("제104조는?"),
# a revision ("and in Rev B?"). Group 1 is the value.
_SLOTS = (re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])"), ARTICLE, REVISION)


def _swap_instance(question: str, prev: str) -> str | None:
    """"what about excavator E?" after "... on excavator C?" -> the previous question about
    excavator E: an instance of a kind the previous question named replaces that instance;
    likewise a year, an article or a revision that replaces the previous question's one."""
    for kind, ident in _INSTANCE.findall(question):
        if ident.isalpha() and not ident.isupper():
            continue  # "chiller a" is not an id, "excavator A" is
        pattern = re.compile(rf"({re.escape(kind)})\s+([A-Z]|\d{{1,3}})(?![A-Za-z0-9.-])",
                             re.IGNORECASE)
        if (m := pattern.search(prev)) and m[2] != ident:
            return f"{prev[:m.start(2)]}{ident}{prev[m.end(2):]}"
    for slot in _SLOTS:
        new, old = slot.findall(question), list(slot.finditer(prev))
        if len(new) == 1 and len(old) == 1 and old[0][1] != new[0]:
            return f"{prev[:old[0].start(1)]}{new[0]}{prev[old[0].end(1):]}"
    return None


@dataclass(frozen=True)
class Standalone:
    """The question to search and plan with, and how it was obtained: as asked, by the rule
    above, or guessed (the previous question glued on, or a model's rewrite). A certain
    question may get a table answer of its own; a glued one only one shown before the
    documents' answer (the router), a model's rewrite none: a guess must not stand alone."""

    text: str
    by: Literal["question", "rule", "fallback", "model"]

    @property
    def certain(self) -> bool:
        return self.by in ("question", "rule")


def standalone(question: str, history: Sequence[str],
               generator: Callable[[], Generator] | None = None) -> Standalone:
    """Deterministic rewrite first; a capable model (if given) may rewrite what the rule cannot."""
    rewritten = condense(question, history)
    if rewritten is not None:
        return Standalone(rewritten, "question" if rewritten == question else "rule")
    fallback = f"{history[-1]} {question}"
    if generator is None or not generator().capable:
        return Standalone(fallback, "fallback")
    out = model_rewrite(question, history, generator())
    # A rewrite must stay a short question about the same things, else use the fallback.
    if 0 < len(out) <= 300 and set(tokenize(out)) & set(tokenize(fallback)):
        return Standalone(out, "model")
    return Standalone(fallback, "fallback")


def model_rewrite(question: str, history: Sequence[str], generator: Generator) -> str:
    """The model's standalone form of a follow-up (prompts/condense.md): its first line."""
    prompt = render("condense", history="\n".join(f"User: {h}" for h in history[-3:]),
                    question=question)
    return generator.complete([ChatMessage("user", prompt)],
                              GenerationParams(max_tokens=64)).strip().split("\n")[0]
