"""Regenerate README's "How well it works" table from a fresh eval run (never typed by hand).

    COPILOT_HOME=... python -m evals.readme_table [README.md]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from copilot.core.offline import enforce_offline

REPO = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- eval-table:begin -->", "<!-- eval-table:end -->"
COLS = ("n", "hybrid_recall@k", "bm25_recall@k", "vector_recall@k", "hybrid_mrr", "bm25_mrr",
        "vector_mrr", "abstention_recall", "latency_p50_ms")


def table(summary: dict[str, Any]) -> str:
    head = ("| slice | n | hybrid recall@10 | BM25 recall@10 | vector recall@10 | hybrid MRR | "
            "BM25 MRR | vector MRR | abstention recall | latency p50 ms |")
    lines = [head, "|---" * (len(COLS) + 1) + "|"]
    slices = [("overall", summary["overall"]), *summary["by_language"].items()]
    for name, d in slices:
        lines.append(f"| {name} | " + " | ".join("–" if d.get(c) is None else str(d[c])
                                                  for c in COLS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    from copilot.core.settings import load_settings
    from copilot.service import Copilot
    from evals.runner import run_eval

    readme = Path((argv or sys.argv[1:] or [str(REPO / "README.md")])[0])
    app = Copilot(load_settings())
    try:
        summary = run_eval(app, REPO / "evals" / "golden" / "sample_plant.jsonl", k=10)
    finally:
        app.close()
    text = readme.read_text(encoding="utf-8")
    new = f"{BEGIN}\n{table(summary)}\n{END}"
    text, n = re.subn(re.escape(BEGIN) + r".*?" + re.escape(END), new, text, flags=re.DOTALL)
    if n != 1:
        print(f"{readme}: markers {BEGIN} ... {END} not found", file=sys.stderr)
        return 1
    readme.write_text(text, encoding="utf-8")
    print(new)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
