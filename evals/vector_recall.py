"""Chroma's HNSW search against an exact search over the same stored vectors, same questions.

    COPILOT_HOME=<index> python -m evals.vector_recall evals/blind4/maintenance.jsonl ... [-k 40]

For each question: the k nearest chunks by HNSW (``collection.query``) and by one matrix product
over every stored vector; recall counts an HNSW hit found when its similarity reaches the exact
k-th best (identical rows tie, and any of them is right). Latency is per question, both measured
in this run; the ratio is the number to watch (README: performance targets are ratios).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from copilot.core.offline import enforce_offline
from copilot.core.settings import load_settings
from copilot.service import Copilot


def measure(paths: list[Path], k: int) -> dict[str, Any]:
    app = Copilot(load_settings())
    try:
        app.warm_up()
        embedder = app._embedder  # the measurement needs the raw parts
        col = app._vector._col  # type: ignore[union-attr,attr-defined]
        assert embedder is not None
        questions = [json.loads(line)["question"] for p in paths
                     for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        got = col.get(include=["embeddings"])
        ids = got["ids"]
        unit = np.asarray(got["embeddings"], dtype=np.float32)
        unit /= np.linalg.norm(unit, axis=1, keepdims=True)
        where = {i: n for n, i in enumerate(ids)}
        found, hnsw_ms, exact_ms = 0, [], []
        for q in questions:
            v = np.asarray(embedder.embed_query(q), dtype=np.float32)
            t0 = time.perf_counter()
            sims = unit @ (v / np.linalg.norm(v))
            top = np.argpartition(-sims, k - 1)[:k]
            exact_ms.append((time.perf_counter() - t0) * 1000)
            kth = float(sims[top].min())
            t0 = time.perf_counter()
            hits = col.query(query_embeddings=[v], n_results=k)["ids"][0]
            hnsw_ms.append((time.perf_counter() - t0) * 1000)
            found += sum(sims[where[i]] >= kth - 1e-5 for i in hits)
        return {"questions": len(questions), "vectors": len(ids), "k": k,
                "hnsw_recall": round(found / (k * len(questions)), 3),
                "hnsw_ms_p50": round(statistics.median(hnsw_ms), 2),
                "exact_ms_p50": round(statistics.median(exact_ms), 2),
                "exact_over_hnsw_time": round(statistics.median(exact_ms)
                                              / statistics.median(hnsw_ms), 3)}
    finally:
        app.close()


def main() -> None:
    enforce_offline()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("-k", type=int, default=40)
    args = ap.parse_args()
    print(json.dumps(measure(args.paths, args.k), indent=2))


if __name__ == "__main__":
    main()
