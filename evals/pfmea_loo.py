"""PFMEA assistant evaluation: leave-one-out drafting and review against seeded defects.

    python -m evals.pfmea_loo [--corpus sample|uwa] [--home DIR] [--max-steps N] [--json]

Leave-one-out: all rows of one process step (sample plant) or one sub-component (uwa-fmea) are
hidden from retrieval and maintenance matching is left as is; the step is drafted from the rest
and the hidden failure modes (and causes) are looked for among the top-10 proposals (token Dice
>= 0.5 after stemming), beside a retrieval-only baseline (the top-10 PFMEA rows as they are, from
the very retrieval call the draft makes, hidden rows removed). Hidden modes / causes are counted
once per normalised text. S within +-1: per hidden (failure mode, S), the S of the first
proposal that names the mode and carries an S. Review: a
copy of sample workbook A with defects seeded by openpyxl; findings that are new on the copy are
matched to the seeded (check, row) pairs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.core.settings import load_settings
from copilot.core.types import Chunk
from copilot.pfmea.draft import PRECEDENT_POOL
from copilot.pfmea.evidence import content_tokens
from copilot.service import Copilot

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_docs"
UWA = REPO.parent / "shared" / "corpora" / "uwa-fmea" / "fmea_dataset_combined.csv"
WORKBOOK_A = SAMPLE / "pfmea" / "PFMEA_Line2_Assembly_OP10-OP30.xlsx"
MATCH = 0.5
K = 10


def dice(a: str, b: str) -> float:
    x, y = content_tokens(a), content_tokens(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@dataclass(frozen=True)
class Proposal:
    failure_mode: str
    cause: str
    severity: int | None


def _distinct(texts: Sequence[str]) -> list[str]:
    """One text per normalised form (the stemmed content words the matcher itself compares), so
    "Leaking" / "leaking " or "force < 18 kN" / "force > 24 kN" count once, not twice."""
    seen: dict[frozenset[str], str] = {}
    for t in texts:
        key = content_tokens(t)
        if t.strip() and key not in seen:
            seen[key] = t
    return list(seen.values())


def _recall(hidden: Sequence[str], proposed: Sequence[str]) -> float:
    wanted = _distinct(hidden)
    found = sum(any(dice(h, p) >= MATCH for p in proposed) for h in wanted)
    return found / len(wanted) if wanted else 0.0


def _s_within_one(hidden: Sequence[Chunk], proposals: Sequence[Proposal]) -> list[bool]:
    """Per hidden (failure mode, S): is the S of the first proposal that names the failure mode
    (and carries an S) within +-1? Scored once per hidden mode, so a list repeating the same
    row three times gets no more weight than a list naming it once."""
    out = []
    pairs = {(content_tokens(str(c.metadata.get("failure_mode", ""))), c.metadata.get("severity"),
              str(c.metadata.get("failure_mode", ""))) for c in hidden}
    for _, s, mode in sorted(pairs, key=lambda p: (p[2], str(p[1]))):
        if not isinstance(s, int):
            continue
        first = next((p for p in proposals if p.severity is not None
                      and dice(mode, p.failure_mode) >= MATCH), None)
        if first is not None and first.severity is not None:
            out.append(abs(s - first.severity) <= 1)
    return out


def score(hidden: Sequence[Chunk], proposals: Sequence[Proposal]) -> dict[str, float | None]:
    modes = [str(c.metadata.get("failure_mode", "")) for c in hidden]
    causes = [str(c.metadata.get("cause", "")) for c in hidden]
    s1 = _s_within_one(hidden, proposals)
    return {"fm_recall": _recall(modes, [p.failure_mode for p in proposals]),
            "cause_recall": _recall(causes, [p.cause for p in proposals]),
            "s_within_1": sum(s1) / len(s1) if s1 else None, "s_pairs": float(len(s1))}


def step_key(chunk: Chunk, corpus: str) -> str:
    m = chunk.metadata
    if corpus == "uwa":
        return " / ".join(str(m.get(f, "")) for f in ("subsystem", "component", "sub_component")
                          if m.get(f))
    return str(m.get("process_step", ""))


def leave_one_out(app: Copilot, corpus: str, max_steps: int) -> dict[str, Any]:
    rows = [c for batch in app.catalog.iter_chunks() for c in batch if c.kind == "pfmea"]
    steps: dict[str, list[Chunk]] = {}
    for c in rows:
        steps.setdefault(step_key(c, corpus), []).append(c)
    chosen = [s for s in sorted(steps) if len(steps[s]) >= 2][:max_steps]
    per_step: list[dict[str, Any]] = []
    for step in chosen:
        hidden = steps[step]
        exclude = frozenset(c.id for c in hidden)
        station = str(hidden[0].metadata.get("station", "")) or None
        draft = app.pfmea.draft(step, station=station, limit=K, exclude=exclude)
        drafted = [Proposal(r.failure_mode.value, r.cause.value, r.severity.value)
                   for r in draft.rows]
        # the same retrieval call as the draft's precedent search: the fused ranking depends on
        # k (each ranker's pool is 3k), so a smaller k would rank the baseline differently
        hits = app.search(step, k=PRECEDENT_POOL + len(exclude), where={"kind": "pfmea"}).hits
        base = [Proposal(str(h.chunk.metadata.get("failure_mode", "")),
                         str(h.chunk.metadata.get("cause", "")),
                         _int(h.chunk.metadata.get("severity")))
                for h in hits if h.chunk.id not in exclude][:K]
        per_step.append({"step": step, "hidden_rows": len(hidden),
                         "draft": score(hidden, drafted), "baseline": score(hidden, base)})
    return {"corpus": corpus, "k": K, "steps": per_step,
            "mean": {m: {key: _mean([s[m][key] for s in per_step])
                         for key in ("fm_recall", "cause_recall", "s_within_1")}
                     for m in ("draft", "baseline")}}


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mean(values: Sequence[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return round(statistics.fmean(real), 3) if real else None


# -- review against seeded defects -----------------------------------------------------------

def seed_defects(src: Path, dst: Path) -> set[tuple[str, int]]:
    """Copy ``src`` (workbook A) to ``dst`` with defects; returns the expected (check, row)."""
    from openpyxl import load_workbook

    shutil.copyfile(src, dst)
    wb = load_workbook(dst)
    ws = wb.worksheets[0]
    col = {str(c.value).strip(): c.column for c in ws[5] if c.value}

    def cell(row: int, label: str) -> Any:
        return ws.cell(row=row, column=next(v for k, v in col.items() if label in k.lower()))

    cell(30, "recommended").value = None  # S 9 / AP H row loses its action
    cell(19, "prevention").value = None
    cell(20, "detection control").value = "-"
    ws.cell(row=23, column=_rating_col(col, "O")).value = 12
    last = ws.max_row + 1
    for c in range(1, ws.max_column + 1):  # duplicate of row 24 (same mode, same cause)
        ws.cell(row=last, column=c).value = ws.cell(row=24, column=c).value
    for c in (1, 2):  # step and function are merged per step: take the step's first row
        ws.cell(row=last, column=c).value = ws.cell(row=15, column=c).value
    wb.save(dst)
    return {("high_risk_no_action", 30), ("missing_prevention", 19),
            ("missing_detection", 20), ("rating_out_of_range", 23),
            ("duplicate_failure_mode", last)}


def _rating_col(col: dict[str, int], short: str) -> int:
    for label, c in col.items():
        if label.strip().upper() == short or label.strip().upper().endswith(f"({short})"):
            return c
    raise KeyError(short)


def review_seeded(app: Copilot, tmp: Path) -> dict[str, Any]:
    seeded = tmp / "PFMEA_seeded.xlsx"
    expected = seed_defects(WORKBOOK_A, seeded)
    before = {(f.check, f.row) for f in app.pfmea.review(WORKBOOK_A).findings}
    after = {(f.check, f.row) for f in app.pfmea.review(seeded).findings}
    new = after - before
    hit = new & expected
    return {"seeded": sorted(expected), "new_findings": sorted(new, key=str),
            "precision": round(len(hit) / len(new), 3) if new else None,
            "recall": round(len(hit) / len(expected), 3)}


def markdown(loo: dict[str, Any], review: dict[str, Any] | None) -> str:
    lines = [f"## PFMEA leave-one-out ({loo['corpus']}, recall@{loo['k']})", "",
             "| step | hidden rows | FM recall draft | FM recall baseline | cause recall draft "
             "| cause recall baseline | S±1 draft | S±1 baseline |", "|---|---|---|---|---|---|---|---|"]

    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"

    for s in loo["steps"]:
        d, b = s["draft"], s["baseline"]
        lines.append(f"| {s['step']} | {s['hidden_rows']} | {f(d['fm_recall'])} | "
                     f"{f(b['fm_recall'])} | {f(d['cause_recall'])} | {f(b['cause_recall'])} | "
                     f"{f(d['s_within_1'])} | {f(b['s_within_1'])} |")
    d, b = loo["mean"]["draft"], loo["mean"]["baseline"]
    lines.append(f"| **mean** | | **{f(d['fm_recall'])}** | {f(b['fm_recall'])} | "
                 f"**{f(d['cause_recall'])}** | {f(b['cause_recall'])} | "
                 f"**{f(d['s_within_1'])}** | {f(b['s_within_1'])} |")
    if review:
        lines += ["", "## PFMEA review on seeded defects", "",
                  f"precision {review['precision']}, recall {review['recall']} "
                  f"({len(review['seeded'])} seeded, {len(review['new_findings'])} new findings)"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m evals.pfmea_loo")
    p.add_argument("--corpus", choices=["sample", "uwa"], default="sample")
    p.add_argument("--home", help="an existing COPILOT_HOME with the corpus ingested")
    p.add_argument("--max-steps", type=int, default=30)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(args.home) if args.home else Path(tmp) / "home"
        app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}))
        try:
            if not args.home:
                source = SAMPLE if args.corpus == "sample" else UWA
                print(f"ingesting {source} ...", file=sys.stderr)
                app.ingest([source])
            loo = leave_one_out(app, args.corpus, args.max_steps)
            review = review_seeded(app, Path(tmp)) if args.corpus == "sample" else None
        finally:
            app.close()
    if args.json:
        print(json.dumps({"loo": loo, "review": review}, ensure_ascii=False, indent=2))
    else:
        print(markdown(loo, review), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
