"""The model's uses in drafting (``python -m evals.model_uses pfmea|quiz``, see there).

pfmea: held-out process steps of the sample plant (evals/pfmea_loo.py's leave-one-out) drafted,
then the same draft reworded (copilot/pfmea/reword.py); failure-mode / cause recall@10 of both,
and every field the rewording changed, before and after, to be judged by reading.
quiz: free-form questions (copilot/learning/freeform.py) per station: asked (model calls),
kept (passed the check), and each kept question with its step, to be judged by reading; the
model sees the first ``max_asks`` steps of each station.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from copilot.core.types import Chunk
from copilot.learning.freeform import generated_questions
from copilot.learning.material import Document, StationMaterial
from copilot.pfmea.reword import FIELDS, reword_draft
from copilot.service import Copilot
from evals.pfmea_loo import K, Proposal, score, step_key
from evals.recording import Recording


def run_pfmea(app: Copilot, rec: Recording, steps: int
              ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = [c for batch in app.catalog.iter_chunks() for c in batch if c.kind == "pfmea"]
    by_step: dict[str, list[Chunk]] = {}
    for c in rows:
        by_step.setdefault(step_key(c, "sample"), []).append(c)
    chosen = [s for s in sorted(by_step) if len(by_step[s]) >= 2][:steps]
    out: list[dict[str, Any]] = []
    for step in chosen:
        hidden = by_step[step]
        station = str(hidden[0].metadata.get("station", "")) or None
        draft = app.pfmea.draft(step, station=station, limit=K,
                                exclude=frozenset(c.id for c in hidden), reword=False)
        before = len(rec.calls)
        reworded = reword_draft(draft, rec)
        changes = [{"row": n, "field": f, "before": old.text(f).value,
                    "after": new.text(f).value, "precedent_step": _origin(old.text(f).note)}
                   for n, (old, new) in enumerate(zip(draft.rows, reworded.rows, strict=True))
                   for f in FIELDS if old.text(f).value != new.text(f).value]
        out.append({"step": step, "hidden": len(hidden),
                    "precedent_rows": sum(r.basis == "precedent" for r in draft.rows),
                    "draft": score(hidden, _proposals(draft.rows)),
                    "reworded": score(hidden, _proposals(reworded.rows)),
                    "model_calls": len(rec.calls) - before,
                    "seconds": round(sum(c["s"] for c in rec.calls[before:]), 1),
                    "changes": changes, "replies": rec.calls[before:]})
    summary = {"steps": len(out), "model_calls": sum(r["model_calls"] for r in out),
               "fields_changed": sum(len(r["changes"]) for r in out),
               "per_step": [{k: r[k] for k in ("step", "precedent_rows", "draft", "reworded",
                                               "model_calls", "seconds")} for r in out]}
    return out, summary


def _proposals(rows: Sequence[Any]) -> list[Proposal]:
    return [Proposal(r.failure_mode.value, r.cause.value, r.severity.value) for r in rows]


def _origin(note: str) -> str:
    return note.split(";")[0][:120]


def _first_steps(m: StationMaterial, n: int) -> StationMaterial:
    """The station with only its first ``n`` steps (in document order): the model is asked
    once per step until three questions are kept, which on a loaded box takes minutes."""
    docs: list[Document] = []
    for d in m.documents:
        steps = d.steps[:max(0, n - sum(len(x.steps) for x in docs))]
        if steps:
            docs.append(replace(d, chunks=steps))
    return replace(m, documents=tuple(docs))


def run_quiz(app: Copilot, rec: Recording, stations: Sequence[str], max_asks: int = 5
             ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    out: list[dict[str, Any]] = []
    material = app.learning.material
    for code in stations:
        m = _first_steps(material.station(code), max_asks)
        before = len(rec.calls)
        kept = generated_questions(m, rec, "en", limit=3)
        out.append({"station": code, "asked": len(rec.calls) - before, "kept": len(kept),
                    "questions": [{"question": q.prompt, "answer": q.key,
                                   "step": q.citation.quote} for q in kept],
                    "replies": rec.calls[before:]})
    summary = {"stations": len(out), "asked": sum(r["asked"] for r in out),
               "kept": sum(r["kept"] for r in out),
               "model_seconds": round(sum(c["s"] for r in out for c in r["replies"]), 1)}
    return out, summary
