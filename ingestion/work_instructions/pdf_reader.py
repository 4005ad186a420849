"""PDF reader: PDFium text layer (font size/weight, positions) + pdfplumber's lattice table finder.

Headings are lines set larger than the body text; bold lines are marked ``strong``. Lines that
repeat at the top or bottom of several pages (running headers, "Page 2 of 5") are furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from copilot.core.errors import CorruptFileError, EmptyFileError
from ingestion.base import SourceFile
from ingestion.work_instructions.elements import STARTER, Element, Extracted, Rows, clean

_PAGE_NO = re.compile(r"^(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|-?\s*\d+\s*-?|\d+\s*/\s*\d+|\d+\s*쪽"
                      r"|\d+\s*페이지)$", re.IGNORECASE)
_PAGE_REF = re.compile(r"(?:page|p\.|페이지)?\s*\d+\s*(?:of|/)\s*\d+|(?:page|p\.)\s*\d+|^\d+$",
                       re.IGNORECASE)
_MARGIN = 0.08
_BOLD = re.compile(r"bold|black|heavy|semibold", re.IGNORECASE)  # top/bottom share of the page where running headers and footers sit


@dataclass(frozen=True)
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    size: float
    bold: bool
    edge: bool  # in the top or bottom margin


def _open(data: bytes, relpath: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise CorruptFileError(relpath, "encrypted (password-protected) PDF") from exc
        raise CorruptFileError(relpath, f"unreadable PDF: {exc}") from exc


Stream = list[tuple[str, float | None, float | None]]  # char, x centre, y centre (top-down)


def _char_lines(page: Any, number: int) -> tuple[list[_Line], Stream]:
    """Text lines of one page (median font size, all-bold flag) and its positioned characters."""
    import ctypes

    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    height = float(page.get_height()) or 1.0
    name_buf, flags = ctypes.create_string_buffer(96), ctypes.c_int()
    lines: list[_Line] = []
    stream: Stream = []
    chars: list[tuple[str, float, float, float, bool]] = []  # char, size, top, bottom, bold

    def close() -> None:
        boxed = [c for c in chars if c[0].strip()]
        text = clean("".join(c[0] for c in chars))
        if text and boxed:
            top, bottom = min(c[2] for c in boxed), max(c[3] for c in boxed)
            sizes = sorted(round(c[1], 1) for c in boxed)
            edge = top < height * _MARGIN or bottom > height * (1 - _MARGIN)
            lines.append(_Line(text, number, top, bottom, sizes[len(sizes) // 2],
                               all(c[4] for c in boxed), edge))
        chars.clear()

    for i in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        if char in "\r\n" or not char.strip() or raw.FPDFText_IsGenerated(textpage, i) == 1:
            stream.append((" ", None, None))
            if char in "\r\n":
                close()
            else:
                chars.append((" ", 0.0, height, 0.0, True))
            continue
        length = raw.FPDFText_GetFontInfo(textpage, i, name_buf, 96, ctypes.byref(flags))
        bold = bool(_BOLD.search(name_buf.raw[:max(length - 1, 0)].decode("latin-1")))
        x0, y0, x1, y1 = textpage.get_charbox(i)
        chars.append((char, float(raw.FPDFText_GetFontSize(textpage, i)), height - y1,
                      height - y0, bold))
        stream.append((char, (x0 + x1) / 2, height - (y0 + y1) / 2))
    close()
    textpage.close()
    return lines, stream


@dataclass(frozen=True)
class _PageBox:
    """The one page attribute pdfplumber's TableFinder reads with explicit edges."""

    bbox: tuple[float, float, float, float]


def _tables(page: Any, stream: Stream) -> list[tuple[tuple[float, ...], Rows]]:
    """Ruled tables found by pdfplumber's lattice finder over PDFium path outlines."""
    # Cells are filled from PDFium's character stream, so the page is never parsed twice
    # (pdfplumber's own parse was ~80% of PDF time). A 1x1 box (framed note) is no table.
    import pypdfium2.raw as raw

    width, height = float(page.get_width()), float(page.get_height())
    rects: list[dict[str, Any]] = []
    for obj in page.get_objects():
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            rects.append({"object_type": "rect", "x0": left, "x1": right, "y0": bottom,
                          "y1": top, "top": height - top, "bottom": height - bottom,
                          "doctop": height - top, "width": right - left, "height": top - bottom})
    if len(rects) < 4:
        return []
    from pdfplumber.table import TableFinder

    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": rects, "explicit_horizontal_lines": rects}
    out: list[tuple[tuple[float, ...], Rows]] = []
    page_box: Any = _PageBox((0.0, 0.0, width, height))
    for table in TableFinder(page_box, settings).tables:
        grid = [[_cell_text(cell, stream) for cell in row.cells] for row in table.rows]
        rows = tuple(tuple(r) for r in grid if any(r))
        if len(rows) > 1 or (rows and len(rows[0]) > 1):
            out.append((tuple(table.bbox), rows))
    return out


