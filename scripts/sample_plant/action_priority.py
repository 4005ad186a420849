"""AIAG-VDA FMEA Handbook (1st ed., 2019) action priority, kept apart from copilot.pfmea.ap.

The generator has its own copy on purpose: the sample workbooks are the ground truth the
copilot's AP code is tested against, so they must not inherit a bug from it.
"""

from __future__ import annotations

# Rows: severity band x occurrence band; columns: detection bands D 7-10, 5-6, 2-4, 1.
_S_BANDS = ((9, 10), (7, 8), (4, 6), (2, 3), (1, 1))
_O_BANDS = ((8, 10), (6, 7), (4, 5), (2, 3), (1, 1))
_D_BANDS = ((7, 10), (5, 6), (2, 4), (1, 1))
_AP_TABLE: dict[tuple[int, int], str] = {
    # S 9-10
    (0, 0): "HHHH",
    (0, 1): "HHHH",
    (0, 2): "HHHM",
    (0, 3): "HMLL",
    (0, 4): "LLLL",
    # S 7-8
    (1, 0): "HHHH",
    (1, 1): "HHHM",
    (1, 2): "HMMM",
    (1, 3): "MMLL",
    (1, 4): "LLLL",
    # S 4-6
    (2, 0): "HHMM",
    (2, 1): "MMML",
    (2, 2): "MLLL",
    (2, 3): "LLLL",
    (2, 4): "LLLL",
    # S 2-3
    (3, 0): "MMLL",
    (3, 1): "LLLL",
    (3, 2): "LLLL",
    (3, 3): "LLLL",
    (3, 4): "LLLL",
    # S 1
    (4, 0): "LLLL",
    (4, 1): "LLLL",
    (4, 2): "LLLL",
    (4, 3): "LLLL",
    (4, 4): "LLLL",
}


def _band(value: int, bands: tuple[tuple[int, int], ...]) -> int:
    for i, (lo, hi) in enumerate(bands):
        if lo <= value <= hi:
            return i
    raise ValueError(f"rating {value} outside 1..10")


def action_priority(s: int, o: int, d: int) -> str:
    """AIAG-VDA 2019 action priority (H/M/L) for severity, occurrence, detection."""
    return _AP_TABLE[(_band(s, _S_BANDS), _band(o, _O_BANDS))][_band(d, _D_BANDS)]


def check_ap_table() -> None:
    """AP never drops when S, O or D rises; spot checks against the handbook."""
    rank = {"L": 0, "M": 1, "H": 2}
    for s in range(1, 11):
        for o in range(1, 11):
            for d in range(1, 11):
                ap = rank[action_priority(s, o, d)]
                if s < 10:
                    assert ap <= rank[action_priority(s + 1, o, d)]
                if o < 10:
                    assert ap <= rank[action_priority(s, o + 1, d)]
                if d < 10:
                    assert ap <= rank[action_priority(s, o, d + 1)]
    assert action_priority(9, 4, 5) == "H" and action_priority(9, 4, 1) == "M"
    assert action_priority(10, 2, 3) == "L" and action_priority(8, 6, 5) == "H"
