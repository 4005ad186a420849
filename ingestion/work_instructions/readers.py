"""Format readers: every work-instruction format becomes one flat list of typed elements.

The reader port is ``read_elements(source) -> Extracted``; structure (sections, steps, safety
blocks) is decided later from the elements alone, so every format is segmented the same way.
Plain text and Markdown are parsed here; .docx, .pdf and .html live in their own modules and
import their parser lazily.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from copilot.core.errors import CorruptFileError, EmptyFileError, UnsupportedFileError
from copilot.core.lexicon.decoding import decode_document
from ingestion.base import SourceFile
from ingestion.work_instructions.elements import (
    STARTER,
    Category,
    Element,
    Extracted,
    Reader,
    Rows,
)
from ingestion.work_instructions.markers import is_numbered_heading

_BULLET = re.compile(r"^([-*+•·○▪■□◦‣])\s+")
_MD_ORDERED = re.compile(r"^\d+[.)]\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HR = re.compile(r"^\s*(?:\*{3,}|-{3,}|_{3,}|={3,})\s*$")
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"), " "),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),
)


def read_elements(source: SourceFile) -> Extracted:
    """Read ``source`` with the reader for its extension; raise IngestError on bad input."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise CorruptFileError(source.relpath, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise EmptyFileError(source.relpath)
    reader = _reader_for(source)
    extracted = reader(data, source)
    if not any(e.text.strip() or e.rows for e in extracted.elements):
        raise EmptyFileError(source.relpath, "no text found")
    return extracted


def _reader_for(source: SourceFile) -> Reader:
    suffix = source.suffix
    if suffix == ".docx":
        from ingestion.work_instructions.docx_reader import read_docx

        return read_docx
    if suffix == ".pdf":
        from ingestion.work_instructions.pdf_reader import read_pdf

        return read_pdf
    if suffix in (".html", ".htm"):
        from ingestion.work_instructions.html_reader import read_html

        return read_html
    if suffix in (".md", ".markdown"):
        return read_markdown
    if suffix == ".txt":
        return read_text
    raise UnsupportedFileError(source.relpath, f"'{suffix}' is not a work-instruction format")


def _indent_depth(line: str) -> int:
    expanded = line.expandtabs(4)
    return (len(expanded) - len(expanded.lstrip(" "))) // 2


