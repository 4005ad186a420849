"""The Generator port: chat messages in, streamed text out. One abstract method."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class GenerationParams:
    max_tokens: int = 256
    temperature: float = 0.0
    stop: tuple[str, ...] = ()
    seed: int = 0
    # Constrain the output to JSON matching this schema (llama.cpp grammar / response_format).
    json_schema: Mapping[str, Any] | None = None


class Generator(ABC):
    """A chat model. Backends: embedded llama.cpp, OpenAI-compatible HTTP server, test fakes."""

    name: str = "generator"
    model_id: str = ""  # what the audit log records
    # Capability flag: False for models too small to phrase grounded answers reliably. Measured
    # on the golden set, SmolLM2-135M's verified sentences held 0.29 of the facts vs 0.75 for
    # quoting the sources, so answers are then quoted (extractive) unless generation is forced.
    grounded_generation: bool = True
    # Capability flag for the optional uses (follow-up rewrites, JSON table plans, translation,
    # PFMEA rewording, quiz questions): False for the small packaged models, which do not follow
    # such instructions; each use also has its own switch. Independent of the flag above.
    capable: bool = True
    # Which prompt templates suit the model: "" the standard ones (prompts/answer.md), "small"
    # their variants for sub-1B models (prompts/answer_small.md) where such a file exists.
    prompt_style: str = ""
    # How many generations the backend runs at once (copilot/generation/queue.py lets that many
    # through): 1 for an in-process llama.cpp context, a server's parallel slots over HTTP.
    slots: int = 1

    @abstractmethod
    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        """Yield text pieces as the model produces them (model's own chat template applied)."""

    def complete(self, messages: Sequence[ChatMessage], params: GenerationParams) -> str:
        return "".join(self.stream(messages, params))

    def warm_up(self) -> None:
        """Load the model / check the server now rather than on first use."""

    def count_tokens(self, text: str) -> int:
        """Token count for budgeting; backends with a tokenizer override this."""
        return max(1, len(text) // 3)

    def close(self) -> None:
        """Release the model / connections."""
