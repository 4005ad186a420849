"""Extractive answers: the source passages that best answer a question, quoted verbatim.

The answerer falls back to quoting when the model is too small, when generation is not wanted,
or when verification drops too much of a generated answer. Also here: the citations and safety
lines of the sources an answer used, shared by the generated and the quoted answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from copilot.answering.grounding import quantities
from copilot.answering.topic import record_kinds_asked
from copilot.core.lexicon.safety import safety_lines
from copilot.core.messages import message
from copilot.core.text import tokenize, word_forms
from copilot.core.types import Answer, Citation, Hit, Locator
from copilot.retrieval.port import IDENTITY

# Words that say what kind of answer is wanted, not what it is about.
GENERIC = set(tokenize("what which how when where who why do does should check first please "
                       "tell me show list is are the a an for on in at of to with value "
                       "무엇 어떻게 언제 어디 먼저 알려 주세요 해야 하나요 있나요 뭐 점검"))


def extractive(base: Answer, question: str, sources: Sequence[Hit], lang: str) -> Answer:
    """``base`` answered by up to three quoted passages of ``sources``, each cited."""
    q = set(tokenize(question)) - GENERIC
    words = [w - GENERIC for w in dict.fromkeys(word_forms(question)) if w - GENERIC]
    units = expected_units(question)
    about = record_kinds_asked(question)
    scored: list[tuple[float, int, str]] = []
    overlaps: dict[int, int] = {}
    for n, h in enumerate(sources, start=1):
        # a row (PFMEA line, work order) is the citable unit: quote it nearly whole
        limit = 320 if h.chunk.kind == "work_instruction" else 800
        quote = best_passage(h, q, max_chars=limit, units=units)
        found = set(tokenize(quote))
        overlap = sum(1 for w in words if w & found)  # question words, not their token forms
        has_unit = bool(units) and any(x.unit in units for x in quantities(quote))
        # rank by overlap, favour passages stating the kind of value asked for, then the kind
        # of record asked about: PFMEA rows and work orders when the question names them (risks,
        # history), else the work instruction (the controlled spec); then retrieval rank
        prior = 1.5 if (h.chunk.kind in about if about
                        else h.chunk.kind == "work_instruction") else 0.0
        prior += 5.0 * h.signals.get(IDENTITY, 0.0)  # the record the question names by id
        scored.append((overlap + (3 if has_unit else 0) + prior - 0.1 * n, n, quote))
        overlaps[n] = overlap
    if _LATEST.search(question.lower()):
        scored = _newest_first(scored, sources, overlaps)
    scored.sort(reverse=True)
    lines: list[str] = []
    cited: set[int] = set()
    seen: set[str] = set()  # a row of a sheet saved twice is quoted once, not twice of three
    for score, n, quote in scored:
        if len(lines) == 3 or (lines and score <= 0):
            break
        where = _heading(sources[n - 1].chunk.locator)
        said = " ".join(f"{where} {quote}".lower().split())
        if said in seen:
            continue
        seen.add(said)
        lines.append(f'- {where}: "{quote}" [{n}]' if where else f'- "{quote}" [{n}]')
        cited.add(n)
    text = message("answer.extractive_lead", lang) + "\n" + "\n".join(lines)
    return replace(base, text=text, extractive=True, method="extractive",
                   citations=citations(sources, cited), safety=safety(sources, cited))


# "when did ... last", "the latest one", "most recent", "마지막", "최근": the newest matching record
_LATEST = re.compile(r"\b(?:latest|most recent|last(?!\s+(?:year|month|week|quarter|shift)))\b"
                     r"|마지막|최근")


def _newest_first(scored: list[tuple[float, int, str]], sources: Sequence[Hit],
                  overlaps: dict[int, int]) -> list[tuple[float, int, str]]:
    """Among the dated records (work orders) that share the most question words (one less
    counts too), the newest leads: "when did excavator D last get its engine swapped?" is
    answered by the last such job, not the most similar one."""
    dated = {n: str(sources[n - 1].chunk.metadata.get("date") or "") for n in overlaps}
    dated = {n: d for n, d in dated.items() if d}
    if not dated:
        return scored
    best = max(overlaps[n] for n in dated)
    newest = max((n for n in dated if overlaps[n] >= best - 1), key=lambda n: dated[n])
    return [(score + (3.0 if n == newest else 0.0), n, quote) for score, n, quote in scored]


def citations(sources: Sequence[Hit], cited: set[int]) -> tuple[Citation, ...]:
    """The cited sources (1-based numbers) as citations, quoting each chunk's body."""
    return tuple(
        Citation(n=n, chunk_id=sources[n - 1].chunk.id, source=sources[n - 1].chunk.source,
                 locator=str(sources[n - 1].chunk.locator),
                 quote=sources[n - 1].chunk.body.strip(), kind=sources[n - 1].chunk.kind,
                 doc_id=sources[n - 1].chunk.doc_id, revision=sources[n - 1].chunk.revision)
        for n in sorted(cited))


