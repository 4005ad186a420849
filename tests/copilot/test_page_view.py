"""A cited PDF passage found and marked on its page, rendered locally (the sample lockout WI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.page_view import page_view

pytestmark = pytest.mark.unit

LOTO = (Path(__file__).resolve().parents[2] / "sample_docs" / "work_instructions"
        / "WI-MNT-001_LOTO_Press_Maintenance_RevB.pdf")
STEP_8 = ("Step 8: PRS-02: wait at least 10 minutes after switch-off, then measure the DC bus "
          "voltage at DC+ / DC- (test the tester on a known source before and after). It must "
          "be below 50 V DC.\nDANGER: The PRS-02 servo drive DC bus can hold up to 560 V DC for "
          "up to 10 minutes after switch-off. Do not open the drive cabinet before the voltage "
          "has been measured.")


def test_the_passage_is_marked_line_by_line_on_its_page() -> None:
    view = page_view(LOTO, 2, STEP_8)
    assert view is not None and view.page == 2
    assert view.png.startswith(b"\x89PNG") and len(view.png) < 250_000
    assert len(view.marks) >= 3  # the step's two lines and the warning printed above it
    tops = [top for _, top, _, _ in view.marks]
    assert tops == sorted(tops) and all(0.3 < top < 0.7 for top in tops)
    assert all(left >= 0 and left + width <= 1 and 0 < height < 0.03
               for left, _, width, height in view.marks)


def test_a_passage_not_on_the_page_gets_no_marks_and_bad_pages_no_view(tmp_path: Path) -> None:
    assert page_view(LOTO, 1, STEP_8) is not None and not page_view(LOTO, 1, "Zebra " * 8).marks
    assert page_view(LOTO, 99, STEP_8) is None
    assert page_view(tmp_path / "gone.pdf", 1, STEP_8) is None
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert page_view(broken, 1, STEP_8) is None
