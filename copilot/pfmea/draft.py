"""Draft PFMEA rows for a process step from precedent rows, work instructions and work orders.

Nothing is invented: a field is either copied (and adapted: station and asset codes swapped)
from a cited source or left empty for the engineer. Three kinds of candidates, interleaved:
precedent PFMEA rows of similar steps (any station; those whose failure mode the station's own
WIs or work orders also name first), the station's WI reaction-plan lines ("Result: ...;
Probable cause: ..." tables and "- <condition>: <reaction>" bullets; those confirmed by work
orders first) and failure codes in the station's corrective work orders. The last two are
labelled ``no precedent``. Near-duplicates (same failure mode *and* same cause) are dropped
before the ``limit``. Occurrence comes from the matching work orders when there are any.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from copilot.core.errors import QueryError
from copilot.core.lexicon.codes import station_of
from copilot.core.lexicon.safety import labels
from copilot.core.types import Chunk, Citation
from copilot.pfmea.ap import occurrence_from_count
from copilot.pfmea.evidence import (
    History,
    PlantEvidence,
    WorkOrder,
    cite,
    content_tokens,
    overlap,
    similarity,
)
from copilot.pfmea.model import Draft, DraftField, DraftRow, Rating
from copilot.retrieval import Retriever

MAX_WO_CITES = 30
PRECEDENT_POOL = 40  # PFMEA rows retrieved per draft (plus the excluded ones)
_REACTION = re.compile(r"Result:\s*(?P<mode>[^;\n]+);\s*Probable cause:\s*(?P<causes>[^;\n]+)",
                       re.IGNORECASE)
# bullet-form reaction plans: "- Fill volume NOK: never top up by hand. ..." (condition: reaction)
_REACTION_SECTION = re.compile(r"reaction|이상\s*시\s*조치|조치\s*계획|reaktionsplan", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-•*]\s*(?P<mode>[^:\n]{3,80}?)\s*:\s*(?P<reaction>\S[^\n]*)$", re.MULTILINE)
# escalation triggers, not failure modes: "Two NOK on the same spindle", "3 NOK in a row", ...
_TRIGGER = re.compile(r"^(\d+|one|two|three|first|second|any|every|all|\d+회|같은)\b|\bin a row\b|\bOK\b",
                      re.IGNORECASE)
_PARAM = re.compile(r"±|\d\s*(kN|Nm|mm|bar|°C|L/min|s)\b|"
                    + "|".join(w.upper() for w in labels("WARNING", "CAUTION", "DANGER")))


class Drafter:
    """Builds a ``Draft`` from plant evidence and a search over the indexed documents."""

    def __init__(self, retriever: Retriever, evidence: PlantEvidence) -> None:
        self.retriever = retriever
        self.evidence = evidence

    def draft(self, step: str, station: str | None = None, asset: str | None = None,
              product: str | None = None, limit: int = 10,
              exclude: frozenset[str] = frozenset()) -> Draft:
        """Candidate rows for ``step``; ``exclude`` hides chunk ids (leave-one-out eval)."""
        step = (step or "").strip()
        if not step:
            raise QueryError("the process step text is empty - describe the step, e.g. "
                             "'OP10 press-fit the output bearing into the housing'")
        if limit <= 0:
            raise QueryError(f"limit must be >= 1 (got {limit})")
        station = (station or station_of(step) or "").upper() or None
        assets = (asset.upper(),) if asset else self.evidence.assets_of(station)
        query = f"{step} {product}" if product else step
        wi = self._wi_chunks(query, station)
        precedent = list(self._precedent_rows(query, station, assets, wi, exclude))
        station_wi = self.evidence.station_instructions(station)
        # one cause per failure mode in turn; those the station's work orders confirm first
        reactions = _round_robin(iter(sorted(
            self._reaction_rows(station_wi, station, assets, exclude),
            key=lambda r: -(r.occurrence.value or 0))))
        orders = list(self._work_order_rows(station, assets, exclude))
        evidence = [_borrow_severity(r, precedent) for r in _interleave(reactions, orders)]
        precedent = _corroborated_first(precedent, reactions + orders)
        rows = _dedupe(_interleave(precedent, evidence))[:limit]
        notes = []
        if not precedent:
            notes.append("no similar PFMEA rows found: every row is 'no precedent'")
        if station is None:
            notes.append("no station given or found in the step text: no WI steps or "
                         "maintenance history used")
        context = tuple(cite(c) for c in wi if _PARAM.search(c.text))[:8]
        return Draft(step=step, station=station, assets=assets, product=product,
                     rows=tuple(rows), context=context, notes=tuple(notes))

    # -- evidence -----------------------------------------------------------------------------
    def _wi_chunks(self, query: str, station: str | None) -> list[Chunk]:
        if station is None:
            return []
        result = self.retriever.search(query, k=12, where={"kind": "work_instruction",
                                                          "station": station})
        return [h.chunk for h in result.hits if not h.chunk.metadata.get("injection")]

    def _precedent_rows(self, query: str, station: str | None, assets: tuple[str, ...],
                        wi: Sequence[Chunk], exclude: frozenset[str]) -> Iterator[DraftRow]:
        result = self.retriever.search(query, k=PRECEDENT_POOL + len(exclude),
                                       where={"kind": "pfmea"})
        function = _function_from_wi(self.evidence.station_instructions(station))
        for hit in result.hits:
            if hit.chunk.id not in exclude and "failure_mode" in hit.chunk.metadata and (
                    not hit.chunk.metadata.get("injection")):
                yield self._from_precedent(hit.chunk, hit.score, station, assets, function, wi,
                                           exclude)

    def _from_precedent(self, chunk: Chunk, score: float, station: str | None,
                        assets: tuple[str, ...], function: DraftField | None,
                        wi: Sequence[Chunk], exclude: frozenset[str]) -> DraftRow:
        m = chunk.metadata
        src = cite(chunk)
        swap = _code_swaps(str(m.get("station", "")) or None, station,
                           self.evidence.assets_of(str(m.get("station", "")) or None), assets)

        def field(name: str) -> DraftField:
            value = str(m.get(name, "") or "")
            if not value:
                return DraftField()
            adapted, note = _adapt(value, swap)
            return DraftField(adapted, (src,), note)

        mode, cause = field("failure_mode"), field("cause")
        history = self.evidence.history(mode.value, station, assets, cause=cause.value)
        history = _without(history, exclude)
        prevention = _with_wi_support(field("prevention_control"), wi)
        detection = _with_wi_support(field("detection_control"), wi)
        return DraftRow(
            function=function or field("function"), failure_mode=mode, effect=field("effect"),
            cause=cause, prevention_control=prevention, detection_control=detection,
            severity=_rating(m.get("severity"), "S", f"as rated for this effect in {src.locator}",
                             src),
            occurrence=_occurrence(history, mode.value, m.get("occurrence"), src),
            detection=_rating(m.get("detection"), "D",
                              f"for the same detection control in {src.locator}", src),
            basis="precedent", score=score)

    def _reaction_rows(self, wi: Sequence[Chunk], station: str | None, assets: tuple[str, ...],
                       exclude: frozenset[str]) -> Iterator[DraftRow]:
        """One row per probable cause in the station's WI reaction-plan tables."""
        function = _function_from_wi(wi)
        for chunk in wi:
            for match in _REACTION.finditer(chunk.text):
                src = cite(chunk, quote=match.group(0))
                mode = match["mode"].strip()
                for cause in (c.strip() for c in match["causes"].split(",")):
                    if not cause:
                        continue
                    history = _without(self.evidence.history(mode, station, assets, cause=cause),
                                       exclude)
                    yield _bare_row(function, DraftField(mode, (src,), "WI reaction plan"),
                                    DraftField(cause, (src,), "WI reaction plan"),
                                    _occurrence(history, mode, None, None), 0.5)
            if _REACTION.search(chunk.text) or not _REACTION_SECTION.search(
                    chunk.locator.section or ""):
                continue
            for match in _BULLET.finditer(chunk.text):  # "- <condition>: <reaction>"
                mode = match["mode"].strip()
                if _TRIGGER.search(mode):
                    continue
                src = cite(chunk, quote=match.group(0).strip())
                history = _without(self.evidence.history(mode, station, assets), exclude)
                yield _bare_row(function, DraftField(mode, (src,), "WI reaction plan (condition)"),
                                DraftField(), _occurrence(history, mode, None, None), 0.4)

    def _work_order_rows(self, station: str | None, assets: tuple[str, ...],
                         exclude: frozenset[str]) -> Iterator[DraftRow]:
        """One row per failure code in the station's corrective work orders."""
        if station is None:
            return
        by_code: dict[str, list[WorkOrder]] = {}
        for order in self.evidence.history("", station, assets, min_overlap=0).orders:
            if order.code and order.chunk.id not in exclude:
                by_code.setdefault(order.code, []).append(order)
        for code, orders in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
            latest = orders[-1]
            text = str(latest.chunk.metadata.get("short_text", "")) or code
            base = self.evidence.history("", station, assets, min_overlap=0)
            history = History(tuple(orders), base.since, base.until, base.where)
            mode = DraftField(f"{text} ({code})", tuple(cite(o.chunk) for o in orders[-3:]),
                              f"most recent of {len(orders)} {code} work orders")
            yield _bare_row(None, mode, DraftField(), _occurrence(history, code, None, None),
                            0.3)


