"""AP table cell by cell, written from the AIAG-VDA FMEA Handbook (2019) PFMEA AP table."""

from __future__ import annotations

import pytest

from copilot.pfmea.ap import action_priority, occurrence_from_count, rpn

pytestmark = pytest.mark.unit

# The handbook's table as printed: severity band, occurrence band, then AP for the detection
# bands D 7-10 | 5-6 | 2-4 | 1.
PUBLISHED = [
    ((9, 10), (8, 10), "H H H H"), ((9, 10), (6, 7), "H H H H"), ((9, 10), (4, 5), "H H H M"),
    ((9, 10), (2, 3), "H M L L"), ((9, 10), (1, 1), "L L L L"),
    ((7, 8), (8, 10), "H H H H"), ((7, 8), (6, 7), "H H H M"), ((7, 8), (4, 5), "H M M M"),
    ((7, 8), (2, 3), "M M L L"), ((7, 8), (1, 1), "L L L L"),
    ((4, 6), (8, 10), "H H M M"), ((4, 6), (6, 7), "M M M L"), ((4, 6), (4, 5), "M L L L"),
    ((4, 6), (2, 3), "L L L L"), ((4, 6), (1, 1), "L L L L"),
    ((2, 3), (8, 10), "M M L L"), ((2, 3), (6, 7), "L L L L"), ((2, 3), (4, 5), "L L L L"),
    ((2, 3), (2, 3), "L L L L"), ((2, 3), (1, 1), "L L L L"),
    ((1, 1), (8, 10), "L L L L"), ((1, 1), (6, 7), "L L L L"), ((1, 1), (4, 5), "L L L L"),
    ((1, 1), (2, 3), "L L L L"), ((1, 1), (1, 1), "L L L L"),
]
D_BANDS = ((7, 10), (5, 6), (2, 4), (1, 1))


def _cases() -> list[tuple[int, int, int, str]]:
    out = []
    for (s_lo, s_hi), (o_lo, o_hi), aps in PUBLISHED:
        for (d_lo, d_hi), ap in zip(D_BANDS, aps.split(), strict=True):
            out += [(s, o, d, ap) for s in range(s_lo, s_hi + 1) for o in range(o_lo, o_hi + 1)
                    for d in range(d_lo, d_hi + 1)]
    return out


def test_published_table_covers_every_combination() -> None:
    cases = _cases()
    assert len(cases) == 1000
    assert len({c[:3] for c in cases}) == 1000


def test_every_cell_matches_the_published_table() -> None:
    wrong = [(s, o, d, ap, action_priority(s, o, d)) for s, o, d, ap in _cases()
             if action_priority(s, o, d) != ap]
    assert wrong == []


@pytest.mark.parametrize(("s", "o", "d", "ap"), [
    (9, 4, 5, "H"), (9, 4, 1, "M"), (10, 2, 3, "L"), (8, 6, 5, "H"),  # sample-plant spot checks
    (8, 6, 6, "H"), (9, 3, 7, "H"), (5, 7, 4, "M"), (8, 2, 6, "M"),
])
def test_sample_plant_rows(s: int, o: int, d: int, ap: str) -> None:
    assert action_priority(s, o, d) == ap


def test_rpn_and_invalid_ratings() -> None:
    assert rpn(9, 4, 5) == 180
    for bad in ((0, 1, 1), (1, 11, 1), (1, 1, -2)):
        with pytest.raises(ValueError, match="1-10"):
            action_priority(*bad)
        with pytest.raises(ValueError, match="1-10"):
            rpn(*bad)


def test_occurrence_from_count_is_monotonic() -> None:
    assert occurrence_from_count(0) is None
    ratings = [occurrence_from_count(n) for n in range(1, 80)]
    assert ratings == sorted(ratings)  # type: ignore[type-var]
    assert ratings[0] == 3 and ratings[-1] == 9

