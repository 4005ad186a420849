"""Speed benchmarks, each printed as a ratio against a baseline measured in the same run.

    python -m evals.bench [ingest|search|answer|tables|ingest-ask|llm|all] [--sizes 10000,100000] [--queries 200]

- ingest: pipeline chunks/s on sample_docs vs the raw embedder on the same chunk texts; then
  today's pipeline vs the new one on a real-corpora slice, recall beside, and a big run
  (``evals/bench_ingest.py``; ``--rows 500 --big 20000``).
- search: p50/p95 latency at N synthetic chunks for BM25 alone, vector alone (query embedding
  included) and hybrid (embedding + both indexes + fusion + catalog fetch), beside bare bm25s /
  rank-bm25 / Chroma calls. Synthetic chunks use plant vocabulary; their vectors are random unit
  vectors (HNSW latency does not depend on meaning), the query embedding is real.
- ingest-ask: questions answered while a large export is ingested, p95 against idle
  (``evals/bench_concurrency.py``).
- llm: the packaged Qwen models on a ~1,500-token answer prompt: first token and tokens/s
  against bare llama-cpp-python, prefix cache off/on, thread policy, RSS
  (``evals/bench_llm.py``; ``--models qwen2.5-1.5b,qwen2.5-0.5b --rounds 3``; not in ``all``).
- search-scale: hybrid p50/p95 at ``--chunks`` (1,000,000) synthetic chunks on a Chroma server
  (``evals/bench_scale.py``; not in ``all``).
- workers: N = 1, 2, 4 API processes over one home + a Chroma server, with an ingest running
  (``evals/bench_workers.py``; ``--workers 1,2,4 --clients 8 --queries 160``; not in ``all``).
- tables: see ``evals/bench_tables.py`` (planner + SQL latency at 100k rows; exact answers
  beside plain hybrid RAG per category).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from copilot.core.offline import enforce_offline
from evals.stats import percentile as _pct

REPO = Path(__file__).resolve().parents[1]
ROWS: list[tuple[str, ...]] = []


def _time(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def row(*cells: object) -> None:
    ROWS.append(tuple(str(c) for c in cells))
    print(" | ".join(str(c) for c in cells), flush=True)


# -- ingest --------------------------------------------------------------------------------------
def bench_ingest(embedder_name: str) -> None:
    from copilot.core.settings import load_settings
    from copilot.service import Copilot
    from copilot.store.embedders import create_embedder
    from copilot.store.ingest import discover
    from ingestion.chunking import chunk_document
    from ingestion.registry import default_registry

    emb = create_embedder(embedder_name)
    emb.warm_up()
    reg = default_registry()
    texts: list[str] = []
    for _, src in discover([REPO / "sample_docs"]):
        try:
            texts += [c.text for c in chunk_document(reg.pick(src)[0].convert(src))]
        except Exception:
            continue
    t = time.perf_counter()
    emb.inner.embed_documents(texts, 32)  # type: ignore[attr-defined]
    raw = len(texts) / (time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as home:
        app = Copilot(load_settings(env={"COPILOT_HOME": home, "COPILOT_EMBEDDER": embedder_name}),
                      embedder=emb)
        t = time.perf_counter()
        report = app.ingest([REPO / "sample_docs"])
        took = time.perf_counter() - t
        app.close()
    ours = report.chunks_written / took
    row(f"ingest sample_docs ({embedder_name})", f"{report.chunks_written} chunks",
        f"{ours:.1f} chunks/s", f"raw embedder {raw:.1f} texts/s", f"ratio {ours / raw:.2f}x",
        "target >= 0.8x")


# -- search --------------------------------------------------------------------------------------
VOCAB = ["spindle", "bearing", "overheating", "press", "servo", "hydraulic", "torque", "bolt", "housing", "sealant", "bead", "leak", "coolant", "chiller", "flow", "alarm", "nutrunner", "drift", "recalibrate", "grease", "vibration", "fixture", "clamp", "runout", "gear", "shaft", "rotor", "oil", "fill", "pressure", "bar", "test", "reject", "limit", "marking", "laser", "robot", "pallet", "conveyor", "sensor", "encoder", "motor", "cable", "connector", "replace", "inspect", "adjust", "clean", "check"]
KO = ["스핀들", "베어링", "과열", "알람", "그리스", "보충", "토크", "볼트", "누설", "냉각수", "점검", "교체", "센서", "압력"]
STATIONS = ["OP10", "OP20", "OP30", "OP40", "OP50", "OP60"]
ASSETS = ["PRS-01", "PRS-02", "DSP-30", "NR-30", "LKT-40", "OFL-50", "EOL-50", "LSR-60"]
QUERIES = ["spindle bearing overheating on the OP20 press", "NR-30 spindle 3 torque drift",
           "coolant leak at the OP40 leak tester", "sealant bead gap OP30", "스핀들 베어링 과열",
           "what torque for the M8 housing bolts", "chiller flow low alarm", "press force window"]


def synthetic_chunks(n: int, seed: int = 7) -> list[Any]:
    from copilot.core.types import Chunk, Locator

    rnd = random.Random(seed)
    out = []
    from copilot.core.types import KINDS
    for i in range(n):
        words = rnd.choices(VOCAB, k=rnd.randint(12, 40))
        if i % 10 == 0:
            words += rnd.choices(KO, k=6)
        st, asset = rnd.choice(STATIONS), rnd.choice(ASSETS)
        text = f"WO-{i:06d} {asset} {st} " + " ".join(words)
        out.append(Chunk(id=f"syn{i:07d}", text=text, kind=KINDS[i % 3], doc_id=f"D{i // 100}",
                         source=f"syn/{i // 100}.csv", locator=Locator(f"syn/{i // 100}.csv", row=i),
                         metadata={"station": st, "asset": asset}))
    return out


def _fill_catalog(catalog: Any, chunks: list[Any]) -> None:
    from copilot.core.types import DocumentInfo
    from copilot.store.catalog import FileRow

    for i in range(0, len(chunks), 1000):
        part = chunks[i : i + 1000]
        path = f"/syn/{i}"
        catalog.replace_file(FileRow(path, path, "x", 1, "syn"),
                             DocumentInfo(path, "maintenance_log", f"SYN{i}"), part)


def bench_search(embedder_name: str, sizes: list[int], n_queries: int) -> None:
    from copilot.core.text import tokenize
    from copilot.retrieval import HybridRetriever
    from copilot.store.catalog import Catalog
    from copilot.store.embedders import create_embedder
    from copilot.store.index.base import Query
    from copilot.store.index.keyword import BM25Index
    from copilot.store.index.vector import ChromaIndex

    emb = create_embedder(embedder_name)
    emb.warm_up()
    queries = [QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {i}")
               for i in range(n_queries)]
    inner = emb.inner  # type: ignore[attr-defined]
    for n in sizes:
        chunks = synthetic_chunks(n)
        rng = np.random.default_rng(0)
        vecs = rng.standard_normal((n, emb.dim)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            vec = ChromaIndex(Path(d) / "chroma", emb.dim)
            vec.upsert(chunks, vecs)
            build_vec = time.perf_counter() - t
            t = time.perf_counter()
            kw = BM25Index(Path(d) / "bm25", "bm25s")
            kw.upsert(chunks)
            kw.search(Query("warm", ("warm",)), 1)
            build_kw = time.perf_counter() - t
            cat = Catalog(Path(d) / "catalog.sqlite")
            _fill_catalog(cat, chunks)
            row(f"build N={n}", f"chroma {build_vec:.1f}s", f"bm25s+tokenize {build_kw:.1f}s")
            _search_rows(n, queries, emb, inner, vec, kw, cat, HybridRetriever, Query, tokenize,
                         Path(d))


def _search_rows(n: int, queries: list[str], emb: Any, inner: Any, vec: Any, kw: Any, cat: Any,
                 retriever_cls: Any, query_cls: Any, tokenize: Any, d: Path) -> None:
    it = iter(range(10**9))

    def q() -> str:
        return queries[next(it) % len(queries)]

    # Baselines: bare library calls with nothing of ours around them.
    toks = [tokenize(x) for x in queries]
    bm = kw._engine._bm  # the very bm25s object our index built
    def bare_bm25() -> Any:
        tq = [t for t in tokenize(q()) if t in bm.vocab_dict] or ["x"]
        s = bm.get_scores(tq)
        return np.argpartition(-s, 30)[:30]

    base_bm = _time(bare_bm25, len(queries))
    col = vec._col
    base_vec = _time(lambda: col.query(query_embeddings=[inner.embed_batch([q()], query=True)[0]],
                                       n_results=30, include=["distances"]), len(queries))
    ours_bm = _time(lambda: kw.search(query_cls(q()), 30), len(queries))
    ours_vec = _time(lambda: vec.search(query_cls("", vector=emb.inner.embed_query(q())), 30),
                     len(queries))
    hyb = retriever_cls(cat, kw, vec, emb, {"bm25": 1.0, "vector": 1.0})
    hybrid = _time(lambda: hyb.search(q(), 10), len(queries))
    for name, base, ours in (("BM25 (bm25s)", base_bm, ours_bm),
                             ("vector (chroma + query embedding)", base_vec, ours_vec)):
        row(f"search N={n} {name}", f"p50 {_pct(ours, 50):.1f} ms", f"p95 {_pct(ours, 95):.1f} ms",
            f"bare p50 {_pct(base, 50):.1f} ms", f"ratio {_pct(ours, 50) / _pct(base, 50):.2f}x")
    row(f"search N={n} hybrid (embed+bm25+vector+rrf+fetch)", f"p50 {_pct(hybrid, 50):.1f} ms",
        f"p95 {_pct(hybrid, 95):.1f} ms", "target p95 <= 50 ms at 100k",
        f"{'OK' if _pct(hybrid, 95) <= 50 else 'MISS'}")
    # The card's rank-bm25 against bm25s on the same tokens.
    from copilot.store.index.keyword import RankBm25Engine

    corpus = [r[0].split("\x1f") for r in kw._db.execute("SELECT tokens FROM docs ORDER BY id")]
    rb = RankBm25Engine(corpus)
    m = max(10, len(queries) // 10)
    rank = _time(lambda: rb.scores(toks[next(it) % len(toks)]), m)
    row(f"search N={n} rank-bm25 vs bm25s", f"rank-bm25 p50 {_pct(rank, 50):.1f} ms",
        f"bm25s p50 {_pct(base_bm, 50):.1f} ms",
        f"bm25s is {_pct(rank, 50) / max(_pct(base_bm, 50), 1e-3):.0f}x faster")


# -- answer --------------------------------------------------------------------------------------
ASK = ["OP30 housing bolts - what torque and in which pattern?",
       "PRS-02 spindle temperature alarm A-217: what do I check?",
       "What is the reject limit for the coolant jacket leak test?",
       "스핀들 베어링이 과열되면 먼저 무엇을 점검하나요?",
       "How much oil goes into the EDU-200 at OP50?"]


class _Recorder:
    """Wraps a Generator: records the messages it got, first-token time and pieces."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.model_id = inner, inner.name, inner.model_id
        self.calls: list[tuple[Any, float, float, int]] = []  # messages, t_first, t_total, pieces

    def count_tokens(self, text: str) -> int:
        return int(self.inner.count_tokens(text))

    def stream(self, messages: Any, params: Any) -> Any:
        t0 = time.perf_counter()
        first, n = 0.0, 0
        for piece in self.inner.stream(messages, params):
            if n == 0:
                first = time.perf_counter() - t0
            n += 1
            yield piece
        self.calls.append((messages, first, time.perf_counter() - t0, n))

    def close(self) -> None:
        self.inner.close()


