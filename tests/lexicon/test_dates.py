"""Dates as plants write them, in cells and in free text."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from copilot.core.lexicon.dates import DATE_TEXT, date_in, guess_day_first, parse_date

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("cell", "iso"), [
    ("2025-06-02", "2025-06-02"),
    ("2025.6.2", "2025-06-02"),
    ("2025년 6월 2일", "2025-06-02"),
    ("2025년 6월 2일 14:30", "2025-06-02T14:30:00"),
    ("02.06.2025", "2025-06-02"),  # German: day first
    ("6/2/2025", "2025-06-02"),  # US: month first unless told
    ("4/6/16 14:00", "2016-04-06T14:00:00"),
    ("20250602", "2025-06-02"),
    ("2 Jun 2025", "2025-06-02"),
    ("June 2, 2025", "2025-06-02"),
    (45720, "2025-03-04"),  # Excel serial
    (date(2025, 6, 2), "2025-06-02"),
    (datetime(2025, 6, 2, 8, 5), "2025-06-02T08:05:00"),
    ("2025-02-30", None),
    ("next tuesday", None),
    ("다음 주", None),
    (None, None),
])
def test_parse_date(cell: object, iso: str | None) -> None:
    assert parse_date(cell) == iso  # type: ignore[arg-type]


def test_day_first_is_guessed_per_column() -> None:
    assert guess_day_first(["3/4/2025", "25/4/2025"]) is True
    assert guess_day_first(["3/4/2025", "4/25/2025"]) is False
    assert guess_day_first(["3/4/2025"]) is None
    assert parse_date("3/4/2025", day_first=True) == "2025-04-03"


@pytest.mark.parametrize(("text", "iso"), [
    ("Effective: 2025-06-02 (Rev C)", "2025-06-02"),
    ("시행일: 2025년 6월 2일", "2025-06-02"),
    ("issued 2 June 2025", "2025-06-02"),
    ("June 2, 2025", "2025-06-02"),
    ("2025-13-40", None),
    ("개정 없음", None),
])
def test_date_in_free_text(text: str, iso: str | None) -> None:
    assert date_in(text) == iso


def test_title_row_date_pattern() -> None:
    import re

    found = [m[1] for t in ("last updated 2025-01-15", "작성일 2025년 1월 15일", "Stand 15.01.2025")
             if (m := re.search(DATE_TEXT, t))]
    assert found == ["2025-01-15", "2025년 1월 15일", "15.01.2025"]
