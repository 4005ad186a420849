"""The blind sets stay frozen, and the report names every column it promises."""

from __future__ import annotations

import pytest

from evals.blind_report import BLIND, COLS, SETS, expected_routes, frozen_ok, markdown

pytestmark = pytest.mark.unit


BLIND2 = BLIND.parent / "blind2"


@pytest.mark.parametrize("name", SETS)
def test_blind_set_is_still_the_frozen_one(name: str) -> None:
    assert frozen_ok(name), f"evals/blind/{name}.jsonl changed after it was frozen"


@pytest.mark.parametrize("name", sorted(p.stem for p in BLIND2.glob("*.jsonl")))
def test_second_blind_set_is_still_the_frozen_one(name: str) -> None:
    assert frozen_ok(name, BLIND2), f"evals/blind2/{name}.jsonl changed after it was frozen"


def test_markdown_has_our_figures_beside_the_naive_peer() -> None:
    text = markdown({"fmea": {"n": 30, "exact_answer_rate": 0.7, "naive_exact": 0.5}})
    head, _, row = text.splitlines()
    assert head.count("|") == len(COLS) + 2
    assert "naive exact" in head and row.startswith("| fmea | 30 | 0.7 | 0.5 |")


@pytest.mark.parametrize(("raw", "want"), [
    ({"source": "excavator-work-orders/case_study_pdl.csv", "category": "count"},
     {"table", "both"}),
    ({"source": "uwa-fmea/fmea_dataset_filled.csv row 136", "category": "lookup"}, None),
    ({"source": "work_instructions/WI-OP10-001_Output_Bearing_Press-Fit_RevD.pdf, Step 13",
      "category": "value"}, {"documents", "both"}),
    ({"source": "", "category": "lookup", "answerable": False}, None),
])
def test_route_is_judged_from_source_and_category(raw: dict[str, object],
                                                  want: set[str] | None) -> None:
    got = expected_routes(raw)
    assert (got is None) if want is None else (got == want)


BLIND3 = BLIND.parent / "blind3"


@pytest.mark.parametrize("name", sorted(p.stem for p in BLIND3.glob("*.jsonl")))
def test_third_blind_set_is_still_the_frozen_one(name: str) -> None:
    assert frozen_ok(name, BLIND3), f"evals/blind3/{name}.jsonl changed after it was frozen"
