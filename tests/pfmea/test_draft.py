"""Draft on the sample plant: every proposed value is cited and the citations resolve."""

from __future__ import annotations

import pytest

from copilot.core.errors import QueryError
from copilot.pfmea.model import RATINGS, TEXT_FIELDS, Draft
from copilot.service import Copilot

pytestmark = pytest.mark.integration
STEP = "OP10 press-fit the output bearing into the housing"


@pytest.fixture(scope="module")
def draft(plant_app: Copilot) -> Draft:
    return plant_app.pfmea.draft(STEP, station="OP10")


def test_rows_come_from_precedent_and_station_evidence(draft: Draft) -> None:
    assert draft.station == "OP10" and draft.assets == ("PRS-01",)
    assert 5 <= len(draft.rows) <= 10
    assert {r.basis for r in draft.rows} == {"precedent", "no precedent"}
    modes = " ".join(r.failure_mode.value for r in draft.rows).lower()
    assert "bearing" in modes and "force" in modes
    assert any("Rev D" in c.locator for c in draft.context)  # WI parameters / warnings


def test_no_uncited_field_and_citations_resolve(plant_app: Copilot, draft: Draft) -> None:
    ids = set()
    for row in draft.rows:
        for name in TEXT_FIELDS:
            field = row.text(name)
            assert not field.value or field.sources, (name, field)
            ids |= {c.chunk_id for c in field.sources}
        for name in RATINGS:
            rating = row.rating(name)
            assert rating.justification
            assert rating.value is None or rating.sources, (name, rating)
            ids |= {c.chunk_id for c in rating.sources}
        assert row.failure_mode.value
    found = plant_app.catalog.get_chunks(sorted(ids))
    assert set(found) == ids
    kinds = {c.kind for c in found.values()}
    assert kinds == {"pfmea", "work_instruction", "maintenance_log"}


def test_precedent_rows_cite_sheet_and_row(draft: Draft) -> None:
    row = next(r for r in draft.rows if r.basis == "precedent")
    loc = row.failure_mode.sources[0].locator
    assert "sheet 'PFMEA OP10-OP30' row" in loc
    assert row.ap in ("H", "M", "L") and row.rpn


def test_occurrence_uses_work_orders_or_says_there_are_none(draft: Draft) -> None:
    texts = [r.occurrence.justification for r in draft.rows]
    assert any("work orders" in t and "OP10" in t for t in texts)
    for row in draft.rows:
        t = row.occurrence.justification
        assert "work orders" in t or "no maintenance history found" in t
        if "work orders (" in t:
            assert all(c.kind == "maintenance_log" for c in row.occurrence.sources)


def test_no_precedent_rows_have_no_made_up_ratings(draft: Draft) -> None:
    for row in (r for r in draft.rows if r.basis == "no precedent"):
        assert row.detection.value is None
        assert not row.prevention_control.value and not row.detection_control.value


def test_codes_are_adapted_to_the_target_station(plant_app: Copilot) -> None:
    d = plant_app.pfmea.draft("OP10 gear press force monitoring", station="OP10", limit=10)
    adapted = [r for r in d.rows for n in TEXT_FIELDS if "adapted" in r.text(n).note]
    for row in adapted:
        assert "PRS-02" not in row.cause.value and "OP20" not in row.failure_mode.value


@pytest.mark.parametrize("step", ["", "   "])
def test_empty_step_is_a_clear_error(plant_app: Copilot, step: str) -> None:
    with pytest.raises(QueryError, match="process step text is empty"):
        plant_app.pfmea.draft(step)
