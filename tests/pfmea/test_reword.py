"""Rewording by a capable model keeps only wording verified against the precedent row."""

from __future__ import annotations

import pytest

from copilot.pfmea.model import Draft, DraftField, DraftRow, Rating
from copilot.pfmea.reword import reword_draft
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.unit


def test_reword_keeps_only_verified_wording() -> None:
    none = Rating(None, "-")
    row = DraftRow(DraftField(), DraftField("Bearing cocked during press-fit"), DraftField(),
                   DraftField("Mandrel worn"), DraftField(), DraftField(), none, none, none,
                   "precedent")
    draft = Draft("OP10 press-fit bearing", "OP10", (), None, (row,))
    ok = reword_draft(draft, ScriptedGenerator("Bearing cocked in press-fit"))
    assert ok.rows[0].failure_mode.value == "Bearing cocked in press-fit"
    invented = reword_draft(draft, ScriptedGenerator("Spindle overheating at 70 C"))
    assert invented.rows[0].failure_mode.value == "Bearing cocked during press-fit"
    small = ScriptedGenerator("x")
    small.capable = False
    assert "too small" in reword_draft(draft, small).notes[-1]
