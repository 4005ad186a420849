"""PFMEA workbooks as data: workbook -> sheets -> process steps -> failure-cause rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .action_priority import action_priority
from .tomldata import DataError, TomlTable, load_toml

Cell = str | int | dt.date | None
Layout = Literal["titled", "plain"]


@dataclass(frozen=True)
class PfmeaRow:
    """One failure cause; AP and RPN are computed, never written by hand."""

    step: str
    function: str
    failure_mode: str
    effect: str
    severity: int
    cause: str
    occurrence: int
    prevention: str
    detection_control: str
    detection: int
    action: str
    responsibility: str
    target_date: dt.date | None
    status: str

    @property
    def ap(self) -> str:
        return action_priority(self.severity, self.occurrence, self.detection)

    @property
    def rpn(self) -> int:
        return self.severity * self.occurrence * self.detection

    def cells(self) -> tuple[Cell, ...]:
        """The 16 columns in workbook order (Process Step ... Status)."""
        return (
            self.step,
            self.function,
            self.failure_mode,
            self.effect,
            self.severity,
            self.cause,
            self.occurrence,
            self.prevention,
            self.detection_control,
            self.detection,
            self.ap,
            self.rpn,
            self.action,
            self.responsibility,
            self.target_date,
            self.status,
        )


@dataclass(frozen=True)
class PfmeaStep:
    name: str
    function: str
    rows: tuple[PfmeaRow, ...]


@dataclass(frozen=True)
class PfmeaSheet:
    name: str
    steps: tuple[PfmeaStep, ...]

    @property
    def rows(self) -> tuple[PfmeaRow, ...]:
        return tuple(r for s in self.steps for r in s.rows)


@dataclass(frozen=True)
class PfmeaWorkbook:
    file: str
    title: str
    layout: Layout
    title_rows: tuple[str, ...]
    columns: tuple[str, ...]
    sheets: tuple[PfmeaSheet, ...]

    @property
    def rows(self) -> tuple[PfmeaRow, ...]:
        return tuple(r for s in self.sheets for r in s.rows)


def load_workbook(folder: Path) -> PfmeaWorkbook:
    """A workbook from folder/workbook.toml and the process-step files it lists."""
    doc = load_toml(folder / "workbook.toml")
    layout = doc.text("layout")
    if layout not in ("titled", "plain"):
        raise DataError(f"{doc.where}: layout must be 'titled' or 'plain', not {layout!r}")
    columns = doc.texts("columns")
    if len(columns) != 16:
        raise DataError(f"{doc.where}: columns must name the 16 PFMEA columns")
    sheets = tuple(
        PfmeaSheet(s.text("name"), tuple(_step(folder / f) for f in s.texts("steps")))
        for s in doc.tables("sheet")
    )
    title_rows = doc.texts("title_rows") if doc.has("title_rows") else ()
    return PfmeaWorkbook(
        doc.text("file"),
        doc.text("title"),
        "titled" if layout == "titled" else "plain",
        title_rows,
        columns,
        sheets,
    )


def _step(path: Path) -> PfmeaStep:
    doc = load_toml(path)
    name, function = doc.text("step"), doc.text("function")
    return PfmeaStep(name, function, tuple(_row(name, function, r) for r in doc.tables("row")))


def _row(step: str, function: str, t: TomlTable) -> PfmeaRow:
    ratings = [t.integer(k) for k in ("severity", "occurrence", "detection")]
    if not all(1 <= r <= 10 for r in ratings):
        raise DataError(f"{t.where}: severity, occurrence and detection are ratings 1-10")
    return PfmeaRow(
        step=step,
        function=function,
        failure_mode=t.text("failure_mode"),
        effect=t.text("effect"),
        severity=ratings[0],
        cause=t.text("cause"),
        occurrence=ratings[1],
        prevention=t.text("prevention"),
        detection_control=t.text("detection_control"),
        detection=ratings[2],
        action=t.text("action", ""),
        responsibility=t.text("responsibility", ""),
        target_date=t.date("target_date") if t.has("target_date") else None,
        status=t.text("status", ""),
    )