def safety(sources: Sequence[Hit], cited: set[int]) -> tuple[str, ...]:
    """The safety lines (WARNING, CAUTION, ...) of the cited sources, each once."""
    seen: dict[str, None] = {}
    for n in sorted(cited):
        for line in safety_lines(sources[n - 1].chunk.text):
            seen.setdefault(line, None)
    return tuple(seen)


_UNIT_HINTS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("torque", "토크", "체결", "nm"), frozenset({"nm"})),
    (("temperature", "temp", "hot", "온도", "°c", "도"), frozenset({"°c"})),
    (("pressure", "압력", "bar"), frozenset({"bar", "mbar", "kpa", "mpa", "psi"})),
    (("force", "하중", "kn"), frozenset({"kn", "n"})),
    (("volume", "litre", "liter", "oil", "리터", "오일"), frozenset({"l", "ml"})),
    (("leak", "누설", "cc"), frozenset({"cc/min", "cc"})),
    (("long", "wait", "time", "minutes", "seconds", "분", "시간"), frozenset({"s", "min", "h"})),
)


@cache
def unit_words() -> frozenset[str]:
    """The words that say which kind of value is asked ("torque", "압력"), as tokens."""
    return frozenset(tokenize(" ".join(w for words, _ in _UNIT_HINTS for w in words)))


# The hint words that name a measured quantity. The other hints also name things or events
# ("oil", "leak", "hot air", "last time", "how long"), so they rank passages but do not prove
# that a value is what the question asks for.
QUANTITY_NAMES = frozenset({"torque", "토크", "temperature", "온도", "pressure", "압력", "force",
                            "하중", "volume", "litre", "liter", "리터"})


def quantity_units(question: str) -> frozenset[str]:
    """Units of a measured quantity the question names ("what torque" -> Nm)."""
    low = question.lower()
    return frozenset(u for words, units in _UNIT_HINTS for w in words
                     if w in QUANTITY_NAMES and _hint_in(w, low) for u in units)


def expected_units(question: str) -> frozenset[str]:
    """Units of the value a question asks for ("what torque" -> Nm), from keywords."""
    low = question.lower()
    out: set[str] = set()
    for words, units in _UNIT_HINTS:
        if any(_hint_in(w, low) for w in words):
            out |= units
    return frozenset(out)


def _hint_in(word: str, low: str) -> bool:
    """A unit hint as a word: "nm" is not in "environment", "hot" not in "shot"; a one-syllable
    Korean unit ("도", "분") only after a number or 몇 ("몇 도", "30분"), not inside "속도"."""
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", low) is not None
    if len(word) == 1:
        return re.search(rf"(?:\d|몇)\s*{re.escape(word)}", low) is not None
    return word in low


_SEGMENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9가-힣])|\s+\|\s+|\n+|(?<=; )(?=Step: )|(?<=다\.)\s*")


def segments(body: str) -> list[str]:
    """A chunk body's quotable segments: sentences, row cells, table rows."""
    return [x.strip() for x in _SEGMENT.split(body) if x and x.strip()]


def best_passage(hit: Hit, q: set[str], max_chars: int = 320,
                 units: frozenset[str] = frozenset()) -> str:
    """The chunk's segments (sentences, row cells, table rows) that best answer the question,
    quoted verbatim in document order, joined with ' … '."""
    body = hit.chunk.body.strip()
    if len(body) <= max_chars:
        return body
    segs = segments(body)

    def score(i: int) -> float:
        toks = set(tokenize(segs[i]))
        unit = bool(units) and any(x.unit in units for x in quantities(segs[i]))
        return len(q & toks) + (2.0 if unit else 0.0) - 0.01 * i

    order = sorted(range(len(segs)), key=score, reverse=True)
    keep: list[int] = []
    used = 0
    for i in order:
        if keep and (score(i) <= 0 or used + len(segs[i]) > max_chars):
            continue
        keep.append(i)
        used += len(segs[i])
        if used >= max_chars or len(keep) == 3:
            break
    out = " … ".join(segs[i] for i in sorted(keep))
    return out if len(out) <= max_chars * 1.5 else out[: int(max_chars * 1.5)] + "…"


def _heading(loc: Locator) -> str:
    """The heading a quoted passage sits under (document, section, step / article, paragraph).

    A quote torn from its heading loses what the reader asked for as often as not: the article
    number of a statute paragraph, the step number of a procedure line. Rows (PFMEA lines, work
    orders) carry their fields in the quote itself, so they get no label."""
    if loc.section is None and loc.step is None:
        return ""
    head = f"{loc.doc_id} Rev {loc.revision}" if loc.doc_id and loc.revision else (loc.doc_id or "")
    parts = [p for p in (head, loc.section, f"step {loc.step}" if loc.step else "") if p]
    return ", ".join(parts)
