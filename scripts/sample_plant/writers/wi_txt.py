"""Work instruction as a fixed-width plain-text printout (78 columns, ASCII tables)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..common import write_text
from ..wi_model import (
    Bullets,
    Heading,
    NumberedStep,
    Paragraph,
    SafetyNote,
    Table,
    WorkInstruction,
    laid_out,
)

WIDTH = 78


def render_txt(wi: WorkInstruction) -> str:
    w = WIDTH
    out = [wi.company_line.upper(), "WORK INSTRUCTION", "=" * w]
    out += [f"{label}: {value}" for label, value in wi.header]
    out += ["=" * w, ""]
    for item in laid_out(wi):
        if isinstance(item, Heading):
            out += ["", item.text, "-" * len(item.text)]
        elif isinstance(item, Paragraph):
            out += [*_wrap(item.text, w), ""]
        elif isinstance(item, Bullets):
            for b in item.items:
                out += _wrap(b, w, initial_indent="  - ", subsequent_indent="    ")
            out.append("")
        elif isinstance(item, NumberedStep | SafetyNote):
            first = f"{item.label} "
            out += _wrap(item.text, w, initial_indent=first, subsequent_indent=" " * len(first))
            out.append("")
        elif isinstance(item, Table):
            out += [item.caption, *ascii_table(item.headers, item.rows, w), ""]
    out += [
        "=" * w,
        "Printed copies are uncontrolled. The valid revision is the one in the DMS.",
        "",
    ]
    return "\n".join(out)


def ascii_table(
    headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: int
) -> list[str]:
    """A +---+ grid table whose widest columns shrink (cells wrap) until it fits the width."""
    table = [headers, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    avail = width - (3 * len(headers) + 1)
    while sum(widths) > avail:
        widths[widths.index(max(widths))] -= 1
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [sep]
    for k, row in enumerate(table):
        cells = [
            textwrap.wrap(c, w, break_on_hyphens=False) or [""]
            for c, w in zip(row, widths, strict=True)
        ]
        for j in range(max(len(c) for c in cells)):
            parts = [
                (c[j] if j < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)
            ]
            lines.append("| " + " | ".join(parts) + " |")
        if k == 0:
            lines.append(sep.replace("-", "="))
    lines.append(sep)
    return lines


def _wrap(
    text: str, width: int, initial_indent: str = "", subsequent_indent: str = ""
) -> list[str]:
    return textwrap.wrap(
        text,
        width,
        break_on_hyphens=False,
        break_long_words=False,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
    )


def write_txt(wi: WorkInstruction, path: Path) -> None:
    write_text(path, render_txt(wi))
