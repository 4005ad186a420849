"""Generation on OpenAI-compatible servers for real: two ``llama_cpp.server`` processes with the
packaged SmolLM2 (llama_cpp.server runs one generation at a time, so two processes make the two
slots; llama.cpp's ``llama-server -np 2`` is not built here), concurrent requests through our
HTTP generator behind the fair queue: every request answered, streamed, both servers used."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.generation.base import ChatMessage, GenerationParams
from copilot.generation.llama_cpp import default_model_path
from copilot.generation.openai_http import OpenAICompatGenerator
from copilot.generation.queue import GenerationQueue, generating_as
from tests.generation.test_openai_http import free_port, wait_until_ready

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # two model servers: ~50 s
QUESTIONS = ["Say hello to the operator.", "Name one hand tool.", "What colour is a stop sign?",
             "Count from one to three.", "Say goodbye to the shift.", "Name a metal."]


def _start(tmp: Path, n: int) -> tuple[subprocess.Popen[bytes], str, Path]:
    log = tmp / f"server{n}.log"
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(default_model_path()),
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "512", "--n_threads", "1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}", log


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    pytest.importorskip("llama_cpp.server.app", reason="needs llama-cpp-python's server extras")
    tmp = tmp_path_factory.mktemp("servers")
    started = [_start(tmp, n) for n in (1, 2)]
    try:
        for proc, url, log in started:
            wait_until_ready(proc, url, log, limit=90)
        yield [url for _, url, _ in started]
    finally:
        for proc, _, _ in started:
            proc.terminate()
        for proc, _, _ in started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_concurrent_requests_are_all_answered_streamed_on_both_servers(
        two_servers: list[str]) -> None:
    backend = OpenAICompatGenerator(",".join(u + "/v1" for u in two_servers), timeout=120)
    queue = GenerationQueue(backend)
    assert queue.slots == 2
    backend.warm_up()  # both servers answer /v1/models
    pieces: dict[str, list[str]] = {}
    errors: list[BaseException] = []
    go = threading.Barrier(len(QUESTIONS))

    def ask(n: int, question: str) -> None:
        def work() -> Iterator[list[str]]:
            yield list(queue.stream([ChatMessage("user", question)],
                                    GenerationParams(max_tokens=16, temperature=0.0)))
        try:
            go.wait()
            for got in generating_as(f"terminal-{n % 3}", work()):
                pieces[question] = got
        except BaseException as exc:  # reported below, with the question
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(n, q), daemon=True)
               for n, q in enumerate(QUESTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    backend.close()
    assert not errors, errors
    assert sorted(pieces) == sorted(QUESTIONS)
    for question, got in pieces.items():
        assert len(got) >= 2, (question, got)  # streamed piece by piece, not one reply
        assert "".join(got).strip()
    assert sorted(backend.served) == sorted(two_servers)
    assert all(n >= 1 for n in backend.served.values()), backend.served
    assert sum(backend.served.values()) == len(QUESTIONS)
    stats = queue.stats()
    assert (stats.served, stats.in_flight, stats.depth) == (len(QUESTIONS), 0, 0)


def test_the_same_prompt_gets_the_same_answer_from_either_server(two_servers: list[str]) -> None:
    """Both processes run the same model at temperature 0: where a request lands is invisible."""
    answers = []
    for url in two_servers:
        gen = OpenAICompatGenerator(url)
        answers.append(gen.complete([ChatMessage("user", QUESTIONS[0])],
                                    GenerationParams(max_tokens=16, temperature=0.0, seed=0)))
        gen.close()
    assert answers[0] == answers[1] and answers[0].strip()
