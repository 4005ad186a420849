"""Quiz questions from deterministic templates over a station's current documents.

Kinds: ``parameter`` (cloze on a step's value), ``tool`` (cloze on a tool code), ``ppe``,
``order`` (which step comes next), ``safety`` (which warning belongs to a step) and ``check``
(PFMEA detection control / recurring work-order failure code). Every answer key is a verbatim
span of the chunk it cites, and distractors are real values of the same kind taken from other
stations (or, for ordering and safety, other steps), never invented numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from copilot.core.lexicon.safety import is_warning
from copilot.core.messages import as_lang
from copilot.core.text import has_hangul
from copilot.core.types import Chunk, Citation, content_id
from copilot.learning.briefing import label, recurring, step_line, top_risks
from copilot.learning.facts import PPE_TERMS, Param, codes, first_sentence, parameters, ppe_items
from copilot.learning.material import (
    Document,
    StationMaterial,
    body,
    cite,
    within_year,
)

KINDS = ("parameter", "safety", "tool", "order", "ppe", "check")
MAX_CHOICES = 4
BLANK = "____"
_SENTENCE_ENDS = (". ", "다. ")  # where a sentence ends, in English and Korean


@dataclass(frozen=True)
class Question:
    """One question with its answer key and the source the key is quoted from."""

    id: str
    station: str
    kind: str
    lang: str
    prompt: str
    choices: tuple[str, ...]  # empty: type the answer (numbers graded with unit tolerance)
    key: str  # verbatim in the cited chunk
    answer_type: str  # choice | number | text
    citation: Citation
    key_values: tuple[str, ...] = ()  # normalised numbers of a number key
    unit: str = ""
    origin: str = "template"  # or the generator's model id

    @property
    def doc_id(self) -> str:
        return self.citation.doc_id

    @property
    def revision(self) -> str | None:
        return self.citation.revision


def _id(station: str, kind: str, chunk: Chunk, key: str) -> str:
    return content_id("quiz", station, kind, chunk.id, key)[:16]


def _order(key: str, choices: Iterable[str], salt: str) -> tuple[str, ...]:
    """Key plus distractors in a fixed, key-independent order (hash of each text)."""
    items = list(dict.fromkeys([key, *choices]))[:MAX_CHOICES]
    return tuple(sorted(items, key=lambda c: content_id(salt, c)))


def _doc(d: Document) -> str:
    return f"{d.doc_id} Rev {d.revision}" if d.revision else d.doc_id


class QuestionBuilder:
    """All template questions of one station, in one language."""

    def __init__(self, m: StationMaterial, others: Sequence[StationMaterial], lang: str) -> None:
        self.m, self.others, self.lang = m, others, as_lang(lang)

    def build(self) -> list[Question]:
        makers: list[Callable[[], list[Question]]] = [
            self.parameter, self.safety, self.tool, self.order, self.ppe, self.check]
        return [q for make in makers for q in make()]

    def _q(self, kind: str, prompt: str, key: str, chunk: Chunk, choices: tuple[str, ...],
           answer_type: str = "choice", param: Param | None = None) -> Question:
        return Question(
            _id(self.m.station, kind, chunk, key), self.m.station, kind, self.lang, prompt,
            choices, key, answer_type, cite(chunk, body(chunk)[:400]),
            param.values if param else (), param.unit if param else "")

    # -- parameter recall -------------------------------------------------------------------
    def parameter(self) -> list[Question]:
        pool = [p for o in self.others for d in o.documents for c in d.steps
                for p in parameters(step_line(c))]
        out = []
        for d in self.m.documents:
            for c in d.steps:
                text = step_line(c)
                params = parameters(text)
                stated = {v for p in params for v in p.values}
                for p in _distinct(params)[:2]:
                    cloze = _sentence(text, p.start, p.end)
                    prompt = label("q_param", self.lang, doc=_doc(d), step=c.locator.step,
                                   cloze=cloze)
                    wrong = _near(p, [x for x in pool if not set(x.values) & stated])
                    if len(wrong) >= 2:
                        out.append(self._q("parameter", prompt, p.text, c,
                                           _order(p.text, wrong, c.id), "choice", p))
                    else:
                        out.append(self._q("parameter", prompt, p.text, c, (), "number", p))
        return out

    # -- safety before a step ---------------------------------------------------------------
    def safety(self) -> list[Question]:
        every = [(c.id, ln) for o in [self.m, *self.others] for d in o.documents
                 for c in d.chunks for ln in _lines(c) if is_warning(ln)]
        out = []
        for d in self.m.documents:
            for c in d.steps:
                mine = [ln for ln in _lines(c) if is_warning(ln)]
                if not mine:
                    continue
                key = mine[0]
                wrong = [ln for cid, ln in every if cid != c.id and ln not in mine
                         and has_hangul(ln) == has_hangul(key)]
                if len(wrong) < 2:
                    continue
                prompt = label("q_safety", self.lang, doc=_doc(d), step=c.locator.step,
                               text=first_sentence(_strip_no(step_line(c)), 90))
                out.append(self._q("safety", prompt, key, c, _order(key, wrong[:3], c.id)))
        return out

    # -- tool selection ---------------------------------------------------------------------
    def tool(self) -> list[Question]:
        theirs = list(dict.fromkeys(k for o in self.others for d in o.documents
                                    for c in d.sections("tools") for k in codes(body(c))))
        out = []
        for d in self.m.documents:
            for c in d.sections("tools"):
                for ln in _lines(c):
                    found = [k for k in codes(ln) if k not in theirs]
                    if not found:
                        continue
                    key = found[0]
                    wrong = _similar_codes(key, [k for k in theirs if k not in body(c)])
                    if len(wrong) < 2:
                        continue
                    cloze = ln.lstrip("-•* ").replace(key, BLANK)
                    prompt = label("q_tool", self.lang, doc=_doc(d), cloze=cloze)
                    out.append(self._q("tool", prompt, key, c, _order(key, wrong, c.id)))
        return out

    # -- step order -------------------------------------------------------------------------
    def order(self) -> list[Question]:
        out = []
        for d in self.m.documents:
            steps = [c for c in d.steps if step_line(c)]
            for i in range(len(steps) - 1):
                a, b = steps[i], steps[i + 1]
                if a.locator.section != b.locator.section:
                    continue
                key = first_sentence(_strip_no(step_line(b)), 400)
                others = [first_sentence(_strip_no(step_line(s)), 400)
                          for s in [*steps[i + 2:], *reversed(steps[:i])]]
                wrong = [x for x in others if x != key][:3]
                if len(wrong) < 2 or key not in body(b):
                    continue
                prompt = label("q_order", self.lang, doc=_doc(d), step=a.locator.step,
                               text=first_sentence(_strip_no(step_line(a)), 90))
                out.append(self._q("order", prompt, key, b, _order(key, wrong, b.id)))
        return out

    # -- PPE --------------------------------------------------------------------------------
    def ppe(self) -> list[Question]:
        everything = " ".join(c.text for d in self.m.documents for c in d.chunks)
        here = {item for item, _ in ppe_items(everything)}
        theirs = list(dict.fromkeys(item for o in self.others for d in o.documents
                                    for c in d.sections("ppe") for item, _ in ppe_items(body(c))))
        out = []
        for d in self.m.documents:
            for c in d.sections("ppe"):
                for item, wording in ppe_items(body(c)):
                    ko = has_hangul(wording)
                    wrong = [_case_like(wording, w) for it in theirs if it not in here
                             for w in [_wording(it, ko)] if w]
                    if len(wrong) < 2:
                        continue
                    prompt = label("q_ppe", self.lang, doc=_doc(d), station=self.m.station)
                    out.append(self._q("ppe", prompt, wording, c,
                                       _order(wording, wrong[:3], c.id + item)))
        return out

    # -- what would you check if ... --------------------------------------------------------
    def check(self) -> list[Question]:
        out = []
        theirs = [str(c.metadata.get("detection_control", "")) for o in self.others
                  for c in top_risks(o.pfmea)]
        for c in top_risks(self.m.pfmea)[:3]:
            key = str(c.metadata.get("detection_control", "")).strip()
            wrong = [x for x in dict.fromkeys(theirs) if x and x != key][:3]
            if not key or len(wrong) < 2 or key not in c.text:
                continue
            prompt = label("q_check_pfmea", self.lang, station=self.m.station,
                           failure=c.metadata.get("failure_mode", ""))
            out.append(self._q("check", prompt, key, c, _order(key, wrong, c.id)))
        their_codes = [f for o in self.others
                       for _, f, _ in recurring(within_year(o.work_orders, o.as_of))]
        for asset, code, orders in recurring(within_year(self.m.work_orders, self.m.as_of))[:2]:
            latest = orders[0]
            wrong = [x for x in dict.fromkeys(their_codes) if x != code][:3]
            if len(wrong) < 2 or code not in latest.text:
                continue
            prompt = label("q_check_wo", self.lang, station=self.m.station, asset=asset,
                           text=latest.metadata.get("short_text", ""))
            out.append(self._q("check", prompt, code, latest, _order(code, wrong, latest.id)))
        return out


def _lines(c: Chunk) -> list[str]:
    return [ln.strip() for ln in body(c).split("\n") if ln.strip()]


def _strip_no(text: str) -> str:
    """'4.3 Start the bolts' -> 'Start the bolts'; 'Step 2: Run' -> 'Run'; '1) 작업' -> '작업'."""
    return re.sub(r"^(?:(?:Step|단계)\s*)?\d+(?:\.\d+)*\s*[:.)]?\s*", "", text).strip()


def _distinct(params: list[Param]) -> list[Param]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for p in params:
        if p.values not in seen:
            seen.add(p.values)
            out.append(p)
    return out


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end) with that span blanked out."""
    left = max(text.rfind(end, 0, start) for end in _SENTENCE_ENDS)
    left = 0 if left < 0 else left + 2
    right = text.find(". ", end)
    right = len(text) if right < 0 else right + 1
    return _strip_no((text[left:start] + BLANK + text[end:right]).strip())


