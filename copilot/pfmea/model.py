"""Frozen dataclasses for PFMEA drafts and reviews: every proposed value carries its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from copilot.core.types import Citation
from copilot.pfmea.ap import action_priority, rpn, valid_rating

TEXT_FIELDS = ("function", "failure_mode", "effect", "cause", "prevention_control",
               "detection_control")
RATINGS = ("severity", "occurrence", "detection")
Basis = Literal["precedent", "no precedent"]


@dataclass(frozen=True)
class DraftField:
    """A proposed text with where it came from; empty text means "no evidence, fill in"."""

    value: str = ""
    sources: tuple[Citation, ...] = ()
    note: str = ""  # how it was derived, e.g. "adapted from OP20: PRS-02 -> PRS-01"


@dataclass(frozen=True)
class Rating:
    """A suggested S, O or D with its one-line justification; None when there is no basis."""

    value: int | None
    justification: str
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class DraftRow:
    """One candidate PFMEA row (one failure cause)."""

    function: DraftField
    failure_mode: DraftField
    effect: DraftField
    cause: DraftField
    prevention_control: DraftField
    detection_control: DraftField
    severity: Rating
    occurrence: Rating
    detection: Rating
    basis: Basis  # "no precedent": built from work instructions / work orders only
    score: float = 0.0

    def text(self, name: str) -> DraftField:
        value = getattr(self, name)
        assert isinstance(value, DraftField)
        return value

    def rating(self, name: str) -> Rating:
        value = getattr(self, name)
        assert isinstance(value, Rating)
        return value

    @property
    def ap(self) -> str:
        s, o, d = (self.rating(r).value for r in RATINGS)
        if valid_rating(s) and valid_rating(o) and valid_rating(d):
            assert s is not None and o is not None and d is not None
            return action_priority(s, o, d)
        return ""

    @property
    def rpn(self) -> int | None:
        s, o, d = (self.rating(r).value for r in RATINGS)
        if valid_rating(s) and valid_rating(o) and valid_rating(d):
            assert s is not None and o is not None and d is not None
            return rpn(s, o, d)
        return None

    def sources(self) -> tuple[Citation, ...]:
        """Every distinct citation behind the row, in field order."""
        seen: dict[str, Citation] = {}
        for name in (*TEXT_FIELDS, *RATINGS):
            part = getattr(self, name)
            for c in part.sources:
                seen.setdefault(c.chunk_id, c)
        return tuple(seen.values())


@dataclass(frozen=True)
class Draft:
    """Proposed rows for one process step, plus the station's work-instruction context."""

    step: str
    station: str | None
    assets: tuple[str, ...]
    product: str | None
    rows: tuple[DraftRow, ...]
    context: tuple[Citation, ...] = ()  # WI steps: parameters, special characteristics, warnings
    notes: tuple[str, ...] = ()


Level = Literal["high", "medium", "info"]


@dataclass(frozen=True)
class Finding:
    """One review finding, tied to a sheet row (row None: the whole workbook)."""

    check: str  # high_risk_no_action, missing_prevention, duplicate_failure_mode, ...
    level: Level
    source: str
    sheet: str | None
    row: int | None
    message: str
    evidence: tuple[Citation, ...] = ()
    related_rows: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        parts = [self.source]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return " ".join(parts)


@dataclass(frozen=True)
class Review:
    """All findings for one workbook, most severe first."""

    source: str
    rows: int
    last_updated: str | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()