# -- helpers ----------------------------------------------------------------------------------

def _rating(value: object, label: str, why: str, src: Citation) -> Rating:
    if isinstance(value, int) and not isinstance(value, bool):
        return Rating(value, f"{label} {value} {why}", (src,))
    return Rating(None, f"no {label} in the precedent row: rate it")


def _occurrence(history: History, failure: str, precedent: object,
                src: Citation | None) -> Rating:
    suggested = occurrence_from_count(history.count)
    if suggested is not None:
        cites = tuple(cite(o.chunk) for o in history.orders[-MAX_WO_CITES:])
        return Rating(suggested, f"O {suggested}: {history.summary(failure)}", cites)
    if src is not None and isinstance(precedent, int) and not isinstance(precedent, bool):
        return Rating(precedent, f"O {precedent} as in {src.locator}; "
                      f"{history.summary(failure)}", (src,))
    return Rating(None, f"{history.summary(failure)}: rate O from the prevention controls")


def _without(history: History, exclude: frozenset[str]) -> History:
    if not exclude:
        return history
    return replace(history, orders=tuple(o for o in history.orders
                                         if o.chunk.id not in exclude))


def _bare_row(function: DraftField | None, mode: DraftField, cause: DraftField,
              occurrence: Rating, score: float) -> DraftRow:
    none = "no precedent row: rate it"
    return DraftRow(function=function or DraftField(), failure_mode=mode, effect=DraftField(),
                    cause=cause, prevention_control=DraftField(), detection_control=DraftField(),
                    severity=Rating(None, f"S: {none} from the effect"), occurrence=occurrence,
                    detection=Rating(None, f"D: {none} from the detection control"),
                    basis="no precedent", score=score)


