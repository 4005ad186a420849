"""Several API worker processes over one COPILOT_HOME: errors, throughput and p95 per N.

    python -m evals.bench workers [--workers 1,2,4] [--clients 8] [--queries 160] [--rows 1500]

One home (SQLite catalog in WAL, BM25 file) is built from ``sample_docs`` with its vectors on a
``chroma run`` server started here. For each N, N separate ``python -m copilot serve`` processes
listen on their own loopback ports over that home (what N systemd units behind a reverse proxy
run); ``--clients`` threads send the golden questions round-robin over the ports (``/api/ask``,
quoting mode: no LLM, so the figures are the API, retrieval and stores), while one
``python -m copilot ingest`` process adds a generated work-order export of ``--rows`` rows
(a new file per N, so every round ingests); the clients go on until the ingest has finished and
at least ``--queries`` were asked. Reported per N: requests, errors, answers/s, p50/p95.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from evals.bench_concurrency import _questions, work_order_export
from evals.bench_scale import chroma_run
from evals.stats import percentile

REPO = Path(__file__).resolve().parents[1]
Row = Callable[..., None]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 600) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker {url} exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"worker {url} did not come up in {timeout:.0f} s")


@contextmanager
def workers(n: int, env: dict[str, str], logs: Path) -> Iterator[list[str]]:
    """``n`` ``copilot serve`` processes; yields their base URLs."""
    procs, urls = [], []
    try:
        for i in range(n):
            port = _port()
            log = (logs / f"worker-{n}-{i}.log").open("wb")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "copilot", "serve", "--port", str(port), "--no-ui",
                 "--skip-checks"], env=env, stdout=log, stderr=subprocess.STDOUT))
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs, strict=True):
            _wait_healthy(url, proc)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


def _drive(urls: list[str], questions: list[str], clients: int, total: int,
           busy: Callable[[], bool] = lambda: False) -> tuple[list[float], list[str], float]:
    """At least ``total`` questions, and on until ``busy()`` is false (the ingest finished)."""
    import httpx

    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = itertools.count()

    def client(c: int) -> None:
        with httpx.Client(timeout=120) as http:
            for i in counter:
                if i >= total and not busy():
                    return
                url = urls[(c + i) % len(urls)]
                t = time.perf_counter()
                try:
                    got = http.post(f"{url}/api/ask", json={
                        "question": questions[i % len(questions)], "mode": "extract"})
                    ok = got.status_code == 200 and bool(got.json().get("answer"))
                    why = f"{got.status_code} {got.text[:120]}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                with lock:
                    lat.append((time.perf_counter() - t) * 1000)
                    if not ok:
                        errors.append(why)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors, time.perf_counter() - t0


def bench_workers(counts: list[int], clients: int, total: int, rows: int, row: Row,
                  embedder_name: str = "e5-small") -> None:
    questions = _questions(40)
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        d = Path(tmp)
        with chroma_run(d) as (chroma_url, _):
            env = dict(os.environ, COPILOT_HOME=str(d / "home"), COPILOT_CHROMA_URL=chroma_url,
                       COPILOT_EMBEDDER=embedder_name, COPILOT_RATE_PER_MINUTE="100000",
                       COPILOT_RATE_BURST="100000")
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "copilot", "ingest", str(REPO / "sample_docs")],
                           env=env, check=True, capture_output=True)
            print(f"  sample_docs ingested in {time.perf_counter() - t:.0f} s", flush=True)
            for n in counts:
                export = work_order_export(d / f"export-{n}.csv", rows, seed=n)
                t = time.perf_counter()
                with workers(n, env, d) as urls:
                    print(f"  {n} worker(s) up in {time.perf_counter() - t:.0f} s", flush=True)
                    _drive(urls, questions, clients, len(urls) * 4)  # warm every worker
                    ingest = subprocess.Popen(
                        [sys.executable, "-m", "copilot", "ingest", str(export)], env=env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    lat, errors, took = _drive(urls, questions, clients, total,
                                               partial(_running, ingest))
                    ingest_rc = ingest.wait(timeout=3600)
                _report(n, clients, lat, errors, took, ingest_rc, row)


def _running(proc: subprocess.Popen[bytes]) -> bool:
    return proc.poll() is None


def _report(n: int, clients: int, lat: list[float], errors: list[str], took: float,
            ingest_rc: int, row: Row) -> None:
    row(f"workers N={n} ({clients} clients, /api/ask extract, one ingest running)",
        f"{len(lat)} requests", f"{len(errors)} errors", f"{len(lat) / took:.2f} answers/s",
        f"p50 {percentile(lat, 50):.0f} ms", f"p95 {percentile(lat, 95):.0f} ms",
        f"ingest exit {ingest_rc}")
    for e in errors[:3]:
        print(f"  error: {e}", flush=True)


def main_args(args: Any, row: Row) -> None:
    bench_workers([int(x) for x in args.workers.split(",")], args.clients, args.queries,
                  args.rows or 1500, row, args.embedder)
