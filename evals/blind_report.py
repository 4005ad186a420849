"""All blind sets in one run, beside the naive peer baseline: the table evals/README.md shows.

    COPILOT_HOME=<index of sample_docs + ../shared/corpora> python -m evals.blind_report \
        [--dir evals/blind] [--sets maintenance,fmea,...] [--out DIR] [--json]

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
        ("route_ok", "route ok (judged)"), ("latency_p50_ms", "p50 ms"))
TABLE_FILES = (".csv", ".xlsx", ".xls")
COMPUTED = {"count", "rank", "aggregate", "filter"}


def expected_routes(raw: dict[str, Any]) -> frozenset[str] | None:
    """The routes that can carry the answer, judged from the item's source and category alone
    (the blind sets have no route field): a count/rank/sum/filter over a log or sheet needs the
    table engine; a question about a work instruction or statute needs the documents; a lookup
    in a table may be answered either way, so it is not judged."""
    if not raw.get("answerable", True):
        return None
    source = str(raw.get("source", "")).split(" ")[0].lower()
    if source.endswith(TABLE_FILES):
        return frozenset({"table", "both"}) if raw.get("category") in COMPUTED else None
    return frozenset({"documents", "both"}) if source else None


def route_ok(path: Path, results: list[Any]) -> str | None:
    """"share (judged n)" of items answered on a route that can carry their answer."""
    raw = {d["id"]: d for d in (json.loads(line) for line in
                                path.read_text(encoding="utf-8").splitlines() if line.strip())}
    judged: list[tuple[frozenset[str], Any]] = []
    for r in results:
        want = expected_routes(raw.get(r.item.id, {"answerable": False}))
        if want is not None:
            judged.append((want, (r.answer or {}).get("route")))
    if not judged:
        return None
    ok = sum(got in want for want, got in judged)
    return f"{ok / len(judged):.2f} ({len(judged)})"


def frozen_ok(name: str, folder: Path = BLIND) -> bool:
    """The set's sha256 is the one recorded when it was frozen."""
    want = {line.split()[1].lstrip("*"): line.split()[0]
            for line in (folder / "FROZEN.sha256").read_text().splitlines() if line.strip()}
    path = folder / f"{name}.jsonl"
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
    ap.add_argument("--sets", default=None, help=f"default: {','.join(SETS)} (or every "
                    "frozen set of --dir)")
    ap.add_argument("--dir", type=Path, default=BLIND,
                    help="folder of frozen blind sets (*.jsonl + FROZEN.sha256)")
    ap.add_argument("--out", type=Path, help="folder for per-set results (.jsonl)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from copilot.core.settings import load_settings
    from copilot.service import Copilot
    from evals.golden_format import load_golden
    from evals.naive import NaiveBaseline
    from evals.runner import run_items, summarize, write_results

    folder: Path = args.dir
    names = ([s.strip() for s in args.sets.split(",") if s.strip()] if args.sets else
             [n for n in SETS if (folder / f"{n}.jsonl").is_file()] if folder == BLIND else
             sorted(p.stem for p in folder.glob("*.jsonl")))
    stale = [n for n in names if not frozen_ok(n, folder)]
    if stale:
        print(f"not blind any more (hash differs from FROZEN.sha256): {', '.join(stale)}",
              file=sys.stderr)
        return 2
    app = Copilot(load_settings())
    try:
        naive = NaiveBaseline(app.catalog, app.embedder, app.settings.home / "evals-naive")
        rows: dict[str, dict[str, Any]] = {}
        for name in names:
            path = folder / f"{name}.jsonl"
            results = run_items(app, load_golden(path), 10, answers=True, baseline=naive)
            rows[name] = summarize(results, True)["overall"]
            rows[name]["route_ok"] = route_ok(path, results)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                write_results(results, args.out / f"{name}.jsonl")
    finally:
        app.close()
    print(json.dumps(rows, indent=2) if args.json else markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
