"""Words the table planner reads: intents, comparisons, emptiness, stop words, failure concepts.

English and Korean side by side. The patterns are here; the word lists (stop words, failure
concepts, generic values, type and priority aliases) are plain data in ``words.toml`` next to
this module, read once by :func:`load_words` - extend them per plant there (e.g. a plant's own
failure vocabulary under ``[concepts]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Literal

from copilot.core.data import load_toml


@dataclass(frozen=True)
class Words:
    """The planner's word lists, as read from ``words.toml``."""

    stop: frozenset[str]
    intent: frozenset[str]
    doc_generic: frozenset[str]
    generic_values: frozenset[str]
    concepts: Mapping[str, tuple[str, ...]]  # in file order: a word's concepts are added in it
    type_aliases: Mapping[str, tuple[str, ...]]  # in file order: the first word found wins
    ap_aliases: Mapping[str, str]


@cache
def load_words() -> Words:
    """Read ``words.toml`` (shipped as package data) once."""
    data = load_toml("copilot.tables", "words.toml")
    return Words(
        stop=frozenset((*data["stop"]["en"], *data["stop"]["ko"])),
        intent=frozenset((*data["intent_words"]["en"], *data["intent_words"]["ko"])),
        doc_generic=frozenset(data["linking"]["doc_generic"]),
        generic_values=frozenset(data["linking"]["generic_values"]),
        concepts=MappingProxyType({k: tuple(v) for k, v in data["concepts"].items()}),
        type_aliases=MappingProxyType(
            {k: tuple(v) for k, v in data["type_aliases"].items()}),
        ap_aliases=MappingProxyType(dict(data["ap_aliases"])))


COUNT = re.compile(r"\bhow\s+many\b(?!\s+(?:hours?|hrs|minutes?|mins|days|won|dollars|krw|aud))"
                   r"|\bnumber\s+of\b|\bcount\b|\bhow\s+often\b|몇\s*(?:건|개|번|회)"
                   r"|건수|개수|횟수")
AVG = re.compile(r"\baverage\b|\bmean\b|\bavg\b|평균")
SUM = re.compile(r"\btotal\b|\bsum\b|\baltogether\b|\bcombined\b|\badd(?:s|ed)? (?:it |them )?up\b"
                 r"|합계|총\s*(?:비용|비가동|정지|금액|시간)|총합|합치|합산|더하")
PERCENT = re.compile(r"\bpercent(?:age)?\b|\bshare\b|\bproportion\b|\bfraction\b|\bratio\b|비율|%")
# Superlatives pick the top group / row ("which asset had the most"); MAX_FN / MIN_FN are the
# aggregate functions ("max RPN per station") and keep every group.
SUPERLATIVE = re.compile(r"\bhighest\b|\blowest\b|\bmost\b|\bleast\b|\blargest\b|\bbiggest\b"
                         r"|\bsmallest\b|\bworst\b|\bgreatest\b|\blongest\b|\bshortest\b"
                         r"|\bfewest\b|\bcheapest\b|\bcostliest\b|\bpeak\b|가장|최다|제일"
                         r"|\btop\b(?![\s-]*\d)")  # "top RPN" (a number after it is TOP_N)
MAX_FN = re.compile(r"\bmax(?:imum)?\b|최대|최고")
MIN_FN = re.compile(r"\bmin(?:imum)?\b|최소|최저")
DOCS_ALL = re.compile(r"\bboth\b|\ball\s+(?:sources|logs|files|exports)\b|\btogether\b"
                      r"|\bcounting\b|\bincluding\b|\bcombined\b|\bplus\b|\+|모두|포함|합쳐|합산|및")
LIST = re.compile(r"\bwhich\b|\blist\b|\bshow\b|\bwhat\s+are\b|\bwhat\b|\bgive\s+me\b|\bname\b"
                  r"|\bfind\b|\bany\b|\ball\b|어떤|어느|무엇|목록|나열|알려|보여|찾아"
                  r"|던\s*건|건들|내역")
ORDER_ASC = re.compile(r"\blowest\s+first\b|\bascending\b|\bsmallest\s+first\b|\boldest\s+first\b"
                       r"|오름차순|낮은\s*순")
