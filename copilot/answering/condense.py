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

from copilot.core.lexicon.codes import ASSET, STATION, stations_in
from copilot.core.text import tokenize
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.prompts import render

_FOLLOW = re.compile(
    r"^\s*(and|what about|how about|same for|also|then|for|그럼|그러면|그리고|그건|이번엔)\b",
    re.IGNORECASE)


def is_follow_up(question: str) -> bool:
    words = question.split()
    return bool(_FOLLOW.match(question)) or len(words) <= 4


def condense(question: str, previous_questions: Sequence[str]) -> str | None:
    """Standalone rewrite, or None when the rule does not apply (caller may ask a model)."""
    if not previous_questions or not is_follow_up(question):
        return question
    prev = previous_questions[-1]
    stations = stations_in(question)
    assets = [a.upper() for a in ASSET.findall(question)]
    if stations or assets:
        out = prev
        if stations:
            out = STATION.sub(stations[0], out) if STATION.search(out) else f"{out} ({stations[0]})"
        if assets:
            out = ASSET.sub(assets[0], out) if ASSET.search(out) else f"{out} ({assets[0]})"
        return out
    return None


@dataclass(frozen=True)
class Standalone:
    """The question to search and plan with, and how it was obtained: as asked, by the rule
    above, or guessed (the previous question glued on, or a model's rewrite). Only a question
    that is certain goes to the table planner: a guess must not become row filters."""

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
