"""Work instruction as a PDF (fpdf2 core fonts), with a running header and 'Page X of Y' footer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..common import COMPANY, FIXED_DOC_TIME, PLANT
from ..wi_model import (
    Bullets,
    Heading,
    Item,
    NumberedStep,
    Paragraph,
    SafetyKind,
    SafetyNote,
    Table,
    WorkInstruction,
    laid_out,
)

if TYPE_CHECKING:
    from fpdf import FPDF

# the core fonts are Latin-1 only
_SUBS = {
    "–": "-",
    "—": "-",
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "Ω": "Ohm",
    "…": "...",
}
FILLS: dict[SafetyKind, tuple[int, int, int]] = {
    "DANGER": (253, 220, 220),
    "WARNING": (255, 235, 205),
    "CAUTION": (255, 250, 205),
    "NOTE": (228, 238, 250),
}


def pdf_text(s: str) -> str:
    """Text the core fonts can show; raises on anything else (and on markdown markers)."""
    for a, b in _SUBS.items():
        s = s.replace(a, b)
    s.encode("latin-1")
    if "**" in s or "__" in s or "--" in s:
        raise ValueError(f"text would be read as fpdf2 markdown: {s!r}")
    return s


def write_pdf(wi: WorkInstruction, path: Path) -> int:
    """Write the PDF; returns its page count (listed in PLANT.md)."""
    from fpdf.enums import XPos, YPos

    pdf = _document(wi)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, pdf_text(wi.title_line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    for label, value in wi.header:
        _bold_lead(pdf, label + ":", value)
    pdf.ln(3)
    for item in laid_out(wi):
        _item(pdf, item)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return pdf.pages_count


def _document(wi: WorkInstruction) -> FPDF:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    meta = wi.meta

    class WIPdf(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "B", 8)
            self.cell(0, 4, pdf_text(f"{COMPANY} - {PLANT}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_font("Helvetica", "", 8)
            title = pdf_text(f"{meta.no} Rev {meta.rev} - {meta.title}")
            self.cell(0, 4, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Helvetica", "I", 8)
            text = (
                f"Page {self.page_no()} of {{nb}}   |   {meta.no} Rev "
                f"{meta.rev}   |   Printed copies are uncontrolled"
            )
            self.cell(0, 6, pdf_text(text), align="C")

    pdf = WIPdf(format="A4")
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_creation_date(FIXED_DOC_TIME.replace(tzinfo=dt.UTC))
    pdf.set_title(pdf_text(f"{meta.no} {meta.title}"))
    pdf.set_author(pdf_text(meta.author))
    pdf.set_subject("Work instruction")
    pdf.set_creator("Hanbit DMS")
    pdf.set_producer("Hanbit DMS PDF export")
    return pdf


def _bold_lead(pdf: FPDF, lead: str, text: str, boxed: bool = False) -> None:
    """One full-width paragraph whose first words are bold (fpdf2 markdown); boxed = filled."""
    from fpdf.enums import XPos, YPos
    from fpdf.util import Padding

    pdf.multi_cell(
        0,
        5,
        f"**{pdf_text(lead)}** {pdf_text(text)}",
        markdown=True,
        border=1 if boxed else 0,
        fill=boxed,
        padding=Padding.new(1.5 if boxed else 0),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _item(pdf: FPDF, item: Item) -> None:
    from fpdf.enums import XPos, YPos

    if isinstance(item, Heading):
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, pdf_text(item.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 10)
        return
    if isinstance(item, Paragraph):
        pdf.multi_cell(0, 5, pdf_text(item.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif isinstance(item, Bullets):
        for b in item.items:
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 5, pdf_text(f"- {b}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif isinstance(item, NumberedStep):
        _bold_lead(pdf, item.label, item.text)
    elif isinstance(item, SafetyNote):
        pdf.set_fill_color(*FILLS[item.kind])
        _bold_lead(pdf, item.label, item.text, boxed=True)
    elif isinstance(item, Table):
        _table(pdf, item)
        return
    pdf.ln(1.5)


def _table(pdf: FPDF, item: Table) -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, pdf_text(item.caption), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 8.5)
    with pdf.table(text_align="LEFT", line_height=4.5, padding=1) as table:
        for row in [item.headers, *item.rows]:
            cells = table.row()
            for c in row:
                cells.cell(pdf_text(c))
    pdf.set_font("Helvetica", "", 10)
    pdf.ln(3)
