"""Optional free-form questions from a capable generator, kept only if checked against the step.

A small model is not asked (its ``Generator.capable`` flag is False); a capable model may add questions, and each one survives only when its answer is a verbatim span of
the step it was asked about and states no number the step does not.
"""

from __future__ import annotations

import re

from copilot.answering.grounding import grounded_number, quantities
from copilot.core.errors import GenerationError
from copilot.core.messages import message
from copilot.core.types import content_id
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.learning.briefing import step_line
from copilot.learning.material import StationMaterial, body, cite
from copilot.learning.quiz import Question
from copilot.prompts import render

_REPLY = re.compile(r"Q:\s*(?P<q>.+?)\s*\n\s*A:\s*(?P<a>.+)", re.DOTALL)


def generated_questions(m: StationMaterial, generator: Generator, lang: str,
                        limit: int = 3) -> list[Question]:
    """Up to ``limit`` verified questions about the station's steps (none from a small model)."""
    if not generator.capable or limit <= 0:
        return []
    out: list[Question] = []
    for d in m.documents:
        for c in d.steps:
            if len(out) >= limit:
                return out
            step = step_line(c)
            prompt = render("quiz_question", step=step,
                            language=message("language.english_name", lang))
            try:
                reply = generator.complete([ChatMessage("user", prompt)],
                                           GenerationParams(max_tokens=120))
            except GenerationError:
                return out
            q = parse_and_verify(reply, step)
            if q is not None:
                question, answer = q
                out.append(Question(
                    content_id("quiz-gen", c.id, answer)[:16], m.station, "free", lang,
                    f"{d.doc_id} Rev {d.revision}, step {c.locator.step}: {question}", (),
                    answer, "text", cite(c, body(c)[:400]), origin=generator.model_id or
                    generator.name))
    return out


def parse_and_verify(reply: str, step: str) -> tuple[str, str] | None:
    """(question, answer) when the answer is quoted from the step and its numbers are in it."""
    m = _REPLY.search(reply or "")
    if m is None:
        return None
    question = m.group("q").strip()
    answer = m.group("a").strip().splitlines()[0].strip(" \"'“”.")
    if len(answer) < 2 or answer not in step or not question:
        return None
    source = quantities(step)
    if not all(grounded_number(x, source) for x in quantities(question)):
        return None
    return question, answer