ORDER_BY = re.compile(r"\b(?:by|sorted\s+by|ordered\s+by|ranked\s+by|rank(?:ed)?\s+on)\s+"
                      r"([a-z][a-z /-]{0,30}?)(?:[,.?]|\s+(?:highest|lowest|descending|ascending|"
                      r"first|from|with|at|in|for)\b|$)|([가-힣]+)\s*(?:순|순서)")
TOP_N = re.compile(r"\btop[\s-]*(\d{1,3})\b|\b(\d{1,3})\s+(?:highest|lowest|worst|biggest|largest|"
                   r"most|top)\b|\bfirst\s+(\d{1,3})\b|상위\s*(\d{1,3})|(\d{1,3})\s*위")
GROUP = re.compile(r"\b(?:per|by|for\s+each|each|across|broken\s+down\s+by)\s+([a-z][a-z -]{1,25})"
                   r"|([가-힣a-z]+)\s*별")
DOC_CUES = re.compile(r"\bhow\s+(?:do|to|should|can)\b|\bwhat\s+(?:should|do|must)\s+(?:i|we)\b"
                      r"|\bprocedure\b|\binstructions?\b|\bsteps?\s+to\b|\bwhy\b|\bexplain\b"
                      r"|어떻게|방법|절차|왜")
EMPTY = re.compile(r"\b(?:no|without|missing|lacking|empty|blank)\s+(?:an?\s+|any\s+)?"
                   r"(?:(?:recommended|planned)\s+)?({cols})(?:\s+(?:yet|defined|assigned|set))?"
                   r"|({cols})\s*(?:이|가)?\s*(?:없|미정|미수립|누락)")
NOT_EMPTY = re.compile(r"\b(?:with|having|has|have)\s+(?:an?\s+|a\s+)?"
                       r"(?:(?:recommended|planned)\s+)?({cols})")
CAUSE_CUE = re.compile(r"\b(?:caused\s+by|due\s+to|because\s+of|cause[sd]?\s+(?:is|was|of)?)\s+"
                       r"|원인")

# Comparison phrases around a number (the number is written N).
_GE = (r"(?:at\s+least|no\s+less\s+than|minimum(?:\s+of)?|min\.?|>=|≥|=>|not\s+below)\s*N",
       r"N\s*(?:or\s+(?:more|higher|above|greater|over|worse)|and\s+(?:up|above|higher|over)"
       r"|\+|이상)")
_GT = (r"(?:more\s+than|over|above|greater\s+than|higher\s+than|exceed(?:s|ing)?|>|bigger\s+than|"
       r"beyond)\s*N", r"N\s*(?:초과|넘는|넘게|보다\s*(?:높|많|크|큰))")
_LE = (r"(?:at\s+most|no\s+more\s+than|up\s+to|<=|≤|=<|maximum(?:\s+of)?|max\.?|not\s+above)\s*N",
       r"N(?:\s*(?:or\s+(?:less|lower|below|fewer|under)|and\s+(?:below|under|lower)|이하)"
       r"|-(?![\w\d]))")
_LT = (r"(?:less\s+than|under|below|lower\s+than|fewer\s+than|<|smaller\s+than)\s*N",
       r"N\s*(?:미만|보다\s*(?:낮|적|작))")
_EQ = (r"(?:=|==|equals?|equal\s+to|of|is|are|rated(?:\s+at)?|exactly)\s*N", r"N\s*(?:인|점)")
COMPARISONS: tuple[tuple[Literal[">=", ">", "<=", "<", "="], tuple[str, ...]], ...] = (
    (">=", _GE), (">", _GT), ("<=", _LE), ("<", _LT), ("=", _EQ))
RANGE = re.compile(r"\bbetween\s+(\d+(?:\.\d+)?)\s+and\s+(\d+(?:\.\d+)?)"
                   r"|(?<![\w.-])(\d+(?:\.\d+)?)\s*(?:-|–|~|to)\s*(\d+(?:\.\d+)?)(?![\w.-])")

WORDS = load_words()
STOP = WORDS.stop
# A failure concept and the words rows use for it (matched as substrings, any language).
CONCEPTS = WORDS.concepts
