"""Unit tests of the draft's candidate handling (no index needed): de-duplication and ranking."""

from __future__ import annotations

from copilot.pfmea.draft import _BULLET, _TRIGGER, _corroborated_first, _dedupe
from copilot.pfmea.model import DraftField, DraftRow, Rating

CAUSE = ("Exposure to contaminates, physical damage to gauge or grounding / crossing of cables "
         "to give false reading")


def row(mode: str, cause: str = "", basis: str = "precedent") -> DraftRow:
    none = Rating(None, "rate it")
    return DraftRow(function=DraftField(), failure_mode=DraftField(mode), effect=DraftField(),
                    cause=DraftField(cause), prevention_control=DraftField(),
                    detection_control=DraftField(), severity=none, occurrence=none,
                    detection=none, basis="precedent" if basis == "precedent" else "no precedent")


def modes(rows: list[DraftRow]) -> list[str]:
    return [r.failure_mode.value for r in rows]


def test_dedupe_keeps_distinct_failure_modes_that_share_a_long_cause() -> None:
    # uwa-fmea: three failure modes rated with one long cause; a fm+cause key made them 90 %
    # alike and the draft kept only "Corrosion" (FM recall@10 0.68 vs 0.91 for plain retrieval)
    rows = [row("Corrosion", CAUSE), row("Overloading", CAUSE), row("Physical damage", CAUSE)]
    assert modes(_dedupe(rows)) == ["Corrosion", "Overloading", "Physical damage"]


def test_dedupe_keeps_one_failure_mode_with_different_causes() -> None:
    rows = [row("Leaking", "Worn seal"), row("Leaking", "Cracked housing from impact")]
    assert len(_dedupe(rows)) == 2


def test_dedupe_drops_repeats_of_mode_and_cause() -> None:
    rows = [row("Corrosion", CAUSE), row("corrosion ", CAUSE.lower()),
            row("Physical damage", CAUSE), row("Physical damage", CAUSE + ".")]
    assert modes(_dedupe(rows)) == ["Corrosion", "Physical damage"]


def test_dedupe_keeps_limits_that_differ_only_in_numbers() -> None:
    rows = [row("Force < 18 kN", "Bearing OD undersize"), row("Force > 24 kN", "Bearing OD undersize")]
    assert len(_dedupe(rows)) == 2


def test_dedupe_keeps_work_order_rows_without_cause() -> None:
    rows = [row("PRS-01 LOAD CELL DRIFT (PRS-FORCE)"), row("PRS-01 HYD HOSE BURST (HYD)")]
    assert len(_dedupe(rows)) == 2


def test_precedent_named_by_the_station_evidence_comes_first() -> None:
    precedent = [row("Shaft bent", "Handling"), row("Gear press force out of window", "Load cell"),
                 row("Wrong gear variant", "Mixed parts")]
    station = [row("Force < 18 kN", "Bore oversize", basis="no precedent")]
    assert modes(_corroborated_first(precedent, station)) == [
        "Gear press force out of window", "Shaft bent", "Wrong gear variant"]
    assert _corroborated_first(precedent, []) == precedent


def test_bullet_reaction_plan_conditions() -> None:
    text = ("- Fill volume NOK: never top up by hand. Drain the unit.\n"
            "- Two NOK on the same spindle in one shift: call maintenance.\n"
            "- Flow OK and regreasing interval exceeded: regrease per step 4.6.\n"
            "- Unit dropped or hit by the robot: stop, red tag.")
    found = [m["mode"] for m in _BULLET.finditer(text) if not _TRIGGER.search(m["mode"])]
    assert found == ["Fill volume NOK", "Unit dropped or hit by the robot"]
