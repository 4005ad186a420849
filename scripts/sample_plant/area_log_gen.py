"""The Korean OP20-OP40 area maintenance log, drawn after the CMMS orders from the same stream."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from .cmms_gen import draw_values
from .maintenance_model import AreaLogPlan, MaintenanceData

ESCALATED = ("스핀들 과열 재발", "긴급")  # the repeat PRS-02 overheating became an emergency job


@dataclass(frozen=True)
class LogEntry:
    date: dt.datetime
    asset: str
    kind: str
    code: str
    work: str
    action: str
    minutes: int
    tech: str
    spindle: int | None
    no: str = ""


def generate_area_log(rng: random.Random, data: MaintenanceData) -> list[LogEntry]:
    """Entries sorted by date and numbered L2-25-nnnn (with gaps)."""
    names = {t.initials: t.name_ko for t in data.technicians}
    rows = [
        _entry(rng, data, plan, i, month, names)
        for plan in data.area_log
        for i, month in enumerate(plan.months)
    ]
    rows.sort(key=lambda r: (r.date, r.asset, r.work))
    prefix, kind = ESCALATED
    i = next(i for i, r in enumerate(rows) if r.work.startswith(prefix))
    rows[i] = replace(rows[i], kind=kind)
    out = []
    number = 1
    for r in rows:
        out.append(replace(r, no=f"L2-{data.area_log_year % 100}-{number:04d}"))
        number += rng.randint(1, 3)  # numbers also used for OP10/OP50/OP60 area jobs
    return out


def _entry(
    rng: random.Random,
    data: MaintenanceData,
    plan: AreaLogPlan,
    i: int,
    month: int,
    names: dict[str, str],
) -> LogEntry:
    cal = data.calendar
    when = cal.opening(rng, data.area_log_year, month, cal.days, cal.hours)
    values = draw_values(rng, data, when)
    values["s2"] = int(values["s"]) + rng.randint(-2, 3)  # the IR reading next to the HMI's
    if plan.spindle_choice:
        values["sp"] = rng.choice(plan.spindle_choice)
    work, action = plan.texts[i % len(plan.texts)]
    minutes = 0 if plan.minutes is None else rng.randint(*plan.minutes) // 5 * 5
    techs = [t.initials for t in data.technicians]
    weights = [t.weight for t in data.technicians]
    return LogEntry(
        date=when,
        asset=plan.asset,
        kind=plan.kind,
        code=plan.failure_code,
        work=work.format(**values),
        action=action.format(**values),
        minutes=minutes,
        tech=names[rng.choices(techs, weights)[0]],
        spindle=plan.spindle,
    )
