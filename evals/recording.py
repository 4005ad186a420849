"""A generator wrapper that keeps every reply, for the per-use measurements (evals/model_uses)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

from copilot.generation.base import ChatMessage, GenerationParams, Generator


class Recording(Generator):
    """The service's generator, every reply kept (prompt tail, reply, seconds) for the report."""

    def __init__(self, inner: Generator) -> None:
        self.inner = inner
        self.calls: list[dict[str, Any]] = []
        self.name, self.model_id = inner.name, inner.model_id
        self.grounded_generation, self.capable = inner.grounded_generation, inner.capable
        self.prompt_style = inner.prompt_style

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        t0, pieces = time.perf_counter(), []
        for piece in self.inner.stream(messages, params):
            pieces.append(piece)
            yield piece
        self.calls.append({"prompt_tail": messages[-1].content[-300:], "reply": "".join(pieces),
                           "s": round(time.perf_counter() - t0, 1)})
