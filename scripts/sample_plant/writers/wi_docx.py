"""Work instruction as a Word document (python-docx), with page fields and shaded safety blocks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..common import COMPANY, COMPANY_KO, FIXED_DOC_TIME, normalize_zip
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
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph as DocxParagraph

SAFETY_COLOURS: dict[SafetyKind, tuple[str, str]] = {  # text colour, shading
    "DANGER": ("C00000", "FDE8E8"),
    "WARNING": ("C55A00", "FFF1DD"),
    "CAUTION": ("7F6000", "FFFBD6"),
    "NOTE": ("1F4E79", "EAF2FB"),
}


def write_docx(wi: WorkInstruction, path: Path) -> None:
    from docx import Document

    doc = Document()
    _page_setup(doc, wi)
    doc.add_heading(wi.title_line, level=0)
    _header_block(doc, wi)
    for item in laid_out(wi):
        _item(doc, item)
    _core_properties(doc, wi)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalize_zip(path)


def _page_setup(doc: DocxDocument, wi: WorkInstruction) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    normal = doc.styles["Normal"]
    normal.font.name = "Malgun Gothic" if wi.ko else "Calibri"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), "Malgun Gothic")
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    sec.header.paragraphs[0].text = (
        f"{COMPANY_KO} | 관리본"
        if wi.ko
        else f"{COMPANY} | Changwon Plant Line 2 | CONTROLLED DOCUMENT"
    )
    meta = wi.meta
    foot = sec.footer.paragraphs[0]
    foot.add_run(f"{meta.no} Rev {meta.rev}    " + ("쪽 " if wi.ko else "Page "))
    _field(foot, "PAGE")
    foot.add_run(" / " if wi.ko else " of ")
    _field(foot, "NUMPAGES")


def _header_block(doc: DocxDocument, wi: WorkInstruction) -> None:
    from docx.shared import Pt

    for label, value in wi.header:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    doc.add_paragraph()


def _item(doc: DocxDocument, item: Item) -> None:
    from docx.shared import Cm, RGBColor

    if isinstance(item, Heading):
        doc.add_heading(item.text, level=1)
    elif isinstance(item, Paragraph):
        doc.add_paragraph(item.text)
    elif isinstance(item, Bullets):
        for b in item.items:
            doc.add_paragraph(b, style="List Bullet")
    elif isinstance(item, NumberedStep):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(1.0)
        p.paragraph_format.first_line_indent = Cm(-1.0)
        p.add_run(f"{item.label} ").bold = True
        p.add_run(item.text)
    elif isinstance(item, SafetyNote):
        fg, bg = SAFETY_COLOURS[item.kind]
        p = doc.add_paragraph()
        _shade(p, bg)
        r = p.add_run(f"{item.label} ")
        r.bold = True
        r.font.color.rgb = RGBColor.from_string(fg)
        p.add_run(item.text)
    elif isinstance(item, Table):
        _table(doc, item)


def _table(doc: DocxDocument, item: Table) -> None:
    doc.add_paragraph().add_run(item.caption).bold = True
    table = doc.add_table(rows=1 + len(item.rows), cols=len(item.headers))
    table.style = "Table Grid"
    for j, h in enumerate(item.headers):
        cell = table.rows[0].cells[j]
        cell.text = ""
        cell.paragraphs[0].add_run(h).bold = True
    for i, row in enumerate(item.rows, start=1):
        for j, value in enumerate(row):
            table.rows[i].cells[j].text = value
    doc.add_paragraph()


def _core_properties(doc: DocxDocument, wi: WorkInstruction) -> None:
    meta = wi.meta
    cp = doc.core_properties
    cp.author = meta.author
    cp.title = f"{meta.no} {meta.title}"
    cp.subject = "작업표준서" if wi.ko else "Work instruction"
    cp.keywords = f"{meta.no}; Rev {meta.rev}; Line 2; EDU-200"
    cp.last_modified_by = "Hanbit DMS"
    cp.comments = f"Effective {meta.eff}"
    cp.revision = 1
    cp.created = FIXED_DOC_TIME
    cp.modified = FIXED_DOC_TIME
    cp.last_printed = FIXED_DOC_TIME


def _field(paragraph: DocxParagraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instr
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _shade(paragraph: DocxParagraph, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)
