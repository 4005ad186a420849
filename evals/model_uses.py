"""Per use of the model: rule-only against model (first contact), same index, same process.

    COPILOT_HOME=/work/evalhome COPILOT_MODEL=qwen2.5-1.5b python -m evals.model_uses \
        followups evals/blind3/followups.jsonl [--model-only] [--limit N] [--out DIR]
    ... tables evals/blind/fmea.jsonl evals/blind/maintenance.jsonl evals/blind2/maintenance.jsonl
    ... translate evals/blind/ko_to_en.jsonl evals/blind2/ko_to_en.jsonl --limit 10
    COPILOT_HOME=<index of sample_docs> ... pfmea [--steps 2]      (leave-one-out, evals/pfmea_loo)
    COPILOT_HOME=<index of sample_docs> ... quiz OP10 OP30 OP50 [--steps 4]

``followups`` / ``tables`` / ``translate`` ask every question twice, back to back, through the
real question path (``Router``) with the use's switch off and on (COPILOT_MODEL_FOLLOWUPS,
COPILOT_TABLE_MODEL_PLANS, COPILOT_TRANSLATE_QUERIES), answers in mode ``auto``, scored with the
golden scorer (evals/runner.answer_metrics); latency is the wall time of the whole ask, model
calls included. ``pfmea`` drafts held-out steps and rewords them; ``quiz`` asks the model for
free-form questions. Every model call's reply is written to DIR (default /tmp/h1/out) beside
the per-question rows. Nothing is written to COPILOT_HOME (the service's audit log is bypassed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from copilot.answering.answerer import AnswerEvent, final_answer
from copilot.answering.condense import condense, is_follow_up, model_rewrite
from copilot.answering.request import Ask
from copilot.answering.router import Router
from copilot.core.offline import enforce_offline
from copilot.core.settings import load_settings
from copilot.serialize import answer_to_json
from copilot.service import Copilot
from copilot.tables.llm_plan import llm_planner
from copilot.tables.planner import RulePlanner
from copilot.tables.qa import TableQA
from evals.golden_format import GoldenItem, load_golden
from evals.recording import Recording
from evals.runner import answer_metrics
from evals.stats import mean as _mean

OUT = Path("/tmp/h1/out")


class Asker(Protocol):
    """What a variant is: the question path (``Router``) or a stand-in with the same call."""

    def ask_stream(self, ask: Ask) -> Iterator[AnswerEvent]:
        """Answer pieces; the last event carries the Answer."""
        ...


class ModelOnly:
    """Every follow-up rewritten by the model (prompts/condense.md), detected or not, and the
    rewrite asked alone: the model without the rule, which the product never does."""

    def __init__(self, router: Asker, rec: Recording) -> None:
        self.router, self.rec = router, rec

    def ask_stream(self, ask: Ask) -> Iterator[AnswerEvent]:
        if not ask.history:
            return self.router.ask_stream(ask)
        text = model_rewrite(ask.question, ask.history, self.rec).strip() or ask.question
        return self.router.ask_stream(replace(ask, question=text, history=()))


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _ask(router: Asker, item: GoldenItem, rec: Recording) -> dict[str, Any]:
    before = len(rec.calls)
    t0 = time.perf_counter()
    ans = answer_to_json(final_answer(router.ask_stream(Ask(item.question, item.history))))
    seconds = time.perf_counter() - t0
    m = answer_metrics(item, ans)
    return {"exact": m.get("exact"), "fact_recall": m.get("fact_recall"),
            "abstained": ans["abstained"], "route": ans["route"], "method": ans["method"],
            "standalone": ans.get("standalone_question"), "s": round(seconds, 2),
            "model_calls": rec.calls[before:], "answer": ans["answer"][:500]}


def compare(app: Copilot, items: Sequence[tuple[str, GoldenItem]],
            variants: dict[str, Asker], rec: Recording,
            extra: Callable[[GoldenItem], dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Each item through every variant, back to back; one row per item."""
    rows = []
    for name, item in items:
        row: dict[str, Any] = {"set": name, "id": item.id, "question": item.question,
                               "history": list(item.history), **(extra(item) if extra else {})}
        for variant, router in variants.items():
            row[variant] = _ask(router, item, rec)
        rows.append(row)
        print(json.dumps({"id": item.id, **{v: (row[v]["exact"], row[v]["s"],
                                                len(row[v]["model_calls"]))
                                            for v in variants}}, ensure_ascii=False), flush=True)
    return rows


def summarize(rows: list[dict[str, Any]], variants: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(rows)}
    for v in variants:
        got = [r[v] for r in rows]
        lat = [g["s"] for g in got]
        out[v] = {"exact": _mean([g["exact"] or 0.0 for g in got if g["exact"] is not None]),
                  "fact_recall": _mean([g["fact_recall"] or 0.0 for g in got
                                        if g["fact_recall"] is not None]),
                  "not_found": sum(bool(g["abstained"]) for g in got),
                  "p50_s": round(statistics.median(lat), 2) if lat else None,
                  "max_s": round(max(lat), 2) if lat else None,
                  "model_calls": sum(len(g["model_calls"]) for g in got)}
    a = variants[0]
    for b in variants[1:]:  # each against the first (rule-only)
        out[f"{b}_vs_{a}"] = {
            "changed": sum(r[a]["answer"] != r[b]["answer"] for r in rows),
            "better": sum((r[b]["exact"] or 0) > (r[a]["exact"] or 0) for r in rows),
            "worse": sum((r[b]["exact"] or 0) < (r[a]["exact"] or 0) for r in rows)}
    return out


