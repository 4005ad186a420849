"""The blind sets stay frozen, and the report names every column it promises."""

from __future__ import annotations

import pytest

from evals.blind_report import COLS, SETS, frozen_ok, markdown

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", SETS)
def test_blind_set_is_still_the_frozen_one(name: str) -> None:
    assert frozen_ok(name), f"evals/blind/{name}.jsonl changed after it was frozen"


def test_markdown_has_our_figures_beside_the_naive_peer() -> None:
    text = markdown({"fmea": {"n": 30, "exact_answer_rate": 0.7, "naive_exact": 0.5}})
    head, _, row = text.splitlines()
    assert head.count("|") == len(COLS) + 2
    assert "naive exact" in head and row.startswith("| fmea | 30 | 0.7 | 0.5 |")
