"""PFMEA tab: the handlers over the real service, and the tab in the built UI."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from copilot.service import Copilot
from evals.pfmea_loo import WORKBOOK_A
from ingestion.base import SourceFile
from ingestion.pfmea import PfmeaConverter
from ui.app import build_ui
from ui.pfmea_tab import COLUMNS, PfmeaHandlers

pytestmark = pytest.mark.integration


def test_draft_edit_reject_export_and_review(plant_app: Copilot) -> None:
    h = PfmeaHandlers(plant_app)
    table, sources, draft = h.draft("OP10 press-fit the output bearing into the housing", "OP10")
    assert len(table) == len(draft.rows) and "row" in sources
    table[0][COLUMNS.index("Cause")] = "Mandrel worn (edited)"
    table[0][COLUMNS.index("S")] = 9
    table[1][0] = "reject"
    path = Path(h.export(table, draft))
    records = PfmeaConverter().convert(SourceFile(path, path.name)).records
    assert len(records) == len(draft.rows) - 1
    assert records[0].fields["cause"] == "Mandrel worn (edited)"
    assert records[0].fields["severity"] == 9
    assert "high_risk_no_action" in h.review(str(WORKBOOK_A))
    with pytest.raises(gr.Error, match="empty"):
        h.draft("  ", "")


def test_tab_is_in_the_ui(plant_app: Copilot) -> None:
    demo = build_ui(plant_app)
    labels = {getattr(b, "label", None) for b in demo.blocks.values()}
    assert "PFMEA" in labels
