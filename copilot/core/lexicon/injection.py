"""Prompt injection as data: text in a document that is addressed to an AI assistant.

A plant document speaks to technicians. A passage that opens a chat turn (``System:``,
``### Instruction``, ``<|im_start|>``), tells the reader to set earlier instructions aside
("ignore the previous instructions", "이전 지시를 무시") or addresses the model and changes who
it is or what it must answer ("you are now", "tell the user that", "너는 이제") is flagged at
ingest: kept and searchable as evidence, never quoted as an answer, never obeyed. The phrasing
families are data (``injection.toml``); the rules below combine them.
"""

from __future__ import annotations

import re
from functools import cache

from copilot.core import lexicon


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    words = lexicon.load("injection")
    markers = _alternation(words["role_markers"])
    roles = _alternation(words["chat_roles"])
    sections = _alternation(words["chat_roles"] + words["prompt_sections"])
    verbs = _alternation(words["override_verbs"])
    objects = _alternation(words["prior_objects"])
    identity = _alternation(words["identity"])
    return (
        re.compile(markers, re.IGNORECASE),
        # "System: ..." opening a line (or a numbered step)
        re.compile(rf"^[\s>*\-]*(?:\d{{1,3}}[.)]\s*)?(?:{roles})\s*[:：]",
                   re.IGNORECASE | re.MULTILINE),
        # "### Instruction" (a heading of its own) / "[SYSTEM]" / "<assistant>" opening a line
        re.compile(rf"^\s*(?:#{{2,}}\s*(?:{sections})\s*[:：]?\s*$|[\[<]\s*(?:{sections})\s*[\]>])",
                   re.IGNORECASE | re.MULTILINE),
        # "ignore all previous instructions" (EN: verb then object, a few words apart)
        # (a warning not to ignore them is the document speaking: "do not ignore the above")
        re.compile(rf"(?<!not )(?<!never )(?<!n't )\b(?:{verbs})\b(?:\W+\w+){{0,3}}?\W+"
                   rf"(?:{objects})", re.IGNORECASE),
        # "이전 지시를 무시하고" (KO: object then verb)
        re.compile(rf"(?:{objects})[^.\n]{{0,12}}?(?:{verbs})(?!하?지\s*(?:마|말|않))",
                   re.IGNORECASE),
        re.compile(rf"(?<!\w)(?:{identity})(?!\w)", re.IGNORECASE),
    )


def injected_lines(text: str) -> list[str]:
    """The lines (sentences) of ``text`` that are addressed to an assistant, in order."""
    out: list[str] = []
    for line in re.split(r"\n+|(?<=[.!?])\s+", text):
        if line.strip() and any(p.search(line) for p in _patterns()):
            out.append(line.strip())
    return out


def is_injection(text: str) -> bool:
    """True when any line of ``text`` is addressed to an assistant."""
    return any(p.search(text) for p in _patterns())
