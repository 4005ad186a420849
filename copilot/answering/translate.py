"""Korean questions over English documents: the question searched beside its English translation.

The glossary (copilot/core/glossary.py) maps a hundred plant terms; a question's other words
(symptoms, verbs, what is asked) do not cross the language gap for BM25, and the small
multilingual embedder carries only part of them. A capable packaged model translates the
question once; retrieval and quoting then use both texts. Off unless measured to help
(``COPILOT_TRANSLATE_QUERIES``, evals/README.md).
"""

from __future__ import annotations

from copilot.answering.grounding import codes
from copilot.core.text import has_hangul
from copilot.generation.base import ChatMessage, GenerationParams
from copilot.ports import GeneratorFactory
from copilot.prompts import render

MAX_CHARS = 300


def with_translation(question: str, generator: GeneratorFactory) -> str:
    """``question`` followed by its English translation, or unchanged when it is not Korean, the
    model is not capable (``Generator.capable``) or its reply is not a usable translation
    (empty, still Korean, too long)."""
    if not has_hangul(question) or not generator().capable:
        return question
    out = generator().complete([ChatMessage("user", render("translate", question=question))],
                               GenerationParams(max_tokens=80, temperature=0.0))
    english = out.strip().split("\n")[0].strip().strip('"')
    if not english or has_hangul(english) or len(english) > MAX_CHARS:
        return question
    missing = [c for c in sorted(codes(question)) if c not in codes(english)]
    return " ".join([question, english, *missing])
