"""Rewording by a capable model keeps only wording verified against the precedent row."""

from __future__ import annotations

import pytest

from copilot.pfmea import PfmeaAssistant
from copilot.pfmea.model import Draft, DraftField, DraftRow, Rating
from copilot.pfmea.reword import reword_draft
from copilot.service import Copilot
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


@pytest.mark.integration
def test_model_pfmea_reword_switch_sets_the_default(plant_app: Copilot) -> None:
    # COPILOT_MODEL_PFMEA_REWORD=1: drafts are reworded unless the call says reword=False
    gen = ScriptedGenerator("Bearing cocked")
    on = PfmeaAssistant(plant_app.catalog_view, lambda scope: plant_app.retriever,
                        lambda: gen, reword=True)
    on.draft("OP10 press-fit the output bearing into the housing", station="OP10")
    assert gen.prompts
    gen.prompts.clear()
    on.draft("OP10 press-fit the output bearing into the housing", station="OP10", reword=False)
    off = PfmeaAssistant(plant_app.catalog_view, lambda scope: plant_app.retriever, lambda: gen)
    off.draft("OP10 press-fit the output bearing into the housing", station="OP10")
    assert gen.prompts == []
