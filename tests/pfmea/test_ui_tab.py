"""PFMEA tab: the handlers over the real service, and the tab in the built UI."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest
from openpyxl import load_workbook

from copilot.pfmea.ap import action_priority
from copilot.pfmea.model import RATINGS, TEXT_FIELDS
from copilot.service import Copilot
from evals.pfmea_loo import WORKBOOK_A
from ingestion.base import SourceFile
from ingestion.pfmea import PfmeaConverter
from ui.app import build_ui
from ui.pfmea_tab import PfmeaHandlers, RowsView
from ui.session import Session

pytestmark = pytest.mark.integration


def _editor(view: RowsView) -> list[object]:
    row = view.rows[view.selected]
    return [*(row.text(n).value for n in TEXT_FIELDS),
            *(str(row.rating(n).value or "") for n in RATINGS)]


def test_draft_edit_reject_export_and_review(plant_app: Copilot, tmp_path: Path) -> None:
    h = PfmeaHandlers(plant_app)
    session = Session()
    out = h.draft("OP10 press-fit the output bearing into the housing", "OP10", session)
    view, cards, sources = out[0], out[1], out[3]
    assert isinstance(view, RowsView) and len(view.rows) >= 2 and "row" in sources
    assert cards.count('class="fc-pf-card fc-pf-proposed') == len(view.rows)
    values = _editor(view)
    values[TEXT_FIELDS.index("cause")] = "Mandrel worn (edited)"
    values[len(TEXT_FIELDS)] = "9"  # S
    values[len(TEXT_FIELDS) + 1] = "8"  # O
    values[len(TEXT_FIELDS) + 2] = "7"  # D
    view, cards, _, live = h.apply(view, session, *values)
    assert view.decisions[0] == "edited" and "AP H" in live and "RPN 504" in live
    assert view.rows[0].ap == action_priority(9, 8, 7) == "H"
    h.pick(view, "1", session)
    view, cards, _, _ = h.apply(view, session, *_editor(view), decision="rejected")
    assert 'fc-pf-card fc-pf-rejected' in cards
    path = Path(h.export(view, session))
    records = PfmeaConverter().convert(SourceFile(path, path.name)).records
    assert len(records) == len(view.rows) - 1  # the rejected row is not exported
    assert records[0].fields["cause"] == "Mandrel worn (edited)"
    assert records[0].fields["severity"] == 9
    assert str(records[0].fields["ap"]) == "H"  # the same AP as on screen
    text, files = h.review(str(WORKBOOK_A), session)
    assert "high_risk_no_action" in text and "](<" in text  # evidence linked to its source
    assert sorted(Path(f).suffix for f in files) == [".md", ".xlsx"]
    sheet = load_workbook(files[1] if files[1].endswith(".xlsx") else files[0]).active
    assert sheet is not None and any(
        c.value == "high_risk_no_action" for line in sheet.iter_rows() for c in line)
    with pytest.raises(gr.Error, match="empty"):
        h.draft("  ", "", session)


def test_tab_is_in_the_ui(plant_app: Copilot) -> None:
    demo = build_ui(plant_app)
    labels = {getattr(b, "label", None) for b in demo.blocks.values()}
    assert "PFMEA" in labels
