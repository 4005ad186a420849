"""Dates as plants write them: ISO, Korean (2025년 6월 2일), German (02.06.2025), US (6/2/25),
month names, compact (20250602), Excel serials. ``parse_date`` reads a whole cell;
``date_in`` finds a date inside free text; ``DATE_TEXT`` is the pattern title rows search for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from copilot.core.types import iso

DateCell = str | int | float | date | None

# year, month, day in ISO / dotted / slashed / Korean order: 2025-06-02, 2025.6.2, 2025년 6월 2일
_YMD = r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})"
_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_CELL_YMD = re.compile(_YMD + r"\s*[.일]?" + _TIME)
_DMY = re.compile(r"(\d{1,2})\s*([-./])\s*(\d{1,2})\s*[-./]\s*(\d{4})" + _TIME)
_SHORT_YEAR = re.compile(r"(\d{1,2})\s*([-/])\s*(\d{1,2})\s*[-/]\s*(\d{2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_TEXT_DATES = ("%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d, %Y", "%d %B %Y", "%B %d, %Y")
_EXCEL_EPOCH = datetime(1899, 12, 30)
# A date as written inside title text ("last updated 2025-01-15", "Stand 15.01.2025").
DATE_TEXT = r"(" + _YMD.replace("(", "(?:") + r"\s*일?|\d{1,2}\.\d{1,2}\.\d{4})"
_FREE_YMD = re.compile(_YMD)
_FREE_DMY = re.compile(r"(\d{1,2})[\s.-]+([A-Za-z]{3,9})\.?[\s,.-]+(\d{4})")
_FREE_MDY = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_MONTHS = {m: n for n, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def parse_date(value: DateCell, day_first: bool | None = None) -> str | None:
    """An ISO date (or date-time) from ISO/Korean/German/US text, datetimes or Excel serials."""
    if isinstance(value, date):
        return iso(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if m := _CELL_YMD.fullmatch(text):
            return _iso(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
        if m := _DMY.fullmatch(text):
            a, b = int(m[1]), int(m[3])
            first_is_day = m[2] == "." or a > 12 or (day_first is True and b <= 12)
            day, month = (a, b) if first_is_day else (b, a)
            return _iso(int(m[4]), month, day, m[5], m[6], m[7])
        if _COMPACT.fullmatch(text) or _SERIAL.fullmatch(text):
            return _from_number(float(text))
        if m := _SHORT_YEAR.fullmatch(text):  # US exports: "4/6/16 14:00" (M/D/YY)
            a, b = int(m[1]), int(m[3])
            day, month = (a, b) if a > 12 or (day_first is True and b <= 12) else (b, a)
            year = int(m[4]) + (2000 if int(m[4]) < 70 else 1900)
            return _iso(year, month, day, m[5], m[6], m[7])
    except ValueError:
        return None
    for fmt in _TEXT_DATES:
        try:
            return iso(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def guess_day_first(values: Iterable[DateCell]) -> bool | None:
    """For a column of "a/b/yyyy" (or "a/b/yy") dates: True if some a > 12, False if some b > 12."""
    for value in values:
        if not isinstance(value, str):
            continue
        m = _DMY.fullmatch(value.strip()) or _SHORT_YEAR.fullmatch(value.strip())
        if m and m[2] != ".":
            if int(m[1]) > 12:
                return True
            if int(m[3]) > 12:
                return False
    return None


def date_in(text: str) -> str | None:
    """The first ISO date written in ``text``: 2025-06-02, 2025.6.2, 2025년 6월 2일, 2 June 2025,
    June 2, 2025."""
    if m := _FREE_YMD.search(text):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _FREE_DMY.search(text)
    if m and m.group(2)[:3].lower() in _MONTHS:
        return _day(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
    m = _FREE_MDY.search(text)
    if m and m.group(1)[:3].lower() in _MONTHS:
        return _day(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    return None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso(year: int, month: int, day: int, hh: str | None, mm: str | None, ss: str | None) -> str:
    stamp = datetime(year, month, day, int(hh or 0), int(mm or 0), int(ss or 0))
    return iso(stamp) or ""


def _from_number(number: float) -> str | None:
    if 19000101 <= number <= 21001231 and number.is_integer():
        text = str(int(number))
        try:
            return _iso(int(text[:4]), int(text[4:6]), int(text[6:]), None, None, None)
        except ValueError:
            return None
    if 10000 <= number < 2958466:  # Excel serial day number (1900 date system), 1927 onwards
        return iso(_EXCEL_EPOCH + timedelta(days=number))
    return None
