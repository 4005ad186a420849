"""Search at scale on the server backend: hybrid p50/p95 at up to 1,000,000 chunks.

    python -m evals.bench search-scale [--chunks 1000000] [--queries 200] [--chroma-url URL]

Chunks are synthetic work-order-like texts built from plant words (``evals.bench.VOCAB``, a
tenth with Korean words; asset, station, work-order number), with *random, seeded 384-d unit
vectors*: embedding a million texts with the model would take hours on 2 cores and HNSW
latency does not depend on what the vectors mean. The query embedding is real (e5-small).
Without ``--chroma-url`` a ``chroma run`` server is started on a free port in a temporary folder
(and stopped). The chunks go into that server in batches, into the BM25 index (engine bm25s)
and into the catalog (the fused search fetches its hits from it). Then ``--queries`` queries:
p50/p95 of the vector index alone (given the query vector), BM25 alone, the query embedding,
and the fused search (``HybridRetriever.search``: both indexes + RRF + catalog fetch, with the
query vector from the embedder's query cache, filled by the embedding row: on a shared, loaded
box the embedding's time is the machine's load, not the index size, so it is its own row).
Reported too: build time per part, the bench process's RSS (BM25 lives in it) and the server's.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from evals.stats import percentile

Row = Callable[..., None]
# The plant words of ``evals.bench``'s search benchmark (kept here: evals.bench imports this).
VOCAB = ["spindle", "bearing", "overheating", "press", "servo", "hydraulic", "torque", "bolt", "housing", "sealant", "bead", "leak", "coolant", "chiller", "flow", "alarm", "nutrunner", "drift", "recalibrate", "grease", "vibration", "fixture", "clamp", "runout", "gear", "shaft", "rotor", "oil", "fill", "pressure", "bar", "test", "reject", "limit", "marking", "laser", "robot", "pallet", "conveyor", "sensor", "encoder", "motor", "cable", "connector", "replace", "inspect", "adjust", "clean", "check"]
KO = ["스핀들", "베어링", "과열", "알람", "그리스", "보충", "토크", "볼트", "누설", "냉각수", "점검", "교체", "센서", "압력"]
STATIONS = ("OP10", "OP20", "OP30", "OP40", "OP50", "OP60")
ASSETS = ("PRS-01", "PRS-02", "DSP-30", "NR-30", "LKT-40", "OFL-50", "EOL-50", "LSR-60")
QUERIES = ("spindle bearing overheating on the OP20 press", "NR-30 spindle 3 torque drift",
           "coolant leak at the OP40 leak tester", "sealant bead gap OP30", "스핀들 베어링 과열",
           "what torque for the M8 housing bolts", "chiller flow low alarm", "press force window")
BATCH = 10_000
DIM = 384


def _rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


@contextmanager
def chroma_run(data: Path) -> Iterator[tuple[str, int]]:
    """A ``chroma run`` server persisting in ``data``: yields (URL, pid)."""
    from copilot.core.errors import IndexUnavailableError
    from copilot.store.index.vector import ping_server

    here = Path(sys.executable).with_name("chroma")
    cli = str(here) if here.is_file() else (shutil.which("chroma") or "chroma")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (data / "chroma.log").open("wb")
    proc = subprocess.Popen([cli, "run", "--path", str(data / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, ANONYMIZED_TELEMETRY="False"))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                ping_server(url)
                break
            except IndexUnavailableError:
                time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()


def synthetic_batch(start: int, n: int, seed: int = 7) -> tuple[list[Any], np.ndarray]:
    """Chunks ``start`` .. ``start + n`` and their seeded random unit vectors (reproducible)."""
    from copilot.core.types import KINDS, Chunk, Locator

    rnd = random.Random(seed * 1_000_003 + start)
    chunks = []
    for i in range(start, start + n):
        words = rnd.choices(VOCAB, k=rnd.randint(12, 40))
        if i % 10 == 0:
            words += rnd.choices(KO, k=6)
        st, asset = rnd.choice(STATIONS), rnd.choice(ASSETS)
        src = f"syn/{i // 1000}.csv"
        chunks.append(Chunk(id=f"syn{i:08d}", text=f"WO-{i:07d} {asset} {st} " + " ".join(words),
                            kind=KINDS[i % 3], doc_id=f"D{i // 1000}", source=src,
                            locator=Locator(src, row=i), metadata={"station": st, "asset": asset}))
    vecs = np.random.default_rng(seed * 7919 + start).standard_normal((n, DIM)).astype(np.float32)
    return chunks, vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def _build(n: int, url: str, d: Path, row: Row) -> tuple[Any, Any, Any]:
    from copilot.core.types import DocumentInfo
    from copilot.store.catalog import Catalog, FileRow
    from copilot.store.index.base import Query
    from copilot.store.index.keyword import BM25Index
    from copilot.store.index.vector import ChromaIndex

    vec = ChromaIndex(d, DIM, url=url, collection=f"scale-{n}-{os.getpid()}")
    kw = BM25Index(d / "bm25", "bm25s")
    cat = Catalog(d / "catalog.sqlite")
    took = {"chroma": 0.0, "bm25 rows": 0.0, "catalog": 0.0}
    t_all = time.perf_counter()
    for start in range(0, n, BATCH):
        chunks, vecs = synthetic_batch(start, min(BATCH, n - start))
        t = time.perf_counter()
        vec.upsert(chunks, vecs)
        took["chroma"] += time.perf_counter() - t
        t = time.perf_counter()
        kw.upsert(chunks)
        took["bm25 rows"] += time.perf_counter() - t
        t = time.perf_counter()
        for i in range(0, len(chunks), 1000):
            path = f"/syn/{(start + i) // 1000}"
            cat.replace_file(FileRow(path, path, "x", 1, "syn"),
                             DocumentInfo(path, "maintenance_log", f"SYN{(start + i) // 1000}"),
                             chunks[i : i + 1000])
        took["catalog"] += time.perf_counter() - t
        done = start + len(chunks)
        if done % 100_000 == 0 or done == n:
            rate = done / (time.perf_counter() - t_all)
            print(f"  {done:,} chunks in, {rate:.0f}/s overall; eta "
                  f"{(n - done) / rate / 60:.1f} min", flush=True)
    t = time.perf_counter()
    kw.search(Query("warm", ("warm",)), 1)  # builds the bm25s matrix from the stored tokens
    took["bm25 matrix"] = time.perf_counter() - t
    row(f"search-scale N={n:,}: build", *(f"{k} {v:.0f} s" for k, v in took.items()),
        f"total {time.perf_counter() - t_all:.0f} s",
        f"{n / took['chroma']:.0f} vectors/s into the server")
    return vec, kw, cat


def bench_search_scale(n: int, n_queries: int, row: Row, embedder_name: str = "e5-small",
                       chroma_url: str = "") -> None:
    from copilot.core.text import tokenize
    from copilot.retrieval import HybridRetriever
    from copilot.store.embedders import create_embedder
    from copilot.store.index.base import Query

    emb = create_embedder(embedder_name)
    emb.warm_up()
    queries = [f"{QUERIES[i % len(QUERIES)]} {'' if i < len(QUERIES) else i}".strip()
               for i in range(n_queries)]
    with tempfile.TemporaryDirectory(prefix="search-scale-") as tmp:
        d = Path(tmp)
        with _server(chroma_url, d) as (url, pid):
            vec, kw, cat = _build(n, url, d, row)
            t_emb: list[float] = []
            qvecs = []
            for q in queries:
                t = time.perf_counter()
                qvecs.append(emb.embed_query(q))  # also fills the query cache the fused search uses
                t_emb.append((time.perf_counter() - t) * 1000)
            t_vec = _times(lambda i: vec.search(Query("", vector=qvecs[i]), 30), n_queries)
            t_kw = _times(lambda i: kw.search(Query(queries[i], tuple(tokenize(queries[i]))), 30),
                          n_queries)
            hyb = HybridRetriever(cat, kw, vec, emb, {"bm25": 1.0, "vector": 0.3}, 20)
            t_hyb = _times(lambda i: hyb.search(queries[i], 10), n_queries)
            for name, ts in (("vector (Chroma server, k=30)", t_vec), ("BM25 bm25s (k=30)", t_kw),
                             ("query embedding (e5-small)", t_emb),
                             ("fused hybrid (bm25+vector+rrf+catalog, k=10; query vector "
                              "cached: add the embedding row)", t_hyb)):
                row(f"search-scale N={n:,}: {name}", f"p50 {percentile(ts, 50):.1f} ms",
                    f"p95 {percentile(ts, 95):.1f} ms")
            server_rss = _rss_mb(pid) if pid else 0.0
            row(f"search-scale N={n:,}: memory", f"bench process RSS {_rss_mb():.0f} MB (BM25 +"
                " catalog cache + embedder)",
                f"Chroma server RSS {server_rss:.0f} MB" if pid else "Chroma server: external",
                f"disk: server {_dir_mb(d / 'db'):.0f} MB" if pid else "",
                f"bm25 {_dir_mb(d / 'bm25'):.0f} MB",
                f"catalog {_dir_mb(d / 'catalog.sqlite'):.0f} MB")
            cat.close()
            kw.close()


def _times(fn: Callable[[int], Any], n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


@contextmanager
def _server(url: str, d: Path) -> Iterator[tuple[str, int]]:
    if url:
        yield url, 0
        return
    with chroma_run(d) as got:
        yield got