def _cell_text(cell: tuple[float, float, float, float] | None, stream: Stream) -> str:
    if cell is None:
        return ""
    x0, top, x1, bottom = cell
    parts: list[str] = []
    gap = False
    for char, x, y in stream:
        if x is not None and y is not None and x0 <= x <= x1 and top <= y <= bottom:
            if gap and parts:
                parts.append(" ")
            parts.append(char)
            gap = False
        else:
            gap = True
    return clean("".join(parts))


def _furniture(lines: list[_Line], pages: int) -> set[tuple[int, float]]:
    """(page, top) of running headers/footers: edge lines repeated verbatim (page number aside)."""
    key = {id(ln): _PAGE_REF.sub("#", ln.text) for ln in lines if ln.edge}
    counts = Counter(key.values())
    out: set[tuple[int, float]] = set()
    for ln in lines:
        if not ln.edge:
            continue
        repeated = pages > 1 and counts[key[id(ln)]] >= 2
        if repeated or _PAGE_NO.match(ln.text):
            out.add((ln.page, ln.top))
    return out


def _heading_levels(lines: list[_Line]) -> tuple[float, dict[float, int]]:
    """Body font size and a level for each size clearly larger than it."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[ln.size] += len(ln.text)
    body = weights.most_common(1)[0][0] if weights else 0.0
    bigger = sorted({ln.size for ln in lines if ln.size >= body + 1.5}, reverse=True)
    return body, {size: n + 1 for n, size in enumerate(bigger[:4])}


def _assemble(items: list[tuple[int, float, _Line | Rows]], levels: dict[float, int]) -> list[Element]:
    """Join wrapped lines into elements; split at markers, gaps, font changes and tables."""
    out: list[Element] = []
    prev: _Line | None = None
    for page, _top, item in items:
        if not isinstance(item, _Line):
            last = out[-1] if out else None
            if (last is not None and last.category == "table" and prev is None
                    and (last.page or 0) < page and len(last.rows[0]) == len(item[0])):
                more = item[1:] if item[0] == last.rows[0] else item  # repeated header row
                out[-1] = replace(last, rows=last.rows + more)  # table continued on next page
            else:
                out.append(Element("table", "", page=page, rows=item))
            prev = None
            continue
        level = levels.get(item.size, 0)
        pitch = (item.top - prev.top) if prev and prev.page == item.page else 0.0
        same_style = prev is not None and levels.get(prev.size, 0) == level and prev.bold == item.bold
        joins = (prev is not None and same_style and not STARTER.match(item.text)
                 and pitch < item.size * 1.8)  # next line of the same paragraph
        if joins and out:
            last = out[-1]
            out[-1] = Element(last.category, f"{last.text} {item.text}", last.level, last.page,
                              strong=last.strong)
        elif level:
            out.append(Element("heading", item.text, level=level, page=page))
        else:
            out.append(Element("paragraph", item.text, page=page, strong=item.bold))
        prev = item
    return out


def _inside(line: _Line, boxes: list[tuple[float, ...]]) -> bool:
    mid = (line.top + line.bottom) / 2
    return any(b[1] <= mid <= b[3] for b in boxes)


def read_pdf(data: bytes, source: SourceFile) -> Extracted:
    """Text elements with 1-based page numbers; no text layer at all -> EmptyFileError."""
    pdf = _open(data, source.relpath)
    lines: list[_Line] = []
    tables: dict[int, list[tuple[tuple[float, ...], Rows]]] = {}
    try:
        for number, page in enumerate(pdf, start=1):
            page_lines, stream = _char_lines(page, number)
            found = _tables(page, stream)
            if found:
                tables[number] = found
            boxes = [box for box, _ in found]
            lines.extend(ln for ln in page_lines if not _inside(ln, boxes))
            page.close()
        pages = len(pdf)
    except Exception as exc:  # a broken content stream deep inside a page
        raise CorruptFileError(source.relpath, f"unreadable page: {type(exc).__name__}") from exc
    finally:
        pdf.close()
    if not lines and not tables:
        raise EmptyFileError(source.relpath, "no text layer (scanned PDF?)")
    drop = _furniture(lines, pages)
    furniture = [ln.text for ln in lines if (ln.page, ln.top) in drop]
    body = [ln for ln in lines if (ln.page, ln.top) not in drop]
    _, levels = _heading_levels(body)
    items: list[tuple[int, float, _Line | Rows]] = [(ln.page, ln.top, ln) for ln in body]
    items.extend((p, box[1], rows) for p, found in tables.items() for box, rows in found)
    items.sort(key=lambda it: (it[0], it[1]))
    return Extracted(tuple(_assemble(items, levels)), furniture=tuple(dict.fromkeys(furniture)))
