"""Station and asset codes: one rule for converters, follow-up questions and filters."""

from __future__ import annotations

import pytest

from copilot.answering.condense import condense
from copilot.core.lexicon.codes import ASSET, normalize_codes, station_of, stations_in
from copilot.core.types import Scalar

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("text", "station"), [
    ("OP-10 Bearing press-fit", "OP10"),
    ("Station: op 30", "OP30"),
    ("WI-OP30-001", "OP30"),
    ("OP - 40 가스켓 장착", "OP40"),  # spaced hyphen, Korean step text
    ("공정 OP20 실런트 도포", "OP20"),
    ("op40a", "OP40A"),  # sub-station letter kept, upper-cased
    ("OP1000", "OP1000"),
    ("TOP10 list", None),  # not at a word start
    ("operation 10", None),
    ("", None),
])
def test_station_of(text: str, station: str | None) -> None:
    assert station_of(text) == station


def test_station_of_takes_the_first_text_that_has_one() -> None:
    assert station_of(None, "Bearing press-fit", "sheet OP60") == "OP60"
    assert station_of("OP10 and OP20") == "OP10"


def test_stations_in_lists_every_code_as_stored() -> None:
    assert stations_in("OP-10, op 20 / OP30B") == ["OP10", "OP20", "OP30B"]
    assert stations_in("공정: OP10, OP20") == ["OP10", "OP20"]
    assert stations_in("no station here") == []


def test_asset_tags() -> None:
    assert ASSET.findall("PRS-02 leaks, CNV-11 too; not prs-02 or PRESS-2") == ["PRS-02", "CNV-11"]


def test_normalize_codes_upper_cases_code_fields_only() -> None:
    fields: dict[str, Scalar] = {"station": "op20", "asset": "prs-02", "doc_title": "op20 manual", "part": 3}
    assert normalize_codes(fields) == {"station": "OP20", "asset": "PRS-02",
                                       "doc_title": "op20 manual", "part": 3}


def test_follow_up_replaces_the_station_with_the_kernel_rule() -> None:
    assert condense("and for op 40?", ["OP30 housing bolts - what torque?"]) == (
        "OP40 housing bolts - what torque?")
    assert condense("그럼 OP20?", ["OP-30 토크 값은?"]) == "OP20 토크 값은?"
    assert condense("and PRS-03?", ["PRS-02 downtime last month"]) == "PRS-03 downtime last month"
