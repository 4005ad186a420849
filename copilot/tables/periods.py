"""Time periods in questions -> ISO date ranges: years, months, quarters, relative phrases (EN/KO).

Relative phrases ("this year", "last quarter", "올해") are resolved against ``today``, which the
caller passes (the clock in production, a fixed date in tests), and the answer states the
resolved range so nobody has to guess what "last quarter" meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))


@dataclass(frozen=True)
class Period:
    start: str  # inclusive ISO date
    end: str  # exclusive ISO date
    words: str  # how the answer states it
    span: tuple[int, int]  # where in the question


def _year(y: int) -> tuple[str, str]:
    return f"{y:04d}-01-01", f"{y + 1:04d}-01-01"


def _month(y: int, m: int) -> tuple[str, str]:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return date(y, m, 1).isoformat(), nxt.isoformat()


def _quarter(y: int, q: int) -> tuple[str, str]:
    start = date(y, 3 * (q - 1) + 1, 1)
    end = date(y + (q == 4), (3 * q) % 12 + 1, 1)
    return start.isoformat(), end.isoformat()


def find_periods(question: str, today: date) -> list[Period]:
    """Every period the question names, left to right, without overlaps."""
    q = question.lower()
    found: list[Period] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], start: str, end: str, words: str) -> None:
        if any(m.start() < b and a < m.end() for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(Period(start, end, words, (m.start(), m.end())))

    for m in re.finditer(r"\b(?:between|from)\s+(\d{4})\s+(?:and|to|-)\s+(\d{4})\b"
                         r"|(?<![\d-])(\d{4})\s*(?:-|–|~|to)\s*(\d{4})(?![\d-])", q):
        y1, y2 = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
        if 1900 < y1 <= y2 < 2100:
            add(m, _year(y1)[0], _year(y2)[1], f"{y1}-{y2}")
    for m in re.finditer(r"\bq([1-4])\s*(?:of\s+)?(\d{4})\b|\b(\d{4})\s*q([1-4])\b"
                         r"|(\d{4})년\s*([1-4])\s*분기", q):
        y = int(m.group(2) or m.group(3) or m.group(5))
        n = int(m.group(1) or m.group(4) or m.group(6))
        add(m, *_quarter(y, n), f"Q{n} {y}")
    for m in re.finditer(rf"\b(?:from\s+|between\s+)?({_MONTH_RE})\.?\s+"
                         rf"(?:to|until|through|thru|-|–|and)\s+"
                         rf"(?:(?:the\s+)?(?:end|close)\s+of\s+)?({_MONTH_RE})\.?\s+(\d{{4}})\b", q):
        y, m1, m2 = int(m.group(3)), _MONTHS[m.group(1)], _MONTHS[m.group(2)]
        if m1 <= m2:
            add(m, _month(y, m1)[0], _month(y, m2)[1],
                f"{date(y, m1, 1):%B}–{date(y, m2, 1):%B %Y}")
    for m in re.finditer(rf"\b({_MONTH_RE})\.?\s+(?:of\s+)?(\d{{4}})\b|\b(\d{{4}})-(\d{{2}})(?!-\d)"
                         r"|(\d{4})년\s*(\d{1,2})월", q):
        if m.group(1):
            y, mo = int(m.group(2)), _MONTHS[m.group(1)]
        else:
            y, mo = int(m.group(3) or m.group(5)), int(m.group(4) or m.group(6))
        if 1 <= mo <= 12:
            s, e = _month(y, mo)
            add(m, s, e, f"{date(y, mo, 1):%B %Y}")
    for m in re.finditer(r"\b(first|second|1st|2nd)\s+half\s+(?:of\s+)?(\d{4})\b"
                         r"|\bh([12])\s*(\d{4})\b|(\d{4})\s*h([12])\b|(\d{4})년?\s*(상|하)반기", q):
        g = m.groups()
        y = int(g[1] or g[3] or g[4] or g[6])
        first = (g[0] in ("first", "1st")) if g[0] else (g[2] or g[5]) == "1" if (
            g[2] or g[5]) else g[7] == "상"
        start, end = (_month(y, 1)[0], _month(y, 6)[1]) if first else (
            _month(y, 7)[0], _month(y, 12)[1])
        add(m, start, end, f"{'H1' if first else 'H2'} {y}")
    for m in re.finditer(r"\b(?:since|after|from)\s+(\d{4}-\d{2}-\d{2})\b", q):
        add(m, m.group(1), "9999-12-31", f"since {m.group(1)}")
    for m in re.finditer(r"\bbefore\s+(\d{4})\b", q):
        add(m, "0000-01-01", _year(int(m.group(1)))[0], f"before {m.group(1)}")
    for m in re.finditer(r"(?<![\d-])((?:19|20)\d{2})(?:년|\b)(?![-/.]\d)", q):
        y = int(m.group(1))
        add(m, *_year(y), str(y))
    _relative(q, today, add)
    found.sort(key=lambda p: p.span)
    return found


def _relative(q: str, today: date, add: object) -> None:
    from collections.abc import Callable

    put: Callable[[re.Match[str], str, str, str], None] = add  # type: ignore[assignment]
    qn = (today.month - 1) // 3 + 1
    for m in re.finditer(r"\b(this|current|last|previous|past)\s+(year|quarter|month)\b"
                         r"|올해|금년|작년|지난해|이번\s*분기|지난\s*분기|이번\s*달|지난\s*달", q):
        word = m.group(0)
        last = m.group(1) in ("last", "previous", "past") or word.startswith(("작년", "지난"))
        unit = m.group(2) or ("quarter" if "분기" in word else "month" if "달" in word
                              else "year")
        if unit == "year":
            y = today.year - last
            put(m, *_year(y), f"{y}")
        elif unit == "quarter":
            y, n = (today.year, qn - 1) if last else (today.year, qn)
            if n == 0:
                y, n = y - 1, 4
            put(m, *_quarter(y, n), f"Q{n} {y}")
        else:
            first = today.replace(day=1)
            if last:
                first = (first - timedelta(days=1)).replace(day=1)
            put(m, *_month(first.year, first.month), f"{first:%B %Y}")
    for m in re.finditer(r"\b(?:last|past)\s+(\d+)\s+(months?|days?|years?)\b"
                         r"|최근\s*(\d+)\s*(개월|일|년)", q):
        n = int(m.group(1) or m.group(3))
        unit = (m.group(2) or m.group(4))
        days = n * (30.44 if unit.startswith(("month", "개월")) else
                    365.25 if unit.startswith(("year", "년")) else 1)
        start = today - timedelta(days=round(days))
        put(m, start.isoformat(), (today + timedelta(days=1)).isoformat(),
            f"{start.isoformat()} to {today.isoformat()}")
