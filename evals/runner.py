"""Eval runner: retrieval (hybrid vs BM25-only vs vector-only, same run), answers, abstention.

    python -m copilot eval GOLDEN.jsonl [-k 10] [--answers] [--out results.jsonl]
                           [--report report.md] [--corpus DIR]
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot.answering.grounding import grounded_number, markers, quantities, strip_markers
from copilot.answering.request import Ask
from copilot.serialize import answer_to_json
from copilot.service import Copilot
from evals.golden_format import GoldenItem, group_found, load_golden, score_answer
from evals.naive import NaiveBaseline
from evals.stats import mean as _mean
from evals.stats import percentile

MODES = {"hybrid": None, "bm25": {"bm25": 1.0, "vector": 0.0}, "vector": {"bm25": 0.0, "vector": 1.0}}


@dataclass
class ItemResult:
    item: GoldenItem
    retrieval: dict[str, dict[str, float]] = field(default_factory=dict)  # mode -> metrics
    hits: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    naive: dict[str, float] = field(default_factory=dict)  # the peer baseline, same run


def retrieval_metrics(item: GoldenItem, texts: list[str]) -> dict[str, float]:
    if not item.evidence:
        return {}
    found = [any(group_found(g, t) for t in texts) for g in item.evidence]
    first = next((r for r, t in enumerate(texts, 1)
                  if any(group_found(g, t) for g in item.evidence)), None)
    return {"recall": sum(found) / len(found), "mrr": 1.0 / first if first else 0.0}


def answer_metrics(item: GoldenItem, ans: dict[str, Any]) -> dict[str, float]:
    text = ans["answer"]
    # the table engine's "no work order matches WO-25-00999" says the plant has no such record:
    # for an unanswerable question it is the honest reply (counted as declining to answer);
    # for an answerable one it is an answer like any other (scored by its facts)
    no_rows = ans.get("route") == "table" and (ans.get("table") or {}).get("matched") == 0
    m: dict[str, float] = {"abstained": float(ans["abstained"]),
                           "declined": float(ans["abstained"] or no_rows),
                           "latency_ms": float(ans["timings_ms"].get("total", 0.0))}
    if item.answerable:
        m.update(score_answer(item, ans))
    ns = {c["n"] for c in ans["citations"]}
    used = markers(text)
    m["citation_valid"] = float(all(n in ns for n in used)) if used else 1.0
    # a quote's "where" label (article, step) comes from its citation's locator: grounded too
    quotes = " ".join(f'{c["quote"]} {c["locator"]}' for c in ans["citations"])
    if ans.get("route") in ("table", "both"):  # engine-computed figures are not quotes
        text = text.split("From the documents:", 1)[1] if "From the documents:" in text else ""
    qs = quantities(strip_markers(text.split("\n", 1)[-1] if ans["extractive"] else text))
    src = quantities(quotes)
    m["ungrounded_numbers"] = float(sum(not grounded_number(q, src) for q in qs))
    m["numbers"] = float(len(qs))
    return m


def naive_metrics(item: GoldenItem, baseline: NaiveBaseline, k: int) -> dict[str, float]:
    """The naive peer on the same item: evidence recall@k, exact and fact recall of its quotes."""
    hits = baseline.search(item.question, k)
    m = {f"retrieval_{key}": v
         for key, v in retrieval_metrics(item, [h.text for h in hits]).items()}
    ans = baseline.answer(hits)
    if item.answerable:
        m.update({key: v for key, v in score_answer(item, ans).items() if key != "route_correct"})
    return m


def run_items(app: Copilot, items: Iterable[GoldenItem], k: int, answers: bool,
              progress: Callable[[int], None] | None = None,
              baseline: NaiveBaseline | None = None) -> list[ItemResult]:
    out: list[ItemResult] = []
    for n, item in enumerate(items, start=1):
        r = ItemResult(item)
        if baseline is not None:
            r.naive = naive_metrics(item, baseline, k)
        for mode, weights in MODES.items():
            res = app.retriever.search(item.question, k, weights=weights)
            texts = [h.chunk.text for h in res.hits]
            r.retrieval[mode] = retrieval_metrics(item, texts)
            if mode == "hybrid":
                r.hits = [{"rank": h.rank, "text": h.chunk.text, "locator": str(h.chunk.locator),
                           "score": round(h.score, 6), "kind": h.chunk.kind} for h in res.hits]
                r.metrics["search_ms"] = res.timings_ms.get("total", 0.0)
        ans = app.ask(Ask(item.question, item.history, mode="auto" if answers else "extract"))
        r.answer = answer_to_json(ans)
        r.metrics.update(answer_metrics(item, r.answer))
        out.append(r)
        if progress:
            progress(n)
    return out


def _pct(xs: list[float], p: float) -> float | None:
    return round(percentile(xs, p), 1) if xs else None


def summarize(results: list[ItemResult], answers: bool) -> dict[str, Any]:
    def block(rs: list[ItemResult]) -> dict[str, Any]:
        d: dict[str, Any] = {"n": len(rs)}
        for mode in MODES:
            ev = [r.retrieval[mode] for r in rs if r.retrieval.get(mode)]
            d[f"{mode}_recall@k"] = _mean([e["recall"] for e in ev])
            d[f"{mode}_mrr"] = _mean([e["mrr"] for e in ev])
        unans = [r for r in rs if not r.item.answerable]
        abst = [r for r in rs if r.metrics.get("abstained")]
        d["abstention_recall"] = _mean([r.metrics["declined"] for r in unans])
        d["abstention_precision"] = (
            _mean([0.0 if r.item.answerable else 1.0 for r in abst]) if abst else None)
        d["false_abstentions"] = sum(1 for r in abst if r.item.answerable)
        if answers:
            d["fact_recall"] = _mean([r.metrics["fact_recall"] for r in rs
                                      if "fact_recall" in r.metrics])
            d["exact_answer_rate"] = _mean([r.metrics["exact"] for r in rs if "exact" in r.metrics])
            d["citation_validity"] = _mean([r.metrics["citation_valid"] for r in rs])
            nums = sum(r.metrics["numbers"] for r in rs)
            d["ungrounded_number_rate"] = (
                round(sum(r.metrics["ungrounded_numbers"] for r in rs) / nums, 3) if nums else 0.0)
            d["extractive_rate"] = _mean([float(r.answer["extractive"]) for r in rs if r.answer])
        naive = [r.naive for r in rs if r.naive]
        if naive:
            d["naive_recall@k"] = _mean([m["retrieval_recall"] for m in naive
                                         if "retrieval_recall" in m])
            d["naive_fact_recall"] = _mean([m["fact_recall"] for m in naive if "fact_recall" in m])
            d["naive_exact"] = _mean([m["exact"] for m in naive if "exact" in m])
        routed = [r.metrics["route_correct"] for r in rs if "route_correct" in r.metrics]
        if routed:
            d["route_accuracy"] = _mean(routed)
        lat = [r.metrics["latency_ms"] for r in rs]
        d["latency_p50_ms"], d["latency_p95_ms"] = _pct(lat, 50), _pct(lat, 95)
        return d

    summary: dict[str, Any] = {"overall": block(results), "by_category": {}, "by_language": {}}
    for key, attr in (("by_category", "category"), ("by_language", "lang")):
        groups: dict[str, list[ItemResult]] = {}
        for r in results:
            groups.setdefault(getattr(r.item, attr), []).append(r)
        summary[key] = {g: block(rs) for g, rs in sorted(groups.items())}
    return summary


def report_markdown(summary: dict[str, Any], golden: str, k: int) -> str:
    cols = ["n", "hybrid_recall@k", "bm25_recall@k", "vector_recall@k", "hybrid_mrr",
            "bm25_mrr", "vector_mrr", "abstention_recall", "abstention_precision",
            "fact_recall", "exact_answer_rate", "naive_recall@k", "naive_fact_recall",
            "naive_exact", "route_accuracy", "citation_validity",
            "ungrounded_number_rate",
            "latency_p50_ms", "latency_p95_ms"]
    cols = [c for c in cols if c in summary["overall"]]
    head = "| slice | " + " | ".join(c.replace("_", " ") for c in cols) + " |"
    sep = "|---" * (len(cols) + 1) + "|"
    lines = [f"# Eval report: {golden} (k={k})", "", head, sep]

    def row(name: str, d: dict[str, Any]) -> str:
        return f"| {name} | " + " | ".join("–" if d.get(c) is None else str(d[c])
                                            for c in cols) + " |"

    lines.append(row("**overall**", summary["overall"]))
    for g, d in summary["by_language"].items():
        lines.append(row(f"lang={g}", d))
    for g, d in summary["by_category"].items():
        lines.append(row(g, d))
    return "\n".join(lines) + "\n"


def chart(summary: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cats = [c for c, d in summary["by_category"].items() if d.get("hybrid_recall@k") is not None]
    if not cats:
        return
    fig, ax = plt.subplots(figsize=(max(6, len(cats) * 1.1), 4))
    width = 0.27
    for i, mode in enumerate(MODES):
        vals = [summary["by_category"][c][f"{mode}_recall@k"] or 0 for c in cats]
        ax.bar([x + (i - 1) * width for x in range(len(cats))], vals, width, label=mode)
    ax.set_xticks(range(len(cats)), cats, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("evidence recall@k")
    ax.legend()
    ax.set_title("Retrieval by category: hybrid vs BM25-only vs vector-only")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_results(results: list[ItemResult], out: Path) -> None:
    """One JSON line per item: question, retrieval, hits, answer, metrics, the naive peer's."""
    with out.open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps({"id": r.item.id, "question": r.item.question,
                                 "category": r.item.category, "lang": r.item.lang,
                                 "retrieval": r.retrieval, "hits": r.hits,
                                 "answer": r.answer, "metrics": r.metrics, "naive": r.naive},
                                ensure_ascii=False) + "\n")


def run_eval(app: Copilot, golden: Path, k: int = 10, answers: bool = False,
             out: Path | None = None, report: Path | None = None,
             corpus: Path | None = None, baseline: bool = False) -> dict[str, Any]:
    """Score a golden set; ``baseline`` also runs the naive peer (evals/naive.py) on it."""
    items = load_golden(golden)
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if corpus is not None:
        from dataclasses import replace

        from copilot.core.settings import load_settings

        tmp = tempfile.TemporaryDirectory(prefix="copilot-eval-")
        settings = replace(app.settings, home=load_settings(env={"COPILOT_HOME": tmp.name}).home)
        app = Copilot(settings, embedder=app.embedder)
        app.ingest([corpus])
    try:
        naive = (NaiveBaseline(app.catalog, app.embedder, app.settings.home / "evals-naive")
                 if baseline else None)
        results = run_items(app, items, k, answers, baseline=naive)
    finally:
        if tmp is not None:
            app.close()
            tmp.cleanup()
    summary = summarize(results, True)  # extract-mode answers are scored too
    if out:
        write_results(results, out)
    if report:
        report.write_text(report_markdown(summary, golden.name, k), encoding="utf-8")
        chart(summary, report.with_suffix(".png"))
    return summary
