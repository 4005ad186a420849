"""CMMS work orders 2024-2025 drawn from the maintenance plans, plus the intentional data quirks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from .maintenance_model import YEARS, CorrectivePlan, MaintenanceData, PreventivePlan, Values

CREW = (1, 1, 2)  # technicians on a corrective order (labour cost multiplier)
FIRST_WO_NUMBER = 17


@dataclass(frozen=True)
class WorkOrder:
    opened: dt.datetime
    asset: str
    wo_type: str
    code: str
    short: str
    action: str
    downtime: float | None
    cost: int | None
    spindle: int | None
    wo: str = ""
    tech: str = ""
    closed: dt.datetime | None = None


def draw_values(rng: random.Random, data: MaintenanceData, when: dt.datetime) -> Values:
    """The {placeholders} of one order's texts: draws.toml in order, then the derived ones."""
    values: Values = {d.name: d.value(rng) for d in data.draws}
    before, after = data.set_torque_nm
    set_nm = after if when.date() >= data.torque_change else before
    values["set"] = set_nm
    values["a"] = round(set_nm - float(values["a_offset"]), 1)
    values["lot"] = f"C{when:%y%m}-{values['lot_no']}"
    values["q"] = (when.month - 1) // 3 + 1
    return values


def generate_cmms(rng: random.Random, data: MaintenanceData) -> dict[int, list[WorkOrder]]:
    """Work orders per year, numbered and closed, quirks applied."""
    events: dict[int, list[WorkOrder]] = {}
    for year in YEARS:
        rows = [
            _corrective(rng, data, plan, year, month)
            for plan in data.corrective
            for month in plan.months[year]
        ]
        rows += [
            _preventive(rng, data, plan, year, month)
            for plan in data.preventive
            if year in plan.years
            for month in plan.months
        ]
        events[year] = rows
    for year, rows in events.items():
        events[year] = _numbered(rng, data, year, rows)
    _apply_quirks(events, data)
    return events


def _corrective(
    rng: random.Random, data: MaintenanceData, plan: CorrectivePlan, year: int, month: int
) -> WorkOrder:
    cal, cutoff = data.calendar, data.export_cutoff
    late = (year, month) == (cutoff.year, cutoff.month)  # still open at export time
    opened = cal.opening(rng, year, month, cal.late_days if late else cal.days, cal.hours)
    values = draw_values(rng, data, opened)
    if plan.spindle is not None:
        values["sp"] = plan.spindle
    short, action = rng.choice(plan.texts)
    downtime = round(rng.uniform(*plan.downtime_h) * 4) / 4
    labour = downtime * data.labour_krw_h * rng.choice(CREW)
    cost = round((labour + rng.uniform(*plan.parts_krw)) / 1000) * 1000
    spindle = values["sp"] if plan.asset == data.spindle_asset else None
    return WorkOrder(
        opened=opened,
        asset=plan.asset,
        wo_type=plan.wo_type,
        code=plan.failure_code,
        short=short.format(**values),
        action=action.format(**values),
        downtime=downtime,
        cost=int(cost),
        spindle=None if spindle is None else int(spindle),
    )


def _preventive(
    rng: random.Random, data: MaintenanceData, plan: PreventivePlan, year: int, month: int
) -> WorkOrder:
    cal = data.calendar
    opened = cal.opening(rng, year, month, cal.pm_days, cal.pm_hours)
    values = draw_values(rng, data, opened)
    cost = round((plan.labour_h * data.labour_krw_h + rng.uniform(*plan.parts_krw)) / 1000) * 1000
    return WorkOrder(
        opened=opened,
        asset=plan.asset,
        wo_type="PM",
        code="",
        short=plan.short.format(**values),
        action=plan.action.format(**values),
        downtime=plan.downtime_h,
        cost=int(cost),
        spindle=None,
    )


def _numbered(
    rng: random.Random, data: MaintenanceData, year: int, rows: list[WorkOrder]
) -> list[WorkOrder]:
    """Sorted by opening; WO numbers with gaps, a technician and a closing time each."""
    techs = [t.initials for t in data.technicians]
    weights = [t.weight for t in data.technicians]
    out = []
    number = FIRST_WO_NUMBER
    for e in sorted(rows, key=lambda e: (e.opened, e.asset, e.short)):
        wo = f"WO-{year % 100:02d}-{number:05d}"
        number += rng.randint(1, 9)  # the number range is shared with Line 1 and Line 3
        tech = rng.choices(techs, weights)[0]
        hours = e.downtime or 0.0
        if e.wo_type == "PM":
            closed = e.opened + dt.timedelta(hours=max(hours, 1.0))
        else:
            closed = e.opened + dt.timedelta(hours=hours + rng.uniform(0.2, 1.5))
            if rng.random() < 0.2:  # technician closed the order the next working day(s)
                closed += dt.timedelta(days=rng.randint(1, 3))
        closed = closed.replace(second=0, microsecond=0, minute=(closed.minute // 5) * 5)
        out.append(replace(e, wo=wo, tech=tech, closed=closed))
    return out


def _apply_quirks(events: dict[int, list[WorkOrder]], data: MaintenanceData) -> None:
    """Realistic messiness that PLANT.md lists under 'Data quirks (intentional)'."""
    y24, y25 = events[2024], events[2025]
    i = _first(y24, lambda e: e.short.startswith("PRS-02 SPDL BRG NOISE"))
    y24[i] = replace(y24[i], tech="JHK/SYP")  # two technicians in one field
    i = _first(y24, lambda e: e.asset == "CNV-01" and e.wo_type == "CM")
    y24[i] = replace(y24[i], downtime=None)
    i = _first(y24, lambda e: e.asset == "LSR-60" and e.wo_type == "CM")
    y24[i] = replace(y24[i], short=y24[i].short.lower())
    i = _first(y25, lambda e: e.asset == "ROB-60" and e.wo_type == "CM")
    y25[i] = replace(y25[i], code="")  # CM order without a failure code
    cutoff = dt.datetime.combine(data.export_cutoff, dt.time())
    for i, e in enumerate(y25):
        if e.opened >= cutoff:
            first_sentence = e.action.split(". ")[0].rstrip(".")
            y25[i] = replace(e, closed=None, cost=None, action=f"In progress - {first_sentence}.")
    open_cm = [i for i, e in enumerate(y25) if e.closed is None and e.wo_type != "PM"]
    if open_cm:
        y25[open_cm[-1]] = replace(y25[open_cm[-1]], downtime=None)


def _first(rows: list[WorkOrder], pred: Callable[[WorkOrder], bool]) -> int:
    return next(i for i, e in enumerate(rows) if pred(e))
