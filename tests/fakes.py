"""Deterministic fakes implementing the real ports (for logic tests; the real ones are tested too)."""

from __future__ import annotations

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
