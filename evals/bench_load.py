"""Concurrent users against the real HTTP app: N clients x M questions on loopback.

    python -m evals.bench load [--clients 16] [--questions 100] [--mode quote|generate] [--home H]

The app (copilot.api.create_app under uvicorn, one worker, as ``copilot serve`` runs it) starts
in a child process over ``--home`` (else a fresh index of ``sample_docs``). Each question is first
asked by one client alone (the reference answers); then, in a freshly started app (so nothing is
cached when the load begins), every client asks all ``--questions`` questions at once, each
starting at its own place in the list, half as JSON ``/api/ask`` and half as the streamed
``/api/ask`` (server-sent events). Reported: errors, answers that differ from the
single-client ones (text and citations: source, locator, quote), p50 / p95 / max latency and
throughput. ``--mode quote`` (the default mode, answers quoted from the sources) mixes document
and table questions from ``evals/golden/sample_plant*.jsonl``; ``--mode generate`` asks the
document questions in generate mode with the model from settings (``COPILOT_MODEL``), so every
answer waits its turn in the generation queue, whose depth and waits ``/api/health`` shows.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

import httpx

from evals.procs import stop
from evals.stats import percentile

REPO = Path(__file__).resolve().parents[1]
Row = Callable[..., None]
Key = tuple[str, tuple[tuple[str, str, str], ...]]


def questions(count: int, mode: str = "quote") -> list[str]:
    """``count`` golden questions: documents and tables alternating (documents only to generate)."""
    def load(name: str) -> list[str]:
        text = (REPO / "evals" / "golden" / name).read_text(encoding="utf-8")
        return [json.loads(line)["question"] for line in text.splitlines() if line.strip()]

    docs = load("sample_plant.jsonl")
    if mode == "generate":
        return docs[:count]
    mixed = [q for pair in zip_longest(docs, load("sample_plant_tables.jsonl")) for q in pair if q]
    return mixed[:count]


def answer_key(answer: dict[str, Any]) -> Key:
    """What must not change under load: the answer text and what it cites."""
    return answer["answer"], tuple((c["source"], c["locator"], c["quote"])
                                   for c in answer["citations"])


def ask(client: httpx.Client, question: str, stream: bool, mode: str) -> dict[str, Any]:
    """One question over HTTP; the answer JSON (from the ``answer`` event when streamed)."""
    body = {"question": question, "stream": stream,
            "mode": "generate" if mode == "generate" else "auto"}
    if not stream:
        r = client.post("/api/ask", json=body)
        r.raise_for_status()
        return dict(r.json())
    event, answer = "", None
    with client.stream("POST", "/api/ask", json=body) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "error":
                raise RuntimeError(f"error event: {line[6:]}")
            elif line.startswith("data: ") and event == "answer":
                answer = json.loads(line[6:])
    if answer is None:
        raise RuntimeError("the stream ended without an answer event")
    return dict(answer)


@dataclass
class LoadResult:
    clients: int
    questions: int
    asked: int = 0
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    single_ms: list[float] = field(default_factory=list)
    queue: dict[str, Any] = field(default_factory=dict)  # /api/health "generation" at the end
    peak_depth: int = 0
    peak_in_flight: int = 0

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(home: Path, env: dict[str, str] | None = None, timeout: float = 300
            ) -> Iterator[str]:
    """The real app in a child process on a free loopback port; yields its base URL."""
    port = free_port()
    child_env = {**os.environ, "COPILOT_HOME": str(home), "COPILOT_RATE_BURST": "1000000",
                 **(env or {})}
    log = home / "load-server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "evals.bench_load", "serve", str(port)],
                                cwd=REPO, env=child_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, url, log, timeout)
        yield url
    finally:
        stop(proc, 30)


def _wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/api/health", timeout=30).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the app was not ready after {timeout:g} s:\n{log.read_text()[-2000:]}")


def reference_answers(url: str, pool: list[str], mode: str = "quote", timeout: float = 600
                      ) -> tuple[dict[str, Key], list[float]]:
    """Each question asked by one client alone: its answer and how long it took (ms)."""
    reference: dict[str, Key] = {}
    single: list[float] = []
    with httpx.Client(base_url=url, timeout=timeout) as client:
        for q in pool:
            t = time.perf_counter()
            reference[q] = answer_key(ask(client, q, False, mode))
            single.append((time.perf_counter() - t) * 1000)
    return reference, single


def run_load(url: str, pool: list[str], clients: int, reference: dict[str, Key],
             mode: str = "quote", timeout: float = 600) -> LoadResult:
    """``clients`` clients asking all of ``pool`` at once, answers checked against ``reference``."""
    result = LoadResult(clients, len(pool))
    lock = threading.Lock()
    done = threading.Event()
    watcher = threading.Thread(target=_watch_queue, args=(url, result, done), daemon=True)
    watcher.start()
    start = threading.Barrier(clients)
    t0 = time.perf_counter()
    threads = [threading.Thread(target=_client, args=(url, n, pool, mode, reference, result,
                                                      lock, start, timeout), daemon=True)
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - t0
    done.set()
    watcher.join()
    result.queue = httpx.get(url + "/api/health", timeout=60).json().get("generation") or {}
    return result


def _client(url: str, n: int, pool: list[str], mode: str, reference: dict[str, Key],
            result: LoadResult, lock: threading.Lock, start: threading.Barrier,
            timeout: float) -> None:
    """One terminal: every question once, from its own place in the list, JSON and SSE in turn."""
    with httpx.Client(base_url=url, timeout=timeout) as client:
        start.wait()
        for i in range(len(pool)):
            q = pool[(n * 7 + i) % len(pool)]
            stream = (n + i) % 2 == 1
            t = time.perf_counter()
            try:
                got = answer_key(ask(client, q, stream, mode))
            except Exception as exc:  # counted and shown, never raised from a client thread
                with lock:
                    result.asked += 1
                    result.errors.append(f"{q[:60]!r} ({'sse' if stream else 'json'}): {exc}")
                continue
            ms = (time.perf_counter() - t) * 1000
            with lock:
                result.asked += 1
                result.latencies_ms.append(ms)
                if got != reference[q]:
                    result.mismatches.append(f"{q[:60]!r} ({'sse' if stream else 'json'})")


def _watch_queue(url: str, result: LoadResult, done: threading.Event) -> None:
    """Polls /api/health while the clients run: the deepest queue and the most in flight."""
    with httpx.Client(base_url=url, timeout=60) as client:
        while not done.wait(0.5):
            try:
                gen = client.get("/api/health").json().get("generation") or {}
            except (httpx.HTTPError, ValueError):
                continue
            result.peak_depth = max(result.peak_depth, int(gen.get("depth", 0)))
            result.peak_in_flight = max(result.peak_in_flight, int(gen.get("in_flight", 0)))


def build_home(home: Path, embedder: str) -> None:
    """An index of sample_docs in ``home``."""
    from copilot.core.settings import load_settings
    from copilot.service import Copilot

    app = Copilot(load_settings(env={**os.environ, "COPILOT_HOME": str(home),
                                     "COPILOT_EMBEDDER": embedder}))
    try:
        report = app.ingest([REPO / "sample_docs"])
        if report.errors:
            raise RuntimeError(f"ingesting sample_docs failed: {report.errors}")
    finally:
        app.close()


def load_rows(r: LoadResult, mode: str, row: Row) -> None:
    lat = r.latencies_ms or [float("nan")]
    row(f"load ({mode}): {r.clients} clients x {r.questions} questions on loopback, "
        "JSON + SSE /api/ask",
        f"answered {len(r.latencies_ms)}/{r.asked}", f"errors {len(r.errors)}",
        f"differing from single-client {len(r.mismatches)}",
        f"p50 {percentile(lat, 50):.0f} ms", f"p95 {percentile(lat, 95):.0f} ms",
        f"max {max(lat):.0f} ms", f"{r.throughput:.2f} questions/s",
        f"single client p50 {percentile(r.single_ms or [float('nan')], 50):.0f} ms")
    if r.queue:
        row(f"load ({mode}): generation queue (/api/health)",
            f"slots {r.queue['slots']}", f"peak depth {r.peak_depth}",
            f"peak in flight {r.peak_in_flight}", f"served {r.queue['served']}",
            f"wait p95 {r.queue['wait_p95_ms']:.0f} ms (last 200)")
    for line in (r.errors + r.mismatches)[:5]:
        print(f"  {line}")


def bench_load(home: Path | None, embedder: str, clients: int, count: int, mode: str,
               row: Row) -> LoadResult:
    pool = questions(count, mode)
    with tempfile.TemporaryDirectory() as tmp:
        if home is None:
            home = Path(tmp) / "home"
            build_home(home, embedder)
        env = {"COPILOT_EMBEDDER": embedder}
        with serving(home, env) as url:
            reference, single = reference_answers(url, pool, mode)
        with serving(home, env) as url:  # a fresh process: no query embedding cached yet
            result = run_load(url, pool, clients, reference, mode)
    result.single_ms = single
    load_rows(result, mode, row)
    return result


def serve(port: int) -> None:
    """The child process: the app over $COPILOT_HOME, one uvicorn worker, no UI."""
    import uvicorn

    from copilot.api import create_app
    from copilot.core.settings import load_settings
    from copilot.service import Copilot

    app = Copilot(load_settings())
    app.warm_up()
    uvicorn.run(create_app(app), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
