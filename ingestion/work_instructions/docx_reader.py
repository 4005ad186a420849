"""Word .docx reader (python-docx): styles give headings, numbering gives list items."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from copilot.core.errors import CorruptFileError
from ingestion.base import SourceFile
from ingestion.work_instructions.elements import Element, Extracted, Rows, clean, split_lines

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(data: bytes, relpath: str) -> Any:
    """Open the package or raise CorruptFileError saying what the bytes really are."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise CorruptFileError(relpath, "encrypted (password-protected) document; "
                                   "save an unprotected copy")
        raise CorruptFileError(relpath, "legacy Word .doc file; save it as .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptFileError(relpath, "not a .docx (zip) package")
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on bad parts
        raise CorruptFileError(relpath, _docx_problem(exc)) from exc


def _docx_problem(exc: Exception) -> str:
    """What is wrong with the package, in plain words (not the parser's exception name)."""
    from lxml.etree import XMLSyntaxError

    if isinstance(exc, XMLSyntaxError):
        where = f" (line {exc.lineno})" if exc.lineno else ""
        return f"the document's XML is malformed or cut off{where}; open and save it in Word"
    if isinstance(exc, KeyError):
        return f"a part the .docx needs is missing ({exc}); open and save it in Word"
    return "the .docx package cannot be opened; open and save it in Word"


class _Numbering:
    """Resolves a paragraph's list numbering to (ordered?, level) via numbering.xml."""

    def __init__(self, document: Any) -> None:
        self._formats: dict[tuple[str, int], str] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, str]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = abstract.setdefault(node.get(f"{_W}abstractNumId", ""), {})
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal")
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                for ilvl, fmt in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                    self._formats[(num.get(f"{_W}numId", ""), ilvl)] = fmt

    def resolve(self, num_pr: Any, style_name: str) -> tuple[bool, int] | None:
        """(ordered, level) for a ``w:numPr`` element, None when it numbers nothing."""
        if num_pr is None:
            return None
        num_id_el, ilvl_el = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        num_id = num_id_el.get(f"{_W}val", "0") if num_id_el is not None else "0"
        if num_id == "0":
            return None
        level = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else 0
        fmt = self._formats.get((num_id, level))
        if fmt is None:
            fmt = "bullet" if "bullet" in style_name.lower() else "decimal"
        return fmt not in ("bullet", "none"), level


@dataclass(frozen=True)
class _Style:
    """What a paragraph style contributes, with inheritance resolved once per document."""

    # python-docx's own paragraph.style lookup scans styles.xml on every access; it was most
    # of the conversion time, hence this cache.

    name: str = ""
    bold: bool = False
    num_pr: Any = None
    outline: int | None = None


def _styles(document: Any) -> tuple[dict[str, _Style], _Style]:
    """Paragraph styles by id, and the default paragraph style."""
    raw: dict[str, Any] = {}
    default = ""
    for el in document.styles.element.findall(f"{_W}style"):
        if el.get(f"{_W}type") == "paragraph":
            raw[el.get(f"{_W}styleId", "")] = el
            if el.get(f"{_W}default") in ("1", "true"):
                default = el.get(f"{_W}styleId", "")
    cache: dict[str, _Style] = {}

    def build(style_id: str, depth: int = 0) -> _Style:
        if style_id in cache or style_id not in raw or depth > 10:
            return cache.get(style_id, _Style())
        el = raw[style_id]
        based = el.find(f"{_W}basedOn")
        parent = build(based.get(f"{_W}val", ""), depth + 1) if based is not None else _Style()
        name_el, p_pr = el.find(f"{_W}name"), el.find(f"{_W}pPr")
        bold_el = el.find(f"{_W}rPr/{_W}b")
        outline = p_pr.find(f"{_W}outlineLvl") if p_pr is not None else None
        num_pr = p_pr.find(f"{_W}numPr") if p_pr is not None else None
        cache[style_id] = _Style(
            name=name_el.get(f"{_W}val", "") if name_el is not None else style_id,
            bold=parent.bold if bold_el is None else bold_el.get(f"{_W}val", "1") not in (
                "0", "false"),
            num_pr=num_pr if num_pr is not None else parent.num_pr,
            outline=int(outline.get(f"{_W}val", "9")) if outline is not None else parent.outline)
        return cache[style_id]

    for style_id in raw:
        build(style_id)
    return cache, cache.get(default, _Style())


class _Context:
    """Per-document lookups: numbering formats and resolved paragraph styles."""

    def __init__(self, document: Any) -> None:
        self.numbering = _Numbering(document)
        self.styles, self.default = _styles(document)

    def style(self, paragraph: Any) -> _Style:
        style_id = paragraph._p.style
        return self.styles.get(style_id, self.default) if style_id else self.default


def _heading_level(paragraph: Any, style: _Style) -> int | None:
    name = style.name.lower()
    if name in ("title", "subtitle"):
        return 0
    m = _HEADING_STYLE.match(name)
    if m:
        return int(m.group(1))
    p_pr = paragraph._p.pPr
    outline_el = p_pr.find(f"{_W}outlineLvl") if p_pr is not None else None
    outline = int(outline_el.get(f"{_W}val", "9")) if outline_el is not None else style.outline
    return outline + 1 if outline is not None and outline < 9 else None


def _is_bold(paragraph: Any, style: _Style) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style.bold) for r in runs)


def _paragraph(paragraph: Any, ctx: _Context) -> list[Element]:
    text = clean(paragraph.text)
    if not text:
        return []
    style = ctx.style(paragraph)
    level = _heading_level(paragraph, style)
    if level == 0:
        return [Element("title", text.replace("\n", " "), level=1)]
    if level is not None:
        return [Element("heading", text.replace("\n", " "), level=level)]
    p_pr = paragraph._p.pPr
    own = p_pr.numPr if p_pr is not None else None
    listed = ctx.numbering.resolve(own if own is not None else style.num_pr, style.name)
    strong = _is_bold(paragraph, style)
    out: list[Element] = []
    for n, line in enumerate(split_lines(text)):
        if n == 0 and listed is not None:
            out.append(Element("list_item", line, level=listed[1], ordered=listed[0]))
        else:
            out.append(Element("paragraph", line, strong=strong and "\n" not in text))
    return out


def table_rows(table: Any) -> Rows:
    """Cell text per row; horizontally merged cells appear once."""
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(clean(cell.text).replace("\n", " "))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


def _furniture(document: Any) -> list[str]:
    """Text of page headers and footers (document number and revision often live there)."""
    out: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if part.is_linked_to_previous and out:
                continue
            out.extend(clean(p.text) for p in part.paragraphs)
            for table in part.tables:
                out.extend(" | ".join(f"{c}" for c in row) for row in table_rows(table))
    return list(dict.fromkeys(t for t in out if t))


def read_docx(data: bytes, source: SourceFile) -> Extracted:
    """Body paragraphs and tables in reading order, plus header/footer text as furniture."""
    document = _open(data, source.relpath)
    ctx = _Context(document)
    elements: list[Element] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            rows = table_rows(block)
            if rows:
                elements.append(Element("table", "", rows=rows))
        else:
            elements.extend(_paragraph(block, ctx))
    return Extracted(tuple(elements), furniture=tuple(_furniture(document)))
