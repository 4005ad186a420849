"""Grounded answering: retrieve, decide, generate, verify sentence by sentence, fall back.

Order of trust: retrieval support decides whether to answer at all; the model only phrases;
every generated sentence is checked (markers exist, numbers appear in the cited chunks, words
are supported) before it reaches the user; if verification guts the answer, the best matching
source sentences are quoted verbatim instead (an *extractive* answer, labelled as such).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from copilot.answering.asked import (
    NAMED_UNITS,
    asked,
    asked_attribute,
    attribute_next_to_subject,
    value_about_topic,
    value_next_to_subject,
)
from copilot.answering.grounding import (
    codes,
    grounded_number,
    markers,
    quantities,
    strip_markers,
    support,
)
from copilot.answering.quoting import GENERIC, citations, extractive, safety, unit_words
from copilot.answering.request import Ask
from copilot.core.glossary import Concept, concepts
from copilot.core.lexicon.codes import REVISION
from copilot.core.messages import message
from copilot.core.text import has_hangul, tokenize
from copilot.core.types import Answer, Hit
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.ports import GeneratorFactory
from copilot.prompts import render, styled
from copilot.retrieval import Retriever, SearchResult

_CODE_TOKEN = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9\-]{3,}$")
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

    def __init__(self, retriever: Retriever, generator: GeneratorFactory,
                 policy: AnswerPolicy | None = None, context_tokens: int = 1200,
                 max_answer_tokens: int = 256) -> None:
        self.retriever, self._generator = retriever, generator
        self.policy = policy or AnswerPolicy()
        self.context_tokens, self.max_answer_tokens = context_tokens, max_answer_tokens

    # -- public -------------------------------------------------------------------------------
    def ask_stream(self, ask: Ask, standalone: str) -> Iterator[AnswerEvent]:
        """Answer ``ask`` from the documents found for ``standalone`` (the question condensed
        with its history); pieces as they are verified, the Answer last."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        question, mode = ask.question, ask.mode
        lang = lang_of(question)
        # a question naming a revision ("in Rev B?") may be about one that was superseded
        old_too = ask.include_superseded or REVISION.search(standalone) is not None
        result = self.retriever.search(standalone, self.policy.k, ask.where, old_too,
                                       scope=ask.scope)
        timings["retrieval"] = result.timings_ms.get("total", 0.0)
        hits = list(result.hits)
        base = Answer(question=question, text="", standalone_question=standalone)
        if not self._supported(standalone, result):
            text = message("answer.not_found", lang)
            if result.unknown_names:
                text += " " + message("answer.unnamed", lang, names=", ".join(result.unknown_names))
            ans = replace(base, text=text, abstained=True, closest=tuple(hits[:3]),
                          method="abstain")
            yield AnswerEvent("delta", ans.text)
            yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))
            return
        if mode == "auto" and not self._generator().grounded_generation:
            mode = "extract"
        # quoting needs no model: its sources are budgeted by characters, so it never loads the
        # LLM just to count tokens and does not change with the configured model's tokenizer
        sources = self._select_sources(hits, None if mode == "extract" else self._generator())
        if not sources:  # every supporting hit was flagged as an injection: nothing to quote
            ans = replace(base, text=message("answer.not_found", lang), abstained=True,
                          closest=tuple(hits[:3]), method="abstain")
            yield AnswerEvent("delta", ans.text)
            yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))
            return
        if mode == "extract":
            ans = extractive(base, standalone, sources, lang)
            for line in ans.text.splitlines(keepends=True):
                yield AnswerEvent("delta", line)
            yield AnswerEvent("answer", answer=self._finish(ans, timings, t0))
            return
        yield from self._generate(base, standalone, sources, lang, timings, t0)

    # -- steps -------------------------------------------------------------------------------
    def _supported(self, question: str, result: SearchResult) -> bool:
        hits = result.hits
        if not hits:
            return False
        # a Korean word that no English passage uses says nothing about coverage when the
        # best passages are English (the glossary and the vectors bridge the languages)
        if result.unknown_names:
            return False  # "Chiller 5", "제120조": the documents name others of the kind, not it
        other_script = not any(has_hangul(h.chunk.text) for h in hits[:3])
        if result.unknown_terms is not None:
            content = [t for t in dict.fromkeys(tokenize(question))
                       if t not in GENERIC and t not in _EVERYDAY and len(t) > 1
                       and not (other_script and has_hangul(t))]
            absent = set(result.unknown_terms)
            unknown = [t for t in content if t in absent]
            if any(_CODE_TOKEN.search(t) for t in unknown):
                return False  # a station/asset/document code the plant does not have (OP70)
            if unknown and len(unknown) == len(content):
                return False  # nothing the question is about occurs in any document
            if len(unknown) >= self.policy.max_unknown_terms and (
                    len(unknown) >= 0.3 * len(content)):
                return False
        want = asked(question)
        head = asked_attribute(question, _EVERYDAY)
        if head and not attribute_next_to_subject(head, question, hits):
            return False  # "tank capacity of PRS-01": no passage about PRS-01 says capacity
        if want.checkable and not value_next_to_subject(want, hits):
            return False  # "torque of the FX-60-01 screws": no such value next to FX-60-01
        if want.named and not want.subjects:
            topic = _topic(question)
            if topic and not value_about_topic(want.named, topic, hits):
                return False  # "rated power (kW) of the spindles": no kW stated about them
        best_vec = max((h.signals.get("vector", 0.0) for h in hits), default=0.0)
        return best_vec >= self.policy.min_vector or (
            _coverage(question, hits[:3]) >= self.policy.min_coverage)

    def _select_sources(self, hits: Sequence[Hit], gen: Generator | None) -> list[Hit]:
        """The best hits that fit the context budget. A chunk flagged at ingest as addressed
        to an AI assistant (prompt injection) is never a source: not quoted, not generated
        from (it stays searchable and visible, flagged, in the source viewer)."""
        out: list[Hit] = []
        used = 0
        usable = [h for h in hits if not h.chunk.metadata.get("injection")]
        for h in usable[: self.policy.max_sources]:
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
        style = gen.prompt_style
        messages = [ChatMessage("system", render(styled("system", style))),
                    ChatMessage("user", render(styled("answer", style),
                                               sources=self._render_sources(sources),
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
            ans = extractive(base, question, sources, lang)
            ans = replace(ans, dropped=tuple(draft.dropped))
            yield AnswerEvent("delta", "\n" + ans.text)
        else:
            ans = replace(base, text=" ".join(draft.kept), dropped=tuple(draft.dropped),
                          citations=citations(sources, draft.cited))
            ans = replace(ans, safety=safety(sources, draft.cited))
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

    def _finish(self, ans: Answer, timings: dict[str, float], t0: float) -> Answer:
        timings["total"] = (time.perf_counter() - t0) * 1000
        return replace(ans, timings_ms={k: round(v, 1) for k, v in timings.items()})


_BOUNDARY = re.compile(r"(?<=[.!?。])(?:\s*\[\d{1,2}(?:\s*,\s*\d{1,2})*\])?\s+|\n+")


def _topic(question: str) -> tuple[Concept, ...]:
    """What the question is about: its content words without question words, everyday words,
    codes and numbers (they say where, checked elsewhere) and the words naming the value's kind."""
    skip = GENERIC | _EVERYDAY | unit_words() | NAMED_UNITS
    return concepts([t for t in dict.fromkeys(tokenize(question)) if len(t) > 1
                     and t not in skip and not any(ch.isdigit() for ch in t)])


def _coverage(question: str, hits: Sequence[Hit]) -> float:
    """Share of the question's content words that the hits use, in either language."""
    q = [c for c in concepts(list(dict.fromkeys(tokenize(question)))) if c.token not in GENERIC]
    if not q:
        return 0.0
    found = set().union(*(set(tokenize(h.chunk.text)) for h in hits))
    return sum(c.found_in(found) for c in q) / len(q)


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