def _items(paths: Sequence[Path], limit: int) -> list[tuple[str, GoldenItem]]:
    return [(f"{p.parent.name}/{p.stem}", i) for p in paths for i in load_golden(p)[:limit]]


def _router(app: Copilot, rec: Recording, *, tables: TableQA | None = None,
            translate: bool = False, followups: bool = False) -> Router:
    return Router(lambda: tables or app.tables, lambda: app.answerer, lambda: rec,
                  translate, followups)


def run_followups(app: Copilot, rec: Recording, paths: Sequence[Path], limit: int,
                  model_only: bool = False) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """COPILOT_MODEL_FOLLOWUPS 0 vs 1 (and the model rewriting every one, ``model_only``);
    also how the rule saw each follow-up."""
    def how(item: GoldenItem) -> dict[str, Any]:
        detected = bool(item.history) and is_follow_up(item.question)
        rule = condense(item.question, item.history) if detected else None
        return {"detected": detected,
                "condensing": "rewrote" if rule not in (None, item.question) else
                        "needs model" if detected else "not a follow-up (as asked)"}

    variants: dict[str, Asker] = {"rule": _router(app, rec),
                                  "model": _router(app, rec, followups=True)}
    if model_only:
        variants["model_only"] = ModelOnly(_router(app, rec), rec)
    rows = compare(app, _items(paths, limit), variants, rec, how)
    summary = summarize(rows, list(variants))
    summary["not_detected"] = [r["id"] for r in rows if not r["detected"]]
    summary["rule_rewrote"] = sum(r["condensing"] == "rewrote" for r in rows)
    summary["needs_model"] = sum(r["condensing"] == "needs model" for r in rows)
    return rows, summary


def run_tables(app: Copilot, rec: Recording, paths: Sequence[Path], limit: int
               ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """COPILOT_TABLE_MODEL_PLANS 0 vs 1 on the table questions: the ones the rules plan, and
    every one the model would be asked for (no rule plan, but it looks tabular)."""
    indexes = app.tables.indexes()
    rules = RulePlanner(indexes, date.today())
    chosen: list[tuple[str, GoldenItem]] = []
    kinds: dict[str, str] = {}
    for p in paths:
        planned, asked = [], []
        for item in load_golden(p):
            if rules.plan(item.question) is not None:
                planned.append(item)
            elif rules.looks_tabular(item.question):
                asked.append(item)
        kinds.update({i.id: "rule plan" for i in planned} | {i.id: "model asked" for i in asked})
        name = f"{p.parent.name}/{p.stem}"
        chosen += [(name, i) for i in (asked + planned)[:max(limit, len(asked))]]
    with_model = TableQA(app.catalog, fallback=llm_planner(lambda: rec))
    variants: dict[str, Asker] = {"rules": _router(app, rec),
                                  "model": _router(app, rec, tables=with_model)}
    rows = compare(app, chosen, variants, rec, lambda i: {"kind": kinds[i.id]})
    summary = summarize(rows, list(variants))
    summary["rule_planned"] = sum(r["kind"] == "rule plan" for r in rows)
    summary["model_asked"] = sum(r["kind"] == "model asked" for r in rows)
    summary["model_plans_used"] = sum(r["model"]["route"] in ("table", "both")
                                      and r["kind"] == "model asked" for r in rows)
    return rows, summary


def run_translate(app: Copilot, rec: Recording, paths: Sequence[Path], limit: int
                  ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """COPILOT_TRANSLATE_QUERIES 0 vs 1 on Korean questions over English documents."""
    variants: dict[str, Asker] = {"rule": _router(app, rec),
                                  "model": _router(app, rec, translate=True)}
    rows = compare(app, _items(paths, limit), variants, rec)
    return rows, summarize(rows, list(variants))


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    p = argparse.ArgumentParser(prog="python -m evals.model_uses")
    p.add_argument("use", choices=["followups", "tables", "translate", "pfmea", "quiz"])
    p.add_argument("args", nargs="*", help="golden sets (or stations for quiz)")
    p.add_argument("--limit", type=int, default=30, help="questions per set")
    p.add_argument("--steps", type=int, default=2, help="pfmea: held-out steps to draft; "
                   "quiz: steps per station shown to the model")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--model-only", action="store_true",
                   help="followups: also a third variant, the model rewriting every follow-up")
    a = p.parse_args(argv)
    settings = load_settings()
    app = Copilot(replace(settings, translate_queries=False, table_model_plans=False,
                          model_followups=False))
    rec = Recording(app.generation_queue)
    load0 = load_avg()
    try:
        if a.use in ("pfmea", "quiz"):
            from evals.model_uses_drafts import run_pfmea, run_quiz

            rows, summary = (run_pfmea(app, rec, a.steps) if a.use == "pfmea"
                             else run_quiz(app, rec, a.args or ["OP10", "OP30", "OP50"],
                                           a.steps))
        elif a.use == "followups":
            rows, summary = run_followups(app, rec, [Path(x) for x in a.args], a.limit,
                                          a.model_only)
        else:
            run = run_tables if a.use == "tables" else run_translate
            rows, summary = run(app, rec, [Path(x) for x in a.args], a.limit)
    finally:
        app.close()
    summary = {"use": a.use, "model": settings.model, "home": str(settings.home),
               "load_avg_start": load0, "load_avg_end": load_avg(), **summary}
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"{a.use}.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (a.out / f"{a.use}.summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2),
                                                 encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
