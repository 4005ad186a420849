"""Answer composition with the model against quoting (rule-only), on the same questions and index.

    COPILOT_HOME=... COPILOT_MODEL=qwen2.5-1.5b python -m evals.llm_uses \
        evals/blind/procedures.jsonl [more.jsonl ...] [--limit 25] [--start 0] [--out rows.jsonl]

Per question, back to back: ``extract`` (quote the sources: no model) and ``generate`` (the model
writes, every sentence verified, quoting when verification keeps too little). Scored with the
golden-set scorer (evals/runner.answer_metrics): exact answer (every fact), fact recall, false
"not found" on answerable questions, latency. "rule-only" = extract; "both" = generate (the model,
quoting where verification guts its answer); "model only" = the generated answers alone (0 where
quoting took over). "model kept" counts the answers whose text the
model wrote (not the quoting fallback); table-route questions are answered by the engine in both
modes and are counted apart.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path
from typing import Any

from copilot.answering.request import Ask, Mode
from copilot.core.offline import enforce_offline
from copilot.core.settings import load_settings
from copilot.serialize import answer_to_json
from copilot.service import Copilot
from evals.golden_format import load_golden
from evals.runner import answer_metrics

MODES: tuple[Mode, ...] = ("extract", "generate")


def run(paths: list[Path], limit: int, out: Path | None, start: int = 0) -> dict[str, Any]:
    app = Copilot(load_settings())
    rows: list[dict[str, Any]] = []
    try:
        for path in paths:
            for item in load_golden(path)[start:start + limit]:
                row: dict[str, Any] = {"set": path.stem, "id": item.id,
                                       "answerable": item.answerable}
                for mode in MODES:
                    ans = answer_to_json(app.ask(Ask(item.question, item.history, mode=mode)))
                    row[mode] = {"metrics": answer_metrics(item, ans), "method": ans["method"],
                                 "route": ans.get("route"), "answer": ans["answer"][:400]}
                rows.append(row)
                print(json.dumps({k: row[k] for k in ("set", "id")} | {
                    m: (row[m]["method"], row[m]["metrics"].get("exact"),
                        round(row[m]["metrics"]["latency_ms"] / 1000, 1)) for m in MODES},
                    ensure_ascii=False), flush=True)
    finally:
        app.close()
    if out:
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                       encoding="utf-8")
    return summarize(rows)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per set and mode: n, exact, fact recall, false not-found, latency p50/max, model kept."""
    out: dict[str, Any] = {"load_avg": [round(x, 1) for x in os.getloadavg()]}
    for name in dict.fromkeys(r["set"] for r in rows):
        mine = [r for r in rows if r["set"] == name]
        docs = [r for r in mine if r["generate"]["route"] not in ("table",)]
        block: dict[str, Any] = {"n": len(mine), "n_documents": len(docs)}
        for mode in MODES:
            ans = [r for r in docs if r["answerable"]]
            mets = [r[mode]["metrics"] for r in ans]
            lat = [r[mode]["metrics"]["latency_ms"] / 1000 for r in docs]
            block[mode] = {
                "exact": _mean([m.get("exact", 0.0) for m in mets]),
                "fact_recall": _mean([m.get("fact_recall", 0.0) for m in mets]),
                "false_not_found": sum(int(m["abstained"]) for m in mets),
                "latency_p50_s": round(statistics.median(lat), 1) if lat else None,
                "latency_max_s": round(max(lat), 1) if lat else None,
            }
        kept = [r["generate"]["method"] == "generated" for r in docs]
        block["generate"]["model_kept"] = sum(kept)
        # the model alone: its verified text where it survived, nothing where quoting took over
        block["model_only_exact"] = _mean([
            r["generate"]["metrics"].get("exact", 0.0) if r["generate"]["method"] == "generated"
            else 0.0 for r in docs if r["answerable"]])
        out[name] = block
    return out


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 2) if xs else None


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    p = argparse.ArgumentParser(prog="python -m evals.llm_uses")
    p.add_argument("golden", nargs="+", type=Path)
    p.add_argument("--limit", type=int, default=25, help="questions per set (the 1.5B is slow)")
    p.add_argument("--start", type=int, default=0, help="skip this many questions per set")
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    print(json.dumps(run(args.golden, args.limit, args.out, args.start), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