def _function_from_wi(wi: Sequence[Chunk]) -> DraftField | None:
    """The station WI's purpose statement (first sentence) as the process function."""
    for chunk in wi:
        section = chunk.locator.section or ""
        if re.search(r"purpose|목적|zweck", section, re.IGNORECASE):
            body = chunk.body.strip()
            sentence = re.split(r"(?<=[.!?다])\s", body, maxsplit=1)[0]
            return DraftField(sentence, (cite(chunk, quote=sentence),), "WI purpose")
    return None


def _with_wi_support(control: DraftField, wi: Sequence[Chunk]) -> DraftField:
    """Add the station's WI steps that describe the same control as further sources."""
    if not control.value:
        return control
    want = content_tokens(control.value)
    extra = tuple(cite(c) for c in wi if c.locator.step and len(want & content_tokens(c.text)) >= 2)
    if not extra:
        return control
    return replace(control, sources=control.sources + extra[:2])


def _code_swaps(src_station: str | None, dst_station: str | None, src_assets: Sequence[str],
                dst_assets: Sequence[str]) -> dict[str, str]:
    swaps: dict[str, str] = {}
    if src_station and dst_station and src_station != dst_station:
        swaps[src_station] = dst_station
        if len(dst_assets) >= 1 and len(src_assets) >= 1:
            swaps[src_assets[0]] = dst_assets[0]
    return swaps


