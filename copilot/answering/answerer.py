"""Grounded answering: retrieve, decide, generate, verify sentence by sentence, fall back.

Order of trust: retrieval support decides whether to answer at all; the model only phrases;
every generated sentence is checked (markers exist, numbers appear in the cited chunks, words
are supported) before it reaches the user; if verification guts the answer, the best matching
source sentences are quoted verbatim instead (an *extractive* answer, labelled as such).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from copilot.answering.condense import condense
from copilot.answering.grounding import (
    codes,
    grounded_number,
    markers,
    quantities,
    strip_markers,
    support,
)
from copilot.core.lexicon.safety import safety_lines
from copilot.core.messages import message
from copilot.core.text import has_hangul, tokenize
from copilot.core.types import Answer, Citation, Hit, Locator
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.prompts import render
from copilot.retrieval import HybridRetriever
from copilot.store.index.base import Where

_CODE_TOKEN = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9\-]{3,}$")
# Words that say what kind of answer is wanted, not what it is about.
_GENERIC = set(tokenize("what which how when where who why do does should check first please "
                        "tell me show list is are the a an for on in at of to with value "
                        "무엇 어떻게 언제 어디 먼저 알려 주세요 해야 하나요 있나요 뭐 점검"))
# Everyday English that a plant's documents need not contain; an unknown word outside this list
# (e.g. "warranty", "OEE", "refrigerant") suggests the question is about something not covered.
_EVERYDAY = set(tokenize(
    "about above after again all also am any anything around back be been before being below "
    "between both but by can cannot could did done down during each else enough even ever every "
    "few from get gets getting give given go goes going gone got had has have having he her here "
    "him his i if into it its just keep know last least less let like long look lot made make "
    "many may maybe might more most much must my need needs never new next no nor not now number "
    "off often ok old once one only or other our out over own per put quite rather really right "
    "roughly said same say says see she since so some something still such sure take than that "
    "their them then there these they thing things this those though through till too under "
    "until up upon us use used using usually very want was way we well went were whatever while "
    "whole whom whose will would yes yet you your actually again okay guy guys someone somebody "
    "job work works time times day days week weeks today tomorrow yesterday start stop happen "
    "happens happened problem issue again came come comes gave pull pop stuck safe fine good bad "
    "wrong correct setting settings accept accepted mean means because behind fix fixed "
    "catch seen together across average total count top highest lowest most least remember "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "fmea pfmea workbook workbooks sheet sheets cmms log logs export exported book booked"))


@dataclass(frozen=True)
class AnswerPolicy:
    """Calibrated thresholds (see evals/README.md for how they were set)."""

    k: int = 6
    max_sources: int = 5
    min_vector: float = 0.78  # e5-small cosine of the best hit below which support is weak
    min_coverage: float = 0.5  # share of the question's content words found in the top hits
    min_support: float = 0.5  # share of a sentence's words found in its cited sources
    min_kept: float = 0.5  # keep a generated answer only if this share of it survives
    max_unknown_terms: int = 4  # this many question words absent from every document: abstain


@dataclass(frozen=True)
class AnswerEvent:
    kind: Literal["delta", "answer"]
    text: str = ""
    answer: Answer | None = None


def final_answer(events: Iterable[AnswerEvent]) -> Answer:
    """Drain an answer stream and return the Answer its last event carries."""
    final: Answer | None = None
    for ev in events:
        if ev.answer is not None:
            final = ev.answer
    if final is None:
        raise RuntimeError("answer stream ended without an answer")
    return final


def lang_of(text: str) -> str:
    return "ko" if has_hangul(text) else "en"


@dataclass
class _Draft:
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    cited: set[int] = field(default_factory=set)


class Answerer:
    """Uses a retriever and a generator; owns no storage."""

    def __init__(self, retriever: HybridRetriever, generator: Callable[[], Generator],
                 policy: AnswerPolicy | None = None, context_tokens: int = 1200,
                 max_answer_tokens: int = 256,
                 unknown_terms: Callable[[list[str]], list[str]] | None = None,
                 llm_condense: bool = False) -> None:
        self.retriever, self._generator = retriever, generator
        self.llm_condense = llm_condense
        self._unknown_terms = unknown_terms
        self.policy = policy or AnswerPolicy()
        self.context_tokens, self.max_answer_tokens = context_tokens, max_answer_tokens

    # -- public -------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = (), where: Where | None = None,
            include_superseded: bool = False, mode: str = "auto") -> Answer:
        return final_answer(self.ask_stream(question, history, where, include_superseded, mode))

    def ask_stream(self, question: str, history: Sequence[str] = (), where: Where | None = None,
                   include_superseded: bool = False, mode: str = "auto") -> Iterator[AnswerEvent]:
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        standalone = self._standalone(question, history)
        lang = lang_of(question)
        result = self.retriever.search(standalone, self.policy.k, where, include_superseded)
        timings["retrieval"] = result.timings_ms.get("total", 0.0)
        hits = list(result.hits)
        base = Answer(question=question, text="", standalone_question=standalone)
        if not self._supported(standalone, hits):
            ans = replace(base, text=message("answer.not_found", lang), abstained=True,
                          closest=tuple(hits[:3]), method="abstain")
            yield AnswerEvent("delta", ans.text)
            yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))
            return
        if mode == "auto" and not self._generator().grounded_generation:
            mode = "extract"
        # quoting needs no model: its sources are budgeted by characters, so it never loads the
        # LLM just to count tokens and does not change with the configured model's tokenizer
        sources = self._select_sources(hits, None if mode == "extract" else self._generator())
        if mode == "extract":
            ans = self._extractive(base, standalone, sources, lang)
            for line in ans.text.splitlines(keepends=True):
                yield AnswerEvent("delta", line)
            yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))
            return
        yield from self._generate(base, standalone, sources, lang, timings, t0)

    # -- steps -------------------------------------------------------------------------------
    def _standalone(self, question: str, history: Sequence[str]) -> str:
        """Deterministic rewrite first; a capable model may rewrite what the rule cannot."""
        rewritten = condense(question, history)
        if rewritten is not None:
            return rewritten
        fallback = f"{history[-1]} {question}"
        if not self.llm_condense or not self._generator().grounded_generation:
            return fallback
        prompt = render("condense", history="\n".join(f"User: {h}" for h in history[-3:]),
                        question=question)
        out = self._generator().complete([ChatMessage("user", prompt)],
                                         GenerationParams(max_tokens=64)).strip().split("\n")[0]
        # A rewrite must stay a short question about the same things, else use the fallback.
        return out if 0 < len(out) <= 300 and set(tokenize(out)) & set(tokenize(fallback)) else (
            fallback)

    def _supported(self, question: str, hits: Sequence[Hit]) -> bool:
        if not hits:
            return False
        if self._unknown_terms is not None:
            content = [t for t in dict.fromkeys(tokenize(question))
                       if t not in _GENERIC and t not in _EVERYDAY and len(t) > 1]
            unknown = self._unknown_terms(content)
            if any(_CODE_TOKEN.search(t) for t in unknown):
                return False  # a station/asset/document code the plant does not have (OP70)
            if unknown and len(unknown) == len(content):
                return False  # nothing the question is about occurs in any document
            if len(unknown) >= self.policy.max_unknown_terms and (
                    len(unknown) >= 0.3 * len(content)):
                return False
        best_vec = max((h.signals.get("vector", 0.0) for h in hits), default=0.0)
        q = set(tokenize(question)) - _GENERIC
        found = set().union(*(set(tokenize(h.chunk.text)) for h in hits[:3])) if q else set()
        coverage = len(q & found) / len(q) if q else 0.0
        return best_vec >= self.policy.min_vector or coverage >= self.policy.min_coverage

    def _select_sources(self, hits: Sequence[Hit], gen: Generator | None) -> list[Hit]:
        out: list[Hit] = []
        used = 0
        for h in hits[: self.policy.max_sources]:
            text = h.chunk.text
            cost = (gen.count_tokens(text) if gen is not None else max(1, len(text.encode()) // 2)) + 12
            if out and used + cost > self.context_tokens:
                break
            out.append(h)
            used += cost
        return out

    def _render_sources(self, sources: Sequence[Hit]) -> str:
        return "\n\n".join(f"[{n}] {h.chunk.locator}\n{h.chunk.text}"
                           for n, h in enumerate(sources, start=1))

    def _generate(self, base: Answer, question: str, sources: list[Hit], lang: str,
                  timings: dict[str, float], t0: float) -> Iterator[AnswerEvent]:
        gen = self._generator()
        messages = [ChatMessage("system", render("system")),
                    ChatMessage("user", render("answer", sources=self._render_sources(sources),
                                               question=question))]
        params = GenerationParams(max_tokens=self.max_answer_tokens, temperature=0.0)
        draft, buf, raw = _Draft(), "", ""
        t_gen = time.perf_counter()
        first = None
        for piece in gen.stream(messages, params):
            if first is None:
                first = time.perf_counter()
            raw += piece
            buf += piece
            *complete, buf = _complete_sentences(buf)
            for sentence in complete:
                text = self._verify(sentence, sources, draft)
                if text:
                    yield AnswerEvent("delta", text + " ")
        if buf.strip():
            text = self._verify(buf, sources, draft)
            if text:
                yield AnswerEvent("delta", text)
        timings["generation"] = (time.perf_counter() - t_gen) * 1000
        timings["first_token"] = ((first or time.perf_counter()) - t_gen) * 1000
        base = replace(base, model=gen.model_id or gen.name)
        if "NOT FOUND" in raw.upper() and not draft.kept:
            ans = replace(base, text=message("answer.not_found", lang), abstained=True,
                          closest=tuple(sources[:3]), method="model-abstain")
            yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))
            return
        kept_chars = sum(len(s) for s in draft.kept)
        total_chars = kept_chars + sum(len(s) for s in draft.dropped)
        if not draft.kept or kept_chars < self.policy.min_kept * total_chars:
            ans = self._extractive(base, question, sources, lang)
            ans = replace(ans, dropped=tuple(draft.dropped))
            yield AnswerEvent("delta", "\n" + ans.text)
        else:
            ans = replace(base, text=" ".join(draft.kept), dropped=tuple(draft.dropped),
                          citations=self._citations(sources, draft.cited))
            ans = replace(ans, safety=self._safety(sources, draft.cited))
        yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))

    def _verify(self, sentence: str, sources: Sequence[Hit], draft: _Draft) -> str | None:
        """The sentence with valid markers if it is grounded, else None (and recorded)."""
        sentence = sentence.strip()
        body = strip_markers(sentence)
        if not body or body.upper().startswith("NOT FOUND"):
            return None
        cited = [n for n in markers(sentence) if 1 <= n <= len(sources)]
        if not cited:  # no valid marker: attach the best-supporting source, if any is good
            best = max(range(1, len(sources) + 1),
                       key=lambda n: support(body, sources[n - 1].chunk.text), default=0)
            cited = [best] if best else []
        texts = [sources[n - 1].chunk.text for n in cited]
        joined = "\n".join(texts)
        source_qs = quantities(joined)
        for q in quantities(body):
            if grounded_number(q, source_qs):
                continue
            other = [n for n in range(1, len(sources) + 1)
                     if grounded_number(q, quantities(sources[n - 1].chunk.text))]
            if not other:
                draft.dropped.append(sentence)
                return None
            cited.append(other[0])
            joined += "\n" + sources[other[0] - 1].chunk.text
        if not codes(body) <= codes(joined) or support(body, joined) < self.policy.min_support:
            draft.dropped.append(sentence)
            return None
        cited = sorted(set(cited))
        draft.cited.update(cited)
        marks = "".join(f"[{n}]" for n in cited)
        end = body.rstrip()[-1:] if body.rstrip()[-1:] in ".!?" else ""
        text = f"{body.rstrip().removesuffix(end).rstrip()} {marks}{end}"
        draft.kept.append(text)
        return text

    def _extractive(self, base: Answer, question: str, sources: Sequence[Hit],
                    lang: str) -> Answer:
        q = set(tokenize(question)) - _GENERIC
        units = expected_units(question)
        scored: list[tuple[float, int, str]] = []
        for n, h in enumerate(sources, start=1):
            # a row (PFMEA line, work order) is the citable unit: quote it nearly whole
            limit = 320 if h.chunk.kind == "work_instruction" else 800
            quote = best_passage(h, q, max_chars=limit, units=units)
            overlap = len(q & set(tokenize(quote)))
            has_unit = bool(units) and any(x.unit in units for x in quantities(quote))
            # rank by overlap, favour passages stating the kind of value asked for, then the
            # work instruction (the controlled spec) over PFMEA rows and work orders, then rank
            prior = 1.5 if units and h.chunk.kind == "work_instruction" else 0.0
            scored.append((overlap + (3 if has_unit else 0) + prior - 0.1 * n, n, quote))
        scored.sort(reverse=True)
        lines: list[str] = []
        cited: set[int] = set()
        for i, (score, n, quote) in enumerate(scored[:3]):
            if i > 0 and score <= 0:
                continue
            where = _where(sources[n - 1].chunk.locator)
            lines.append(f'- {where}: "{quote}" [{n}]' if where else f'- "{quote}" [{n}]')
            cited.add(n)
        text = message("answer.extractive_lead", lang) + "\n" + "\n".join(lines)
        return replace(base, text=text, extractive=True, method="extractive",
                       citations=self._citations(sources, cited),
                       safety=self._safety(sources, cited))

    def _citations(self, sources: Sequence[Hit], cited: set[int]) -> tuple[Citation, ...]:
        return tuple(
            Citation(n=n, chunk_id=sources[n - 1].chunk.id, source=sources[n - 1].chunk.source,
                     locator=str(sources[n - 1].chunk.locator),
                     quote=sources[n - 1].chunk.body.strip(), kind=sources[n - 1].chunk.kind,
                     doc_id=sources[n - 1].chunk.doc_id, revision=sources[n - 1].chunk.revision)
            for n in sorted(cited))

    def _safety(self, sources: Sequence[Hit], cited: set[int]) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for n in sorted(cited):
            for line in safety_lines(sources[n - 1].chunk.text):
                seen.setdefault(line, None)
        return tuple(seen)

    def _finish(self, ans: Answer, timings: dict[str, float], t0: float) -> Answer:
        timings["total"] = (time.perf_counter() - t0) * 1000
        return replace(ans, timings_ms={k: round(v, 1) for k, v in timings.items()})


_UNIT_HINTS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("torque", "토크", "체결", "nm"), frozenset({"nm"})),
    (("temperature", "temp", "hot", "온도", "°c", "도"), frozenset({"°c"})),
    (("pressure", "압력", "bar"), frozenset({"bar", "mbar", "kpa", "mpa", "psi"})),
    (("force", "하중", "kn"), frozenset({"kn", "n"})),
    (("volume", "litre", "liter", "oil", "리터", "오일"), frozenset({"l", "ml"})),
    (("leak", "누설", "cc"), frozenset({"cc/min", "cc"})),
    (("long", "wait", "time", "minutes", "seconds", "분", "시간"), frozenset({"s", "min", "h"})),
)


def expected_units(question: str) -> frozenset[str]:
    """Units of the value a question asks for ("what torque" -> Nm), from keywords."""
    low = question.lower()
    out: set[str] = set()
    for words, units in _UNIT_HINTS:
        if any(w in low for w in words):
            out |= units
    return frozenset(out)


_BOUNDARY = re.compile(r"(?<=[.!?。])(?:\s*\[\d{1,2}(?:\s*,\s*\d{1,2})*\])?\s+|\n+")


def _complete_sentences(buf: str) -> list[str]:
    """Split off finished sentences; the last element is the unfinished rest, kept verbatim
    (its trailing space matters when the next streamed piece is appended)."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(buf):
        piece = buf[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    return [*out, buf[start:]]


_SEGMENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9가-힣])|\s+\|\s+|\n+|(?<=; )(?=Step: )|(?<=다\.)\s*")


def best_passage(hit: Hit, q: set[str], max_chars: int = 320,
                 units: frozenset[str] = frozenset()) -> str:
    """The chunk's segments (sentences, row cells, table rows) that best answer the question,
    quoted verbatim in document order, joined with ' … '."""
    body = hit.chunk.body.strip()
    if len(body) <= max_chars:
        return body
    segs = [x.strip() for x in _SEGMENT.split(body) if x and x.strip()]

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


def _where(loc: Locator) -> str:
    """The heading a quoted passage sits under (document, section, step / article, paragraph).

    A quote torn from its heading loses what the reader asked for as often as not: the article
    number of a statute paragraph, the step number of a procedure line. Rows (PFMEA lines, work
    orders) carry their fields in the quote itself, so they get no label."""
    if loc.section is None and loc.step is None:
        return ""
    head = f"{loc.doc_id} Rev {loc.revision}" if loc.doc_id and loc.revision else (loc.doc_id or "")
    parts = [p for p in (head, loc.section, f"step {loc.step}" if loc.step else "") if p]
    return ", ".join(parts)
