"""``python -m evals.bench llm``: the packaged Qwen models on one ~1,500-token answer prompt.

Per model, in one run and interleaved (so the load of a shared box hits every variant alike):
- time to first token and generation tokens/s of our path (``LlamaCppGenerator.stream``, chat
  template applied by llama-cpp-python) against bare ``Llama(...).create_completion(stream=True)``
  on the same prompt text (the model's ChatML template applied by hand);
- the prompt prefix kept in the KV cache, off (reset before each call) / system prompt only (the
  previous call had other sources) / system prompt + sources (a follow-up on the same sources);
- the thread policy: llama.cpp's default (half the logical cores generate, all of them read the
  prompt) against ``n_threads`` = physical cores for both;
- the process RSS after loading and after the first answer.

The prompt is the real answer prompt (prompts/system.md + prompts/answer.md) over work-instruction
chunks of sample_docs, so no index is needed.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.generation.base import ChatMessage, GenerationParams

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = ("What torque do the OP30 housing bolts get, and in which pattern?",
             "What must be checked before the housing halves are joined?",
             "Which PPE is required at this station?")
PROMPT_TOKENS = 1500
GEN_TOKENS = 48
Row = Callable[..., None]


def rss_mb() -> float:
    """This process's resident memory (VmRSS) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def physical_cores() -> int:
    """Distinct (physical id, core id) pairs in /proc/cpuinfo; os.cpu_count() if unreadable."""
    cores: set[tuple[str, str]] = set()
    phys = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "physical id":
                phys = value.strip()
            elif key.strip() == "core id":
                cores.add((phys, value.strip()))
    except OSError:
        pass
    return len(cores) or os.cpu_count() or 1


def source_blocks() -> list[str]:
    """Numbered-source bodies from the sample plant's work instructions (chunked for real)."""
    from copilot.store.ingest import discover
    from ingestion.chunking import chunk_document
    from ingestion.registry import default_registry

    reg = default_registry()
    out: list[str] = []
    for _, src in discover([REPO / "sample_docs" / "work_instructions"]):
        try:
            out += [f"{c.locator}\n{c.text}" for c in chunk_document(reg.pick(src)[0].convert(src))]
        except Exception:  # a benchmark skips what it cannot read
            continue
    return out


def prompts(count_tokens: Callable[[str], int], offset: int, question: str) -> list[ChatMessage]:
    """System + answer prompt whose sources fill about PROMPT_TOKENS tokens in all."""
    from copilot.prompts import render

    blocks = source_blocks()
    system = render("system")
    chosen: list[str] = []
    used = count_tokens(system) + count_tokens(question) + 80
    for block in blocks[offset:] + blocks[:offset]:
        cost = count_tokens(block) + 4
        if used + cost > PROMPT_TOKENS:
            continue
        chosen.append(block)
        used += cost
    sources = "\n\n".join(f"[{n}] {b}" for n, b in enumerate(chosen, start=1))
    return [ChatMessage("system", system),
            ChatMessage("user", render("answer", sources=sources, question=question))]


def chatml(messages: list[ChatMessage]) -> str:
    """Qwen2.5's chat template, applied by hand for the bare completion call."""
    body = "".join(f"<|im_start|>{m.role}\n{m.content}<|im_end|>\n" for m in messages)
    return body + "<|im_start|>assistant\n"


@dataclass
class Timing:
    first_s: float
    tokens: int
    total_s: float

    @property
    def tok_s(self) -> float:
        return (self.tokens - 1) / max(self.total_s - self.first_s, 1e-6)


def timed(pieces: Iterator[Any]) -> Timing:
    t0 = time.perf_counter()
    first, n = 0.0, 0
    for _ in pieces:
        if n == 0:
            first = time.perf_counter() - t0
        n += 1
    return Timing(first, n, time.perf_counter() - t0)


def _bare(llm: Any, text: str) -> Iterator[Any]:
    llm.reset()  # cold, as our path with the cache off
    for chunk in llm.create_completion(text, stream=True, max_tokens=GEN_TOKENS, temperature=0.0,
                                       seed=0, stop=["<|im_end|>"]):
        if chunk["choices"][0]["text"]:
            yield chunk


