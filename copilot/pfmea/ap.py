"""AIAG-VDA FMEA Handbook (2019) Action Priority for PFMEA, and the classic RPN.

AP is a lookup, not a product: severity, occurrence and detection each fall into a band and the
(S band, O band) row gives one priority per detection band. The table below is the handbook's
PFMEA/DFMEA AP table row by row; ``tests/pfmea/test_ap.py`` checks it cell by cell.
"""

from __future__ import annotations

from typing import Literal

Priority = Literal["H", "M", "L"]
S_BANDS = ((9, 10), (7, 8), (4, 6), (2, 3), (1, 1))
O_BANDS = ((8, 10), (6, 7), (4, 5), (2, 3), (1, 1))
D_BANDS = ((7, 10), (5, 6), (2, 4), (1, 1))
# (S band, O band) -> priorities for D 7-10, 5-6, 2-4, 1
_TABLE: dict[tuple[int, int], str] = {
    (0, 0): "HHHH", (0, 1): "HHHH", (0, 2): "HHHM", (0, 3): "HMLL", (0, 4): "LLLL",  # S 9-10
    (1, 0): "HHHH", (1, 1): "HHHM", (1, 2): "HMMM", (1, 3): "MMLL", (1, 4): "LLLL",  # S 7-8
    (2, 0): "HHMM", (2, 1): "MMML", (2, 2): "MLLL", (2, 3): "LLLL", (2, 4): "LLLL",  # S 4-6
    (3, 0): "MMLL", (3, 1): "LLLL", (3, 2): "LLLL", (3, 3): "LLLL", (3, 4): "LLLL",  # S 2-3
    (4, 0): "LLLL", (4, 1): "LLLL", (4, 2): "LLLL", (4, 3): "LLLL", (4, 4): "LLLL",  # S 1
}


def valid_rating(value: object) -> bool:
    """True for a whole-number rating 1..10 (bools are not ratings)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10


def _band(value: int, bands: tuple[tuple[int, int], ...], name: str) -> int:
    if not valid_rating(value):
        raise ValueError(f"{name} must be a whole number 1-10 (got {value!r})")
    return next(i for i, (lo, hi) in enumerate(bands) if lo <= value <= hi)


def action_priority(severity: int, occurrence: int, detection: int) -> Priority:
    """H / M / L per the AIAG-VDA 2019 PFMEA action priority table."""
    row = _TABLE[(_band(severity, S_BANDS, "severity"), _band(occurrence, O_BANDS, "occurrence"))]
    ap = row[_band(detection, D_BANDS, "detection")]
    return "H" if ap == "H" else "M" if ap == "M" else "L"


def rpn(severity: int, occurrence: int, detection: int) -> int:
    """Risk priority number S x O x D (AIAG 4th edition), shown beside AP for familiarity."""
    for name, value in (("severity", severity), ("occurrence", occurrence),
                        ("detection", detection)):
        _band(value, ((1, 10),), name)
    return severity * occurrence * detection


def occurrence_from_count(count: int) -> int | None:
    """Suggested O for ``count`` matching corrective work orders in 24 months (None for 0).

    A plant rule of thumb, not the handbook's (which rates prevention controls): roughly one
    step per doubling of the failure frequency, from O 3 for a single event to O 9 above 50.
    """
    if count <= 0:
        return None
    for limit, rating in ((1, 3), (3, 4), (6, 5), (12, 6), (24, 7), (50, 8)):
        if count <= limit:
            return rating
    return 9
