"""All blind sets in one run, beside the naive peer baseline: the table evals/README.md shows.

    COPILOT_HOME=<index of sample_docs + ../shared/corpora> python -m evals.blind_report \
        [--sets maintenance,fmea,...] [--out DIR] [--json]

Checks the frozen hashes first (evals/blind/FROZEN.sha256): a set edited after it was frozen is
not blind any more, and the run refuses it. One service and one naive index serve every set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from copilot.core.offline import enforce_offline

BLIND = Path(__file__).resolve().parent / "blind"
SETS = ("maintenance", "fmea", "ko_to_en", "kr_statute", "procedures", "unanswerable")
COLS = (("n", "n"), ("exact_answer_rate", "exact"), ("naive_exact", "naive exact"),
        ("fact_recall", "fact recall"), ("naive_fact_recall", "naive fact recall"),
        ("hybrid_recall@k", "evidence recall@10"), ("naive_recall@k", "naive recall@10"),
        ("abstention_recall", "abstention"), ("false_abstentions", "false 'not found'"),
        ("latency_p50_ms", "p50 ms"))


def frozen_ok(name: str) -> bool:
    """The set's sha256 is the one recorded when it was frozen."""
    want = {line.split()[1].lstrip("*"): line.split()[0]
            for line in (BLIND / "FROZEN.sha256").read_text().splitlines() if line.strip()}
    path = BLIND / f"{name}.jsonl"
    return want.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()


def markdown(rows: dict[str, dict[str, Any]]) -> str:
    lines = ["| set | " + " | ".join(label for _, label in COLS) + " |",
             "|---" * (len(COLS) + 1) + "|"]
    for name, d in rows.items():
        lines.append(f"| {name} | " + " | ".join(
            "–" if d.get(key) is None else str(d[key]) for key, _ in COLS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    ap = argparse.ArgumentParser(prog="python -m evals.blind_report")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--out", type=Path, help="folder for per-set results (.jsonl)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from copilot.core.settings import load_settings
    from copilot.service import Copilot
    from evals.golden_format import load_golden
    from evals.naive import NaiveBaseline
    from evals.runner import run_items, summarize, write_results

    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    stale = [n for n in names if not frozen_ok(n)]
    if stale:
        print(f"not blind any more (hash differs from FROZEN.sha256): {', '.join(stale)}",
              file=sys.stderr)
        return 2
    app = Copilot(load_settings())
    try:
        naive = NaiveBaseline(app.catalog, app.embedder, app.settings.home / "evals-naive")
        rows: dict[str, dict[str, Any]] = {}
        for name in names:
            results = run_items(app, load_golden(BLIND / f"{name}.jsonl"), 10, answers=True,
                                baseline=naive)
            rows[name] = summarize(results, True)["overall"]
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                write_results(results, args.out / f"{name}.jsonl")
    finally:
        app.close()
    print(json.dumps(rows, indent=2) if args.json else markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