def _md_inline(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text


def _split_cells(line: str) -> tuple[str, ...]:
    body = line.strip().strip("|")
    return tuple(_md_inline(c).strip() for c in re.split(r"(?<!\\)\|", body))


def _front_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split YAML front matter (``---`` fenced at the top) from the body."""
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() in ("---", "..."):
                meta = [ln.strip().replace("'", "").replace('"', "") for ln in lines[1:i]]
                return [m for m in meta if m], lines[i + 1:]
    return [], lines


@dataclass
class _Lines:
    """Accumulates elements from plain-text / Markdown lines."""

    markdown: bool
    out: list[Element] = field(default_factory=list)
    block_start: int = 0  # index in ``out`` where the current blank-line block began

    def blank(self) -> None:
        self._close_block()
        self.block_start = len(self.out)

    def _close_block(self) -> None:
        if len(self.out) - self.block_start == 1:
            only = self.out[-1]
            if only.category == "paragraph" and "\n" not in only.text:
                self.out[-1] = replace(only, standalone=True)

    def add(self, element: Element) -> None:
        self.out.append(element)

    def line(self, raw: str) -> None:
        depth = _indent_depth(raw)
        text = raw.strip()
        if self.markdown:
            text = _md_inline(text).strip()
        if not text:
            return
        bullet = _BULLET.match(text)
        if bullet:
            self.add(Element("list_item", text[bullet.end():], level=depth))
        elif self.markdown and _MD_ORDERED.match(text):
            self.add(Element("list_item", text, level=depth, ordered=True))
        elif STARTER.match(text) or not self.out or len(self.out) == self.block_start:
            category: Category = "list_item" if depth else "paragraph"
            self.add(Element(category, text, level=depth if category == "list_item" else 0))
        else:
            last = self.out[-1]
            if last.category in ("heading", "table") or is_numbered_heading(last.text):
                self.add(Element("paragraph", text))
            else:
                self.out[-1] = replace(last, text=f"{last.text} {text}")

    def finish(self) -> list[Element]:
        self._close_block()
        return self.out


def _table_run(lines: list[str], i: int, sep: str) -> tuple[Rows, int]:
    """Collect consecutive table lines starting at ``i``; return rows and the next index."""
    rows: list[tuple[str, ...]] = []
    while i < len(lines) and (sep in lines[i]) and lines[i].strip():
        line = lines[i]
        if not _MD_TABLE_SEP.match(line.strip()):
            cells = _split_cells(line) if sep == "|" else tuple(c.strip() for c in line.split("\t"))
            rows.append(cells)
        i += 1
    return tuple(rows), i


_GRID_BORDER = re.compile(r"^\s*\+[-=+:]+\+\s*$")


def _grid_table(lines: list[str], i: int) -> tuple[Rows, int]:
    """ASCII grid / pipe table at ``i`` ('+---+' borders, '| a | b |' rows) and the next index."""
    # A line with an empty first cell that does not follow a border continues the row above.
    rows: list[tuple[str, ...]] = []
    after_border = True
    while i < len(lines) and lines[i].strip().startswith(("|", "+")):
        line = lines[i].strip()
        i += 1
        if _GRID_BORDER.match(line) or _MD_TABLE_SEP.match(line):
            after_border = True
            continue
        cells = _split_cells(line)
        if rows and not after_border and not cells[0] and len(cells) == len(rows[-1]):
            rows[-1] = tuple(f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True))
        else:
            rows.append(cells)
        after_border = False
    return tuple(r for r in rows if any(r)), i


def _iter_md(lines: list[str]) -> Iterator[tuple[str, str | int | Rows]]:
    """Tokenise Markdown lines into ('heading', text+level), ('table', rows), ('line', raw)..."""
    i, fence = 0, False
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        elif fence:
            yield "line", raw
        elif not stripped:
            yield "blank", ""
        elif stripped.startswith("|"):
            rows, i = _table_run(lines, i, "|")
            yield "table", rows
            continue
        elif (m := _MD_HEADING.match(stripped)) is not None:
            yield "heading", f"{len(m.group(1))}\x1f{m.group(2)}"
        elif i + 1 < len(lines) and re.match(r"^\s*(=+|-+)\s*$", lines[i + 1]) and not STARTER.match(stripped):
            yield "heading", f"{1 if '=' in lines[i + 1] else 2}\x1f{stripped}"
            i += 1
        elif _HR.match(stripped):
            yield "blank", ""
        else:
            yield "line", re.sub(r"^\s*(?:>\s?)+", "", raw) if stripped.startswith(">") else raw
        i += 1


def read_markdown(data: bytes, source: SourceFile) -> Extracted:
    """Markdown: ATX/setext headings, pipe tables, lists with nesting depth, front matter."""
    text, warnings = decode_document(data, source.relpath)
    meta, lines = _front_matter(text.split("\n"))
    acc = _Lines(markdown=True)
    for kind, value in _iter_md(lines):
        if kind == "heading" and isinstance(value, str):
            level, text = value.split("\x1f", 1)
            acc.blank()
            acc.add(Element("heading", _md_inline(text).strip(), level=int(level)))
            acc.blank()
        elif kind == "table" and isinstance(value, tuple):
            acc.blank()
            acc.add(Element("table", "", rows=value))
            acc.blank()
        elif kind == "blank":
            acc.blank()
        elif isinstance(value, str):
            acc.line(value)
    return Extracted(tuple(acc.finish()), furniture=tuple(meta), warnings=warnings)


def read_text(data: bytes, source: SourceFile) -> Extracted:
    """Plain text: blank-line blocks, marker lines, underlined headings, tab-separated tables."""
    text, warnings = decode_document(data, source.relpath)
    lines = text.split("\n")
    acc = _Lines(markdown=False)
    i = 0
    while i < len(lines):
        raw, stripped = lines[i], lines[i].strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not stripped:
            acc.blank()
        elif stripped.startswith(("|", "+-", "+=")) and (_GRID_BORDER.match(stripped)
                                                         or stripped.count("|") >= 2):
            rows, i = _grid_table(lines, i)
            acc.blank()
            acc.add(Element("table", "", rows=rows))
            acc.blank()
            continue
        elif raw.count("\t") and nxt.count("\t") and not STARTER.match(stripped):
            rows, i = _table_run(lines, i, "\t")
            acc.blank()
            acc.add(Element("table", "", rows=rows))
            acc.blank()
            continue
        elif re.fullmatch(r"(=+|-+)", nxt) and len(nxt) >= 3 and not _BULLET.match(stripped):
            acc.blank()
            acc.add(Element("heading", stripped, level=1 if nxt[0] == "=" else 2))
            acc.blank()
            i += 1
        elif not _HR.match(stripped):
            acc.line(raw)
        i += 1
    return Extracted(tuple(acc.finish()), warnings=warnings)
