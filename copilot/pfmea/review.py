"""Review of a PFMEA workbook: findings with sheet + row references, checked against the plant.

Checks: S >= 9 or AP = H without a recommended action; missing prevention / detection control;
duplicate and near-duplicate failure modes within a process step; ratings outside 1-10 or
missing; the same failure mode + cause rated differently on two rows; low occurrence contradicted
by matching corrective work orders; and current work instructions of the workbook's stations
that took effect after the PFMEA was last updated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from copilot.core.types import Record, Scalar
from copilot.pfmea.ap import action_priority, occurrence_from_count, valid_rating
from copilot.pfmea.evidence import PlantEvidence, cite, content_tokens, similarity
from copilot.pfmea.model import Finding, Review
from ingestion.base import SourceFile
from ingestion.pfmea import PfmeaConverter, flagged_ratings

NEAR_DUPLICATE = 0.8
_NONE = re.compile(r"^\s*(none|none specific|n/?a|-+|tbd|없음|해당\s*없음|keine)?\s*$", re.IGNORECASE)
_ORDER = {"high": 0, "medium": 1, "info": 2}


def review_workbook(path: Path, label: str, evidence: PlantEvidence) -> Review:
    """Read ``path`` with the PFMEA converter (its errors name the file) and run every check."""
    doc = PfmeaConverter().convert(SourceFile(path=path, relpath=label))
    records = list(doc.records)
    findings = [*check_rows(label, records), *check_duplicates(label, records),
                *check_consistency(label, records),
                *check_occurrence(label, records, evidence),
                *check_instructions(label, records, doc.info.effective_date, evidence)]
    findings.sort(key=lambda f: (_ORDER[f.level], f.sheet or "", f.row or 0, f.check))
    return Review(source=label, rows=len(records), last_updated=doc.info.effective_date,
                  findings=tuple(findings), notes=doc.warnings)


def _finding(check: str, level: str, label: str, rec: Record, message: str,
             **extra: object) -> Finding:
    return Finding(check=check, level=level, source=label,  # type: ignore[arg-type]
                   sheet=rec.locator.sheet, row=rec.locator.row, message=message,
                   **extra)  # type: ignore[arg-type]


def _text(fields: Mapping[str, Scalar], name: str) -> str:
    return str(fields.get(name, "") or "").strip()


def _ap(fields: Mapping[str, Scalar]) -> str:
    s, o, d = (fields.get(f) for f in ("severity", "occurrence", "detection"))
    if valid_rating(s) and valid_rating(o) and valid_rating(d):
        return action_priority(int(s), int(o), int(d))  # type: ignore[arg-type]
    return str(fields.get("ap", "") or "")


def _row_ref(rec: Record) -> str:
    return (f"sheet '{rec.locator.sheet}' row {rec.locator.row}" if rec.locator.sheet
            else f"row {rec.locator.row}")


def check_rows(label: str, records: Sequence[Record]) -> Iterator[Finding]:
    """Per-row checks: high risk without action, missing controls, bad or missing ratings."""
    for rec in records:
        f = rec.fields
        mode = _text(f, "failure_mode")
        flagged = flagged_ratings(f)  # out of range: kept as text by the converter
        for name, short in (("severity", "S"), ("occurrence", "O"), ("detection", "D")):
            value = f.get(name, flagged.get(name))
            if value is None:
                yield _finding("rating_missing", "medium", label, rec,
                               f"{short} is missing or not a whole number for {mode!r}")
            elif name in flagged or not valid_rating(value):
                yield _finding("rating_out_of_range", "high", label, rec,
                               f"{short} = {value} is outside 1-10 for {mode!r}")
        sev, ap = f.get("severity"), _ap(f)
        high = (valid_rating(sev) and int(sev) >= 9) or ap == "H"  # type: ignore[arg-type]
        if high and _NONE.match(_text(f, "recommended_action")):
            both = ap == "H" and valid_rating(sev) and int(sev) >= 9  # type: ignore[arg-type]
            yield _finding("high_risk_no_action", "high" if both else "medium", label, rec,
                           f"S {sev}, AP {ap or '?'} and no recommended action for {mode!r} / "
                           f"cause {_text(f, 'cause')!r}")
        shared = _text(f, "current_controls")
        for name, what in (("prevention_control", "prevention"),
                           ("detection_control", "detection")):
            if _NONE.match(_text(f, name)) and _NONE.match(shared):
                yield _finding(f"missing_{what}", "medium", label, rec,
                               f"no {what} control for {mode!r} / cause {_text(f, 'cause')!r}"
                               + (f" (written as {_text(f, name)!r})" if _text(f, name) else ""))


def _step(rec: Record) -> str:
    return _text(rec.fields, "process_step") or _text(rec.fields, "sub_component") or (
        rec.locator.sheet or "")


def check_duplicates(label: str, records: Sequence[Record]) -> Iterator[Finding]:
    """Same failure mode + cause twice in a step (duplicate), or two failure modes in a step
    whose wording is nearly the same (near-duplicate)."""
    seen: dict[tuple[str, str, str], Record] = {}
    modes: dict[str, dict[str, Record]] = {}
    for rec in records:
        step, mode = _step(rec), _text(rec.fields, "failure_mode")
        key = (step.casefold(), _norm(mode), _norm(_text(rec.fields, "cause")))
        if key in seen:
            yield _finding("duplicate_failure_mode", "medium", label, rec,
                           f"{mode!r} with the same cause is already on {_row_ref(seen[key])}",
                           related_rows=(_row_ref(seen[key]),))
        else:
            seen[key] = rec
        step_modes = modes.setdefault(step.casefold(), {})
        if _norm(mode) not in step_modes:
            tokens = content_tokens(mode)
            for other_mode, other in step_modes.items():
                if similarity(tokens, content_tokens(other_mode)) >= NEAR_DUPLICATE:
                    yield _finding("near_duplicate_failure_mode", "info", label, rec,
                                   f"{mode!r} reads like {_text(other.fields, 'failure_mode')!r}"
                                   f" on {_row_ref(other)}; merge or make the difference "
                                   "explicit", related_rows=(_row_ref(other),))
                    break
            step_modes[_norm(mode)] = rec


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def check_consistency(label: str, records: Sequence[Record]) -> Iterator[Finding]:
    """The same failure mode + cause rated differently on two rows (e.g. on two sheets)."""
    first: dict[tuple[str, str], Record] = {}
    for rec in records:
        key = (_norm(_text(rec.fields, "failure_mode")), _norm(_text(rec.fields, "cause")))
        if not key[1]:
            continue
        if key not in first:
            first[key] = rec
            continue
        other = first[key]
        diff = [f"{s} {other.fields.get(n)} vs {rec.fields.get(n)}"
                for n, s in (("severity", "S"), ("occurrence", "O"), ("detection", "D"))
                if other.fields.get(n) != rec.fields.get(n)]
        if diff:
            yield _finding("inconsistent_ratings", "medium", label, rec,
                           f"{key[0]!r} / {key[1]!r} is rated differently on {_row_ref(other)}: "
                           + ", ".join(diff), related_rows=(_row_ref(other),))


def check_occurrence(label: str, records: Sequence[Record], evidence: PlantEvidence,
                     min_gap: int = 2) -> Iterator[Finding]:
    """Rated O at least ``min_gap`` below what the matching work orders suggest."""
    for rec in records:
        occ = rec.fields.get("occurrence")
        station = _text(rec.fields, "station") or None
        if not valid_rating(occ) or station is None:
            continue
        assets = evidence.assets_of(station)
        history = evidence.history(_text(rec.fields, "failure_mode"), station, assets,
                                   cause=_text(rec.fields, "cause"))
        suggested = occurrence_from_count(history.count)
        if suggested is not None and suggested - int(occ) >= min_gap:  # type: ignore[arg-type]
            yield _finding("occurrence_contradicted", "medium", label, rec,
                           f"O {occ} but {history.summary(_text(rec.fields, 'failure_mode'))} "
                           f"(suggests O {suggested})",
                           evidence=tuple(cite(w.chunk) for w in history.orders[-20:]))


def check_instructions(label: str, records: Sequence[Record], last_updated: str | None,
                       evidence: PlantEvidence) -> Iterator[Finding]:
    """Current WIs of the workbook's stations that took effect after its last update."""
    first_row: dict[str, Record] = {}
    for rec in records:
        station = _text(rec.fields, "station")
        if station:
            first_row.setdefault(station.upper(), rec)
    if not first_row:
        return
    if last_updated is None:
        yield Finding("no_last_updated", "info", label, None, None,
                      "the workbook states no 'last updated' date in its title rows, so "
                      "work-instruction changes cannot be compared with it")
        return
    docs = [d for d in evidence.catalog.documents() if d["kind"] == "work_instruction"
            and d["status"] == "current" and d["effective_date"] and d["station"]]
    for doc in docs:
        found = first_row.get(str(doc["station"]).upper())
        if found is not None and str(doc["effective_date"]) > last_updated:
            chunks = evidence.catalog.chunks_of(evidence.catalog.path_for_source(
                str(doc["source"])) or "")
            yield _finding("wi_newer_than_pfmea", "medium", label, found,
                           f"{doc['doc_id']} Rev {doc['revision']} ({doc['station']}) took effect "
                           f"{doc['effective_date']}, after this PFMEA's last update "
                           f"{last_updated}: check the {doc['station']} rows against it",
                           evidence=tuple(cite(c) for c in chunks[:1]))
