"""A cited PDF passage on its printed page, for the source viewer.

The page is rendered locally with PDFium (the same library that reads PDFs at ingest), and the
passage is found in the page's text layer a few words at a time (a passage wraps over lines, so
whole-passage search would miss); the boxes found, merged per line, are the marks to draw.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

WIDTH_PX = 900  # rendered width: sharp in a 400-900 px panel
COLOURS = 32  # a printed page in 32 colours: about 90 kB as PNG (a JPEG is twice that)
WINDOW = 4  # words searched at a time

Box = tuple[float, float, float, float]  # left, top, width, height as fractions of the page


@dataclass(frozen=True)
class PageView:
    """One page as a PNG image and where the passage is on it."""

    page: int  # 1-based
    png: bytes
    marks: tuple[Box, ...]


def page_view(path: Path, page: int, passage: str) -> PageView | None:
    """Page ``page`` of the PDF at ``path`` with ``passage`` marked; None when the file or the
    page cannot be read (the viewer then shows the text alone)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _render(str(path), stamp, page, passage)


@lru_cache(maxsize=16)
def _render(path: str, stamp: int, page: int, passage: str) -> PageView | None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None
    try:
        if not 1 <= page <= len(pdf):
            return None
        sheet = pdf[page - 1]
        width, height = sheet.get_size()
        marks = tuple(_marks(sheet.get_textpage(), passage, width, height))
        image = sheet.render(scale=WIDTH_PX / width).to_pil()
        out = BytesIO()
        image.quantize(colors=COLOURS).save(out, format="PNG", optimize=True)
        return PageView(page, out.getvalue(), marks)
    finally:
        pdf.close()


def _marks(text: Any, passage: str, width: float, height: float) -> Iterator[Box]:
    """Boxes of the passage's words on the page, one per printed line, top to bottom."""
    words = passage.split()
    lines: list[list[float]] = []  # [left, bottom, right, top] per printed line
    start = 0
    for i in range(0, len(words), WINDOW):
        needle = " ".join(words[i:i + WINDOW])
        # in reading order first; a warning printed above its step comes after it in the text
        found = text.search(needle, index=start).get_next() or (
            text.search(needle).get_next() if start else None)
        if found is None:
            continue
        start = found[0] + found[1]
        for n in range(text.count_rects(*found)):
            _merge(lines, text.get_rect(n))
    for left, bottom, right, top in sorted(lines, key=lambda b: -b[3]):
        yield (left / width, (height - top) / height, (right - left) / width,
               (top - bottom) / height)


def _merge(lines: list[list[float]], rect: tuple[float, float, float, float]) -> None:
    """Add a text box to the line it shares most of its height with (or start a line)."""
    left, bottom, right, top = rect
    for line in lines:
        overlap = min(top, line[3]) - max(bottom, line[1])
        if overlap > 0.5 * min(top - bottom, line[3] - line[1]):
            line[:] = [min(line[0], left), min(line[1], bottom), max(line[2], right),
                       max(line[3], top)]
            return
    lines.append([left, bottom, right, top])
