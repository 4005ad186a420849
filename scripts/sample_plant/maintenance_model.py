"""Maintenance generation parameters (data/maintenance/*.toml) as typed values."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .tomldata import DataError, TomlTable, load_toml

YEARS = (2024, 2025)  # 2024 is exported as CSV, 2025 as XLSX
DrawKind = Literal["int", "real", "real_either", "choice"]
Values = dict[str, float | str]


@dataclass(frozen=True)
class Draw:
    """One placeholder value drawn per work order (see draws.toml)."""

    name: str
    kind: DrawKind
    ranges: tuple[tuple[float, float], ...] = ()
    choices: tuple[int, ...] = ()
    digits: int | None = None

    def value(self, rng: random.Random) -> float:
        if self.kind == "int":
            ((lo, hi),) = self.ranges
            return rng.randint(int(lo), int(hi))
        if self.kind == "choice":
            return rng.choice(self.choices)
        reals = [rng.uniform(lo, hi) for lo, hi in self.ranges]
        x = reals[0] if self.kind == "real" else rng.choice(reals)
        return x if self.digits is None else round(x, self.digits)


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[dt.date]
    days: tuple[int, int]
    hours: tuple[int, int]
    minutes: tuple[int, ...]
    late_days: tuple[int, int]
    pm_days: tuple[int, int]
    pm_hours: tuple[int, int]

    def opening(
        self,
        rng: random.Random,
        year: int,
        month: int,
        days: tuple[int, int],
        hours: tuple[int, int],
    ) -> dt.datetime:
        """A random working time (Monday-Saturday, no holiday) in the given windows."""
        while True:
            day = rng.randint(*days)
            when = dt.datetime(year, month, day, rng.randint(*hours), rng.choice(self.minutes))
            if when.weekday() < 6 and when.date() not in self.holidays:
                return when


@dataclass(frozen=True)
class Asset:
    description: str
    station: str


@dataclass(frozen=True)
class Technician:
    initials: str
    name_ko: str
    weight: int


@dataclass(frozen=True)
class CorrectivePlan:
    asset: str
    failure_code: str
    wo_type: str
    months: Mapping[int, tuple[int, ...]]  # by year
    downtime_h: tuple[float, float]
    parts_krw: tuple[float, float]
    spindle: int | None
    texts: tuple[tuple[str, str], ...]  # (short text, action taken)


@dataclass(frozen=True)
class PreventivePlan:
    asset: str
    months: tuple[int, ...]
    years: tuple[int, ...]
    short: str
    action: str
    downtime_h: float
    labour_h: float
    parts_krw: tuple[float, float]


@dataclass(frozen=True)
class AreaLogPlan:
    asset: str
    kind: str
    failure_code: str
    months: tuple[int, ...]
    minutes: tuple[int, int] | None  # None: no downtime (예방정비)
    spindle: int | None
    spindle_choice: tuple[int, ...]
    texts: tuple[tuple[str, str], ...]  # (작업내용, 조치내용), used in turn


@dataclass(frozen=True)
class MaintenanceData:
    seed: int
    labour_krw_h: int
    torque_change: dt.date
    set_torque_nm: tuple[int, int]
    spindle_asset: str
    export_cutoff: dt.date
    outputs: Mapping[str, str]
    calendar: Calendar
    assets: Mapping[str, Asset]
    assets_ko: Mapping[str, Asset]
    technicians: tuple[Technician, ...]
    cmms_columns: tuple[str, ...]
    area_log_columns: tuple[str, ...]
    area_log_year: int
    draws: tuple[Draw, ...]
    corrective: tuple[CorrectivePlan, ...]
    preventive: tuple[PreventivePlan, ...]
    area_log: tuple[AreaLogPlan, ...]


def load_maintenance(folder: Path) -> MaintenanceData:
    doc = load_toml(folder / "maintenance.toml")
    columns = doc.table("columns")
    area = load_toml(folder / "area_log.toml")
    corrective = [
        p for f in doc.texts("corrective") for p in load_toml(folder / f).tables("corrective")
    ]
    techs = doc.table("technicians")
    outputs = doc.table("outputs")
    draws = load_toml(folder / "draws.toml")
    preventive = load_toml(folder / "preventive.toml").tables("preventive")
    return MaintenanceData(
        seed=doc.integer("seed"),
        labour_krw_h=doc.integer("labour_krw_h"),
        torque_change=doc.date("torque_change"),
        set_torque_nm=_int_pair(doc, "set_torque_nm"),
        spindle_asset=doc.text("spindle_asset"),
        export_cutoff=doc.date("export_cutoff"),
        outputs={k: outputs.text(k) for k in outputs.names()},
        calendar=_calendar(doc.table("calendar")),
        assets=_assets(doc.table("assets")),
        assets_ko=_assets(doc.table("assets_ko")),
        technicians=tuple(_technician(techs.table(k), k) for k in techs.names()),
        cmms_columns=columns.texts("cmms"),
        area_log_columns=columns.texts("area_log"),
        area_log_year=area.integer("year"),
        draws=tuple(_draw(k, draws.table(k)) for k in draws.names()),
        corrective=tuple(_corrective(t) for t in corrective),
        preventive=tuple(_preventive(t) for t in preventive),
        area_log=tuple(_area_log(t) for t in area.tables("entry")),
    )


def _int_pair(t: TomlTable, key: str) -> tuple[int, int]:
    lo, hi = t.pair(key)
    if not (isinstance(lo, int) and isinstance(hi, int)):
        raise DataError(f"{t.where}: {key!r} must be two whole numbers")
    return lo, hi


def _calendar(t: TomlTable) -> Calendar:
    holidays = t.array("holidays")
    if not all(isinstance(d, dt.date) for d in holidays):
        raise DataError(f"{t.where}: holidays must be dates such as 2025-05-01")
    return Calendar(
        holidays=frozenset(d for d in holidays if isinstance(d, dt.date)),
        days=_int_pair(t, "days"),
        hours=_int_pair(t, "hours"),
        minutes=t.integers("minutes"),
        late_days=_int_pair(t, "late_days"),
        pm_days=_int_pair(t, "pm_days"),
        pm_hours=_int_pair(t, "pm_hours"),
    )


def _assets(t: TomlTable) -> dict[str, Asset]:
    out = {}
    for asset_id in t.names():
        description, station = t.texts(asset_id)
        out[asset_id] = Asset(description, station)
    return out


def _technician(t: TomlTable, initials: str) -> Technician:
    return Technician(initials, t.text("name_ko"), t.integer("weight"))


def _draw(name: str, t: TomlTable) -> Draw:
    digits = t.integer("digits") if t.has("digits") else None
    if t.has("int"):
        return Draw(name, "int", (_int_pair(t, "int"),))
    if t.has("real"):
        return Draw(name, "real", (t.pair("real"),), digits=digits)
    if t.has("choice"):
        return Draw(name, "choice", choices=t.integers("choice"))
    if t.has("real_either"):
        ranges = tuple(_range(r, t.where) for r in t.array("real_either"))
        return Draw(name, "real_either", ranges, digits=digits)
    raise DataError(f"{t.where}: a draw needs one of int, real, real_either, choice")


def _range(item: object, where: str) -> tuple[float, float]:
    if isinstance(item, list) and len(item) == 2 and all(isinstance(x, int | float) for x in item):
        return item[0], item[1]
    raise DataError(f"{where}: real_either must be a list of [lo, hi] ranges, not {item!r}")


def _texts(t: TomlTable, first: str, second: str) -> tuple[tuple[str, str], ...]:
    return tuple((x.text(first), x.text(second)) for x in t.tables("text"))


def _corrective(t: TomlTable) -> CorrectivePlan:
    return CorrectivePlan(
        asset=t.text("asset"),
        failure_code=t.text("failure_code"),
        wo_type=t.text("wo_type"),
        months={year: t.integers(f"months_{year}") for year in YEARS},
        downtime_h=t.pair("downtime_h"),
        parts_krw=t.pair("parts_krw"),
        spindle=t.integer("spindle") if t.has("spindle") else None,
        texts=_texts(t, "short", "action"),
    )


def _preventive(t: TomlTable) -> PreventivePlan:
    return PreventivePlan(
        asset=t.text("asset"),
        months=t.integers("months"),
        years=t.integers("years", default=YEARS),
        short=t.text("short"),
        action=t.text("action"),
        downtime_h=t.number("downtime_h"),
        labour_h=t.number("labour_h"),
        parts_krw=t.pair("parts_krw"),
    )


def _area_log(t: TomlTable) -> AreaLogPlan:
    return AreaLogPlan(
        asset=t.text("asset"),
        kind=t.text("kind"),
        failure_code=t.text("failure_code", ""),
        months=t.integers("months"),
        minutes=_int_pair(t, "minutes") if t.has("minutes") else None,
        spindle=t.integer("spindle") if t.has("spindle") else None,
        spindle_choice=t.integers("spindle_choice", default=()),
        texts=_texts(t, "work", "action"),
    )
