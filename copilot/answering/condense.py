"""Follow-up questions -> standalone questions, deterministically first.

"and for OP40?" after "OP30 housing bolts - what torque?" becomes "OP40 housing bolts - what
torque?": station and asset codes in the follow-up replace those of the same type in the
previous question. Longer follow-ups that stand on their own are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copilot.core.lexicon.codes import ASSET, STATION, stations_in

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
