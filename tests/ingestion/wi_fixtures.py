"""Small work-instruction fixtures written into tmp_path (python-docx / fpdf2 / plain text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MD = """\
---
title: ignored front matter
---
# WORK INSTRUCTION - Cover fitting

Document No.: WI-T-010
Title: Cover fitting on test housing
Revision: B
Effective date: 2025-03-04
Station: OP30
Supersedes: Rev A (2024-01-02)

## 1. Purpose

Defines how the **cover** is fitted.

## 4. Procedure

1. Clean the flange with IPA.
   - use lint-free wipes
   - wait 1 minute
2. Place the cover on the dowel pins.

WARNING: Pinch point between cover and housing.

3. Tighten the four M6 bolts to 10 Nm as in the table below:

| Bolt | Torque |
|---|---|
| 1-4 | 10 Nm |

Note:

Use the click wrench TW-06 only.

4. Mark the bolt heads.

CAUTION: Paint is flammable.

## 5. Records

- QF-30-09 check sheet
"""

TXT = """\
WORK INSTRUCTION
Document No.: WI-T-020    Revision: D    Effective: 2024.11.05
Title: Pallet strapping
Station: OP60

1. Purpose
----------
Strapping of finished pallets.

4. Procedure
------------
Step 1: Put the lid on the pallet and check that
        all 8 units are seated.

DANGER: Strap tension can cut fingers.

Step 2: Fit 2 straps at 1500 N.
  - check the strap seal

+-------+-------+
| Strap | Force |
+=======+=======+
| 1     | 1500 N|
+-------+-------+

Step 3: Print and attach the pallet label.

LOCKOUT: Stop ROB-60 before entering the cell.
"""

HTML = """\
<html><head><title>WI-T-030</title><script>var x = "Step 9: never";</script></head><body>
<h1>WORK INSTRUCTION - Oil fill</h1>
<p>Document No.: WI-T-030</p><p>Revision: A</p><p>Effective date: 20 January 2025</p>
<p>Station: OP50</p>
<h2>3. Tools and materials</h2>
<ul><li>Oil filler OFL-50</li><li>Torque wrench TW-12</li></ul>
<h2>4. Procedure</h2>
<ol>
<li>Position the unit under the fill head.</li>
<li>Fill 1.20 L of EF-3.<ul><li>check the volume on the HMI</li></ul></li>
<li>Fit the plug and tighten to 35 Nm.</li>
</ol>
<p><b>CAUTION:</b> Always use a new washer.</p>
<table><caption>Table 1 - Parameters</caption>
<tr><th>Parameter</th><th>Value</th></tr><tr><td>Fill volume</td><td>1.20 L</td></tr></table>
</body></html>
"""

KO_TXT = """\
문서번호: WI-T-040
제목: 실런트 도포
개정: C
시행일: 2025년 4월 1일
공정: OP30

1. 목적
실런트 도포 방법을 정한다.

4. 작업 순서
① 플랜지면을 IPA로 탈지한다.
경고: 로봇 작동 중 도어를 열지 않는다.
② 도포 사이클을 시작한다.
③ 비드 폭 3.0 mm를 확인한다.
주의: 맨손으로 플랜지면을 만지지 않는다.
"""


def write_docx(path: Path, repeat: int = 1) -> Path:
    """Word WI: key/value header table, Heading styles, auto-numbered steps (``repeat`` sections)."""
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Hanbit | WI-T-001 Rev C | CONTROLLED"
    d.add_paragraph("WORK INSTRUCTION - Bolt tightening", style="Title")
    table = d.add_table(rows=4, cols=2)
    for row, (key, value) in zip(table.rows, [("Document No.", "WI-T-001"), ("Revision", "C"),
                                              ("Effective date", "2025-06-02"),
                                              ("Station", "OP30")], strict=True):
        row.cells[0].text, row.cells[1].text = key, value
    d.add_heading("1. Purpose", level=1)
    d.add_paragraph("Defines the tightening of the M8 housing bolts.")
    d.add_heading("2. Safety and PPE", level=1)
    d.add_paragraph("Safety shoes and glasses.", style="List Bullet")
    for n in range(repeat):
        d.add_heading("4. Procedure" if n == 0 else f"{n + 5}. Procedure part {n + 1}", level=1)
        _docx_steps(d)
    d.add_heading("5. Records", level=1)
    d.add_paragraph("Torque values are stored in MES.")
    d.save(str(path))
    return path


def _docx_steps(d: Any) -> None:
    d.add_paragraph("Start the 12 bolts by hand.", style="List Number")
    d.add_paragraph("WARNING: Keep fingers away from the spindles.")
    d.add_paragraph("Tighten all bolts to 25 Nm in the cross pattern.", style="List Number")
    d.add_paragraph("Use the cross pattern from the table:", style="List Number")
    spec = d.add_table(rows=2, cols=2)
    for r, cells in enumerate([("Bolt", "Sequence"), ("1-12", "1-7-4-10")]):
        for c, text in enumerate(cells):
            spec.cell(r, c).text = text
    d.add_paragraph("Mark the bolt heads.", style="List Number")
    d.add_paragraph("CAUTION: Do not re-use bolts.")


def write_pdf(path: Path, pages: int = 2) -> Path:
    """fpdf2 WI: running header/footer, bold headings, Step N lines, a ruled table."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "WI-T-002 Rev B - Press-fit", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Page {self.page_no()} of {pages}")

    pdf = Doc()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 10, "WORK INSTRUCTION - Bearing press-fit", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in ("Document No.: WI-T-002", "Revision: B", "Effective date: 2024-09-16",
                 "Station: OP10"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    _pdf_heading(pdf, "1. Purpose")
    pdf.multi_cell(0, 6, "Cold press the bearing into the housing.", new_x="LMARGIN",
                   new_y="NEXT")
    _pdf_heading(pdf, "4. Procedure")
    step = 0
    for page in range(1, pages + 1):
        if page > 1:
            pdf.add_page()
        for _ in range(4):
            step += 1
            if step == 3:
                _pdf_text(pdf, "WARNING: Keep hands out of the light curtain.")
            _pdf_text(pdf, f"Step {step}: Press the bearing to 32.50 mm and check the force "
                           f"window 18-24 kN for part {step}.")
    with pdf.table() as table:
        for cells in (("Parameter", "Value"), ("Final force", "18-24 kN")):
            row = table.row()
            for text in cells:
                row.cell(text)
    pdf.output(str(path))
    return path


def _pdf_heading(pdf: Any, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)


def _pdf_text(pdf: Any, text: str) -> None:
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def write_scanned_pdf(path: Path) -> Path:
    """A PDF page with drawing only, no text layer (what a scan looks like to us)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def write_encrypted_pdf(source: Path, path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(source))
    writer.encrypt("secret", algorithm="AES-128")
    writer.write(str(path))
    return path