def _bare_llama(path: str, messages: Any, max_tokens: int) -> tuple[float, float, int]:
    from llama_cpp import Llama

    llm = Llama(model_path=path, n_ctx=4096, verbose=False)
    msgs: Any = [{"role": m.role, "content": m.content} for m in messages]
    t0 = time.perf_counter()
    first, n = 0.0, 0
    chunks: Any = llm.create_chat_completion(messages=msgs, stream=True, max_tokens=max_tokens,
                                             temperature=0.0, seed=0)
    for chunk in chunks:
        if chunk["choices"][0].get("delta", {}).get("content"):
            if n == 0:
                first = time.perf_counter() - t0
            n += 1
    return first, time.perf_counter() - t0, n


def bench_answer(embedder_name: str) -> None:
    """Per question, back to back (so machine-load drift hits all three alike): ``ask`` with the
    prefix cache, ``ask`` without it, and a bare llama-cpp-python call on the very same prompt."""
    from copilot.answering.request import Ask
    from copilot.core.settings import load_settings
    from copilot.generation.llama_cpp import LlamaCppGenerator, default_model_path
    from copilot.service import Copilot

    with tempfile.TemporaryDirectory() as home:
        settings = load_settings(env={"COPILOT_HOME": home, "COPILOT_EMBEDDER": embedder_name})
        cached, fresh = (_Recorder(LlamaCppGenerator(prefix_cache=c)) for c in (True, False))
        apps = [Copilot(settings, generator=g) for g in (cached, fresh)]  # type: ignore[arg-type]
        apps[0].ingest([REPO / "sample_docs"])
        for app, gen in zip(apps, (cached, fresh), strict=True):
            app.warm_up()
            gen.inner.warm_up()
            app.ask(Ask(ASK[0], mode="generate"))  # fills the prefix cache with the system prompt
        gen_tps: dict[str, list[float]] = {"ours": [], "bare": []}
        ttft: dict[str, list[float]] = {"ours": [], "nocache": [], "bare": []}
        share: list[float] = []
        for q in ASK:
            ans = apps[0].ask(Ask(q, mode="generate"))
            msgs, first, total, n = cached.calls[-1]
            share.append(ans.timings_ms["retrieval"] / ans.timings_ms["total"])
            ttft["ours"].append(first * 1000 + ans.timings_ms["retrieval"])
            if n > 1:
                gen_tps["ours"].append(n / max(total - first, 1e-6))
            apps[1].ask(Ask(q, mode="generate"))
            ttft["nocache"].append(fresh.calls[-1][1] * 1000)
            b_first, b_total, b_n = _bare_llama(str(default_model_path()), msgs,
                                                settings.max_answer_tokens)
            ttft["bare"].append(b_first * 1000)
            if b_n > 1:
                gen_tps["bare"].append(b_n / max(b_total - b_first, 1e-6))
        med = statistics.median
        row("answer: generation speed, ask vs bare llama-cpp-python (same prompts)",
            f"ours {med(gen_tps['ours']):.1f} tok/s", f"bare {med(gen_tps['bare']):.1f} tok/s",
            f"ratio {med(gen_tps['ours']) / med(gen_tps['bare']):.2f}x", "target >= 0.95x")
        row("answer: time to first token (ours incl. retrieval + prompt assembly)",
            f"ours {med(ttft['ours']):.0f} ms", f"bare {med(ttft['bare']):.0f} ms",
            f"ratio {med(ttft['bare']) / med(ttft['ours']):.2f}x")
        row("answer: retrieval + prompt assembly share of ask", f"{med(share) * 100:.1f}%")
        row("answer: system-prompt prefix cache", f"TTFT off {med(ttft['nocache']):.0f} ms",
            f"on {med(ttft['ours']):.0f} ms",
            f"gain {med(ttft['nocache']) / med(ttft['ours']):.2f}x")
        for app in apps:
            app.close()


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    p = argparse.ArgumentParser(prog="python -m evals.bench")
    p.add_argument("what", nargs="?", default="all",
                   choices=["ingest", "search", "answer", "tables", "ingest-ask", "llm", "load",
                            "search-scale", "workers", "all"])
    p.add_argument("--rows", type=int, default=0,
                   help="work orders for 'tables' (100000), 'ingest-ask' (1500) and the "
                   "'ingest' real-corpora slice (500)")
    p.add_argument("--big", type=int, default=20000,
                   help="chiller-shaped work orders for the big 'ingest' run (0 skips it)")
    p.add_argument("--home", type=Path, help="index of sample_docs for 'tables' (else built)")
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--embedder", default="e5-small")
    p.add_argument("--models", default="qwen2.5-1.5b,qwen2.5-0.5b", help="for 'llm'")
    p.add_argument("--rounds", type=int, default=3, help="prompts per model for 'llm'")
    p.add_argument("--clients", type=int, default=0,
                   help="concurrent clients: 'load' (default 16), 'workers' (default 8)")
    p.add_argument("--questions", type=int, default=100, help="for 'load'")
    p.add_argument("--mode", choices=["quote", "generate"], default="quote", help="for 'load'")
    p.add_argument("--chunks", type=int, default=1_000_000, help="for 'search-scale'")
    p.add_argument("--chroma-url", default="", help="for 'search-scale' (else one is started)")
    p.add_argument("--workers", default="1,2,4", help="API worker processes for 'workers'")
    args = p.parse_args(argv)
    print(f"machine: {machine()}")
    if args.what in ("ingest", "all"):
        from evals.bench_ingest import bench_ingest_speed  # issue 18: today vs new, one run

        bench_ingest(args.embedder)
        bench_ingest_speed(args.embedder, args.rows or 500, args.big, row)
    if args.what in ("search", "all"):
        bench_search(args.embedder, [int(s) for s in args.sizes.split(",")], args.queries)
    if args.what in ("answer", "all"):
        bench_answer(args.embedder)
    if args.what in ("tables", "all"):
        from evals.bench_tables import bench_accuracy, bench_latency

        bench_latency(args.rows or 100000, row)
        bench_accuracy(args.home, args.embedder, row)
    if args.what in ("ingest-ask", "all"):
        from evals.bench_concurrency import bench_ingest_ask

        bench_ingest_ask(args.embedder, args.rows or 1500, row)
    if args.what == "llm":  # minutes per model on 2 cores: only when asked for
        from evals.bench_llm import bench_llm

        bench_llm(args.models.split(","), args.rounds, row)
    if args.what == "load":  # minutes: only when asked for
        from evals.bench_load import bench_load

        bench_load(args.home, args.embedder, args.clients or 16, args.questions, args.mode, row)
    if args.what == "search-scale":  # evals/bench_scale.py; long at 1M: only when asked for
        from evals.bench_scale import bench_search_scale

        bench_search_scale(args.chunks, args.queries, row, args.embedder, args.chroma_url)
    if args.what == "workers":  # evals/bench_workers.py: N serve processes over one home
        from evals.bench_workers import main_args

        args.clients = args.clients or 8
        main_args(args, row)
    print("\n| benchmark | figures |\n|---|---|")
    for r in ROWS:
        print(f"| {r[0]} | {' · '.join(r[1:])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
