"""Quiz-key accuracy: share of generated answer keys found verbatim in their cited source.

    COPILOT_HOME=/tmp/eval-home python -m evals.quiz_keys            # over an ingested home
    python -m evals.quiz_keys --corpus sample_docs [--json]           # ingests into a temp home

Per station and language: questions in the pool, by kind, keys that match the cited chunk exactly
(``Learning.verify``: current revision, key a verbatim span), and keys citing superseded chunks.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copilot.core.settings import load_settings
from copilot.service import Copilot


def measure(app: Copilot) -> dict[str, Any]:
    """Per-station and overall key accuracy and coverage, English and Korean templates."""
    learning = app.learning
    superseded = app.catalog.superseded_chunk_ids()
    stations: dict[str, Any] = {}
    total = exact = stale = 0
    for st in learning.stations():
        row: dict[str, Any] = {}
        for lang in ("en", "ko"):
            qs = learning.questions(st, lang)
            ok = sum(learning.verify(q) for q in qs)
            old = sum(q.citation.chunk_id in superseded for q in qs)
            total, exact, stale = total + len(qs), exact + ok, stale + old
            row[lang] = {"questions": len(qs), "exact_keys": ok, "superseded": old,
                         "kinds": dict(Counter(q.kind for q in qs)),
                         "documents": sorted({q.doc_id for q in qs})}
        row["quiz_of_8"] = len(learning.quiz(st, n=8).questions)
        stations[st] = row
    return {"stations": stations, "questions": total, "exact_keys": exact,
            "key_accuracy": round(exact / total, 4) if total else 0.0,
            "superseded_keys": stale,
            "stations_covered": sum(1 for r in stations.values() if r["quiz_of_8"] == 8)}


def report(summary: dict[str, Any]) -> str:
    lines = ["| station | questions (en) | kinds | exact keys | from superseded |",
             "|---|---|---|---|---|"]
    for st, r in summary["stations"].items():
        en = r["en"]
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(en["kinds"].items()))
        lines.append(f"| {st} | {en['questions']} | {kinds} | {en['exact_keys']} | "
                     f"{en['superseded']} |")
    lines.append(f"\nquiz-key accuracy (en + ko): {summary['key_accuracy']:.3f} "
                 f"({summary['exact_keys']}/{summary['questions']}); keys from superseded "
                 f"revisions: {summary['superseded_keys']}; stations with a full 8-question "
                 f"quiz: {summary['stations_covered']}/{len(summary['stations'])}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from copilot.core.offline import enforce_offline

    enforce_offline()
    p = argparse.ArgumentParser(prog="python -m evals.quiz_keys", description=__doc__)
    p.add_argument("--corpus", metavar="DIR", help="ingest DIR into a temporary COPILOT_HOME")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"COPILOT_HOME": tmp} if args.corpus else None
        app = Copilot(load_settings(env=env))
        try:
            if args.corpus:
                app.ingest([Path(args.corpus)])
            summary = measure(app)
        finally:
            app.close()
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else report(summary))
    return 0 if summary["key_accuracy"] == 1.0 and not summary["superseded_keys"] else 1


if __name__ == "__main__":
    sys.exit(main())