def bench_model(name: str, rounds: int, row: Row) -> None:
    from llama_cpp import Llama

    from copilot.generation.llama_cpp import LlamaCppGenerator
    from copilot.generation.models import MODELS, locate

    path = locate(MODELS[name])
    if path is None:
        row(f"llm {name}", "not assembled: run `python -m copilot.generation.models assemble`")
        return
    base = rss_mb()
    ours = LlamaCppGenerator(str(path), n_ctx=4096)
    ours.warm_up()
    loaded = rss_mb()
    params = GenerationParams(max_tokens=GEN_TOKENS, temperature=0.0)
    count = ours.count_tokens
    timed(ours.stream(prompts(count, 5, QUESTIONS[0]), params))  # warm-up: pages the model in
    answered = rss_mb()  # one model, one context: what the app holds
    cores = physical_cores()
    pinned = LlamaCppGenerator(str(path), n_ctx=4096, n_threads=cores)
    bare = Llama(model_path=str(path), n_ctx=4096, verbose=False)
    runs: dict[str, list[Timing]] = {k: [] for k in
                                     ("cold", "bare", "system", "sources", "pinned")}
    n_prompt = 0
    for r in range(rounds):
        q, other = QUESTIONS[r % 3], QUESTIONS[(r + 1) % 3]
        msgs = prompts(count, 2 * r, q)
        n_prompt = count(chatml(msgs))
        ours.prefix_cache = False
        runs["cold"].append(timed(ours.stream(msgs, params)))
        runs["bare"].append(timed(_bare(bare, chatml(msgs))))
        ours.prefix_cache = True  # the KV of the cold call above is still there: same sources,
        runs["sources"].append(timed(ours.stream(prompts(count, 2 * r, other), params)))
        runs["system"].append(timed(ours.stream(prompts(count, 2 * r + 1, q), params)))
        pinned.prefix_cache = False
        runs["pinned"].append(timed(pinned.stream(msgs, params)))
    _report(name, runs, n_prompt, cores, row)
    row(f"llm {name}: memory (one context, n_ctx 4096)", f"RSS +{loaded - base:.0f} MiB loaded",
        f"+{answered - base:.0f} MiB after an answer")
    for g in (ours, pinned):
        g.close()
    bare.close()


def _report(name: str, runs: dict[str, list[Timing]], n_prompt: int, cores: int,
            row: Row) -> None:
    med = statistics.median

    def first(k: str) -> float:
        return med(t.first_s for t in runs[k])

    def speed(k: str) -> float:
        return med(t.tok_s for t in runs[k])

    load = os.getloadavg()
    row(f"llm {name}: prompt {n_prompt} tokens, {GEN_TOKENS} generated, n={len(runs['cold'])}",
        f"load avg {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    row(f"llm {name}: ours vs bare create_completion (cold)", f"first token {first('cold'):.1f} s"
        f" vs {first('bare'):.1f} s", f"{speed('cold'):.1f} vs {speed('bare'):.1f} tok/s",
        f"ratio {speed('cold') / max(speed('bare'), 1e-6):.2f}x")
    row(f"llm {name}: prompt prefix kept in the KV cache", f"off {first('cold'):.1f} s",
        f"system prompt {first('system'):.1f} s",
        f"system + sources (follow-up) {first('sources'):.1f} s")
    row(f"llm {name}: threads (generation/prompt)", f"default {(os.cpu_count() or 2) // 2}/"
        f"{os.cpu_count()}: {first('cold'):.1f} s, {speed('cold'):.1f} tok/s",
        f"physical cores {cores}/{cores}: {first('pinned'):.1f} s, {speed('pinned'):.1f} tok/s")
    row(f"llm {name}: prompt reading speed (cold)",
        f"{n_prompt / max(first('cold'), 1e-6):.0f} tok/s")


def bench_llm(models: list[str], rounds: int, row: Row) -> None:
    for name in models:
        bench_model(name, rounds, row)