def _adapt(text: str, swaps: dict[str, str]) -> tuple[str, str]:
    out, done = text, []
    for old, new in swaps.items():
        pattern = re.compile(rf"\b{re.escape(old)}\b", re.IGNORECASE)
        if pattern.search(out):
            out = pattern.sub(new, out)
            done.append(f"{old} -> {new}")
    return out, ("adapted: " + ", ".join(done)) if done else ""


def _round_robin(rows: Iterator[DraftRow]) -> list[DraftRow]:
    """First cause of every failure mode, then the second ones, ... (variety in the top rows)."""
    groups: dict[str, list[DraftRow]] = {}
    for row in rows:
        groups.setdefault(row.failure_mode.value, []).append(row)
    return _interleave(*groups.values()) if groups else []


def _borrow_severity(row: DraftRow, precedent: Sequence[DraftRow],
                     threshold: float = 0.34) -> DraftRow:
    """Effect and S of the most similar precedent failure mode (severity follows the effect)."""
    want = content_tokens(row.failure_mode.value)
    best = max(precedent, default=None,
               key=lambda p: similarity(want, content_tokens(p.failure_mode.value)))
    if best is None or similarity(want, content_tokens(best.failure_mode.value)) < threshold:
        return row
    if best.severity.value is None or not best.effect.value:
        return row
    src = best.effect.sources[:1]
    mode = best.failure_mode.value
    return replace(
        row, effect=replace(best.effect, note=f"effect of the similar failure mode {mode!r}"),
        severity=Rating(best.severity.value, f"S {best.severity.value} as rated for the similar "
                        f"failure mode {mode!r} in {src[0].locator if src else 'a PFMEA row'}",
                        src))


def _corroborated_first(precedent: list[DraftRow], station: Sequence[DraftRow]) -> list[DraftRow]:
    """Precedent rows whose failure mode the station's own WI reaction plans or work orders also
    name (half the words of the shorter of the two in common: "Gear press force out of window"
    ~ "Force < 18 kN") before the others, retrieval order kept within each group."""
    names = [content_tokens(r.failure_mode.value) for r in station]
    if not names:
        return precedent

    def named(row: DraftRow) -> bool:
        mode = content_tokens(row.failure_mode.value)
        return any(overlap(mode, n) >= 0.5 for n in names)

    return sorted(precedent, key=lambda r: not named(r))


def _interleave(*parts: list[DraftRow]) -> list[DraftRow]:
    out: list[DraftRow] = []
    for i in range(max((len(p) for p in parts), default=0)):
        out.extend(part[i] for part in parts if i < len(part))
    return out


def _dedupe(rows: list[DraftRow], threshold: float = 0.75) -> list[DraftRow]:
    """Drop a row only when its failure mode *and* its cause both repeat a kept row's.

    The two fields are compared separately: on a concatenated key a long cause shared by several
    failure modes ("Corrosion" / "Overloading" / "Physical damage", all "exposure to
    contaminates, physical damage to gauge ...") would make the rows look 90 % alike and all
    but one failure mode would be lost. Numbers and < / > are kept in the comparison, so
    "force < 18 kN" and "force > 24 kN" stay two rows.
    """
    kept: list[tuple[frozenset[str], frozenset[str], DraftRow]] = []
    for row in rows:
        mode, cause = _dedupe_key(row.failure_mode.value), _dedupe_key(row.cause.value)
        if not any(_alike(mode, m, threshold) and _alike(cause, c, threshold)
                   for m, c, _ in kept):
            kept.append((mode, cause, row))
    return [r for _, _, r in kept]


def _dedupe_key(text: str) -> frozenset[str]:
    return content_tokens(text) | frozenset(re.findall(r"\d+(?:\.\d+)?|[<>]", text))


def _alike(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    return a == b or similarity(a, b) >= threshold