def _near(key: Param, pool: list[Param]) -> list[str]:
    """Up to 3 values of the same unit from ``pool``, nearest in magnitude first."""
    def mag(p: Param) -> float:
        return math.log(max(float(p.values[0]), 1e-6))

    same: dict[tuple[str, ...], Param] = {}
    for p in pool:
        if p.unit == key.unit and p.values != key.values and p.text != key.text:
            same.setdefault(p.values, p)
    ranked = sorted(same.values(), key=lambda p: (abs(mag(p) - mag(key)), p.text))
    return [p.text for p in ranked[:3]]


def _similar_codes(key: str, pool: list[str]) -> list[str]:
    """Up to 3 codes, those shaped like ``key`` (same letter prefix / digit pattern) first."""
    def shape(code: str) -> str:
        return re.sub(r"\d", "9", re.sub(r"[A-Z]", "A", code))

    prefix = key.split("-")[0]
    ranked = sorted(dict.fromkeys(pool), key=lambda k: (k.split("-")[0] != prefix,
                                                         shape(k) != shape(key), k))
    return ranked[:3]


def _wording(item: str, korean: bool) -> str:
    return next((w for w in PPE_TERMS.get(item, ()) if has_hangul(w) == korean), "")


def _case_like(key: str, word: str) -> str:
    """A distractor written like the key ('Nitrile gloves' vs 'face shield' would give it away)."""
    return word[:1].upper() + word[1:] if key[:1].isupper() else word
