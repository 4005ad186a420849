"""Deterministic fakes implementing the real ports (for logic tests; the real ones are tested too)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from copilot.generation.base import ChatMessage, GenerationParams, Generator


class ScriptedGenerator(Generator):
    """Replies with a fixed text (or a function of the prompt), streamed in small pieces."""

    name = "scripted"
    model_id = "scripted-fake"

    def __init__(self, reply: str | Callable[[str], str]) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        prompt = "\n".join(m.content for m in messages)
        self.prompts.append(prompt)
        text = self.reply(prompt) if callable(self.reply) else self.reply
        for i in range(0, len(text), 7):
            yield text[i : i + 7]


def citing(template: str, needle: str) -> Callable[[str], str]:
    """A reply that cites, as ``{n}``, the prompt's first source containing ``needle``."""

    def reply(prompt: str) -> str:
        blocks = re.split(r"\n(?=\[\d+\] )", prompt)
        for block in blocks:
            m = re.match(r"\[(\d+)\] ", block.strip())
            if m and needle in block:
                return template.format(n=m.group(1))
        return template.format(n=1)

    return reply
