"""Elements -> sections and steps, with safety blocks and tables attached where they belong.

Rules (see the package docstring): a step runs until the next step of the same numbering style
or the next section; a safety block (WARNING/CAUTION/DANGER/NOTE/LOCKOUT, 경고/주의/위험/참고)
goes to the step that follows it, or to the previous step when none follows in the section;
a table between two steps belongs to the first, a table outside steps is its own unit.
Regulation-style paragraph ids ("(d)(5)(ii)") become step paths; "제92조 (...)" articles open
sections and "①" paragraphs are their steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from copilot.core.lexicon.safety import is_label_only, safety_type
from ingestion.work_instructions import markers as mk
from ingestion.work_instructions.elements import Element, Rows

UnitKind = Literal["step", "section", "table"]
_TABLE_REF = re.compile(r"\btable\b|\bbelow\b|\bfollowing\b|as follows|표\s*\d|아래|다음\s*표|다음과",
                        re.IGNORECASE)


@dataclass
class Unit:
    """A record-to-be: one step, one section body or one table."""

    kind: UnitKind
    section: str | None
    step: str | None = None
    page: int | None = None
    lines: list[str] = field(default_factory=list)  # for a step, lines[0] is the numbered line
    before: list[str] = field(default_factory=list)  # safety blocks that preceded the step
    after: list[str] = field(default_factory=list)  # trailing safety blocks (none followed)
    caption_only: bool = False  # CFR paragraph that is only a caption ("(5) Stored energy.")

    @property
    def text(self) -> str:
        return "\n".join([*self.lines[:1], *self.before, *self.lines[1:], *self.after])

    @property
    def warning_types(self) -> list[str]:
        """Safety block types in this unit, in order of appearance, each once."""
        found = (safety_type(line) for line in self.text.split("\n"))
        return list(dict.fromkeys(t for t in found if t))


def render_table(rows: Rows) -> str:
    """Rows as 'col: value; col: value' lines (header row gives the column names)."""
    if len(rows) == 1:
        return " | ".join(c for c in rows[0] if c)
    header = [h or f"col{n + 1}" for n, h in enumerate(rows[0])]
    lines = []
    for row in rows[1:]:
        pairs = [f"{header[n] if n < len(header) else f'col{n + 1}'}: {v}"
                 for n, v in enumerate(row) if v]
        if pairs:
            lines.append("; ".join(pairs))
    return "\n".join(lines)


@dataclass
class _State:
    """Per-section state of the builder."""

    section: str | None = None
    origin: str | None = None  # "heading" | "cfr" | None (no section yet)
    step: Unit | None = None
    body: Unit | None = None
    pending: list[str] = field(default_factory=list)  # safety blocks awaiting their step
    expect_body: bool = False
    pending_tables: list[Unit] = field(default_factory=list)  # after a step, fate undecided
    style: str | None = None
    auto_no: int = 0
    last_step_no: int | None = None
    cfr_path: list[tuple[int, str]] = field(default_factory=list)
    captions: dict[int, str] = field(default_factory=dict)


class _Builder:
    """Feeds elements in order and collects units."""

    def __init__(self, plain_headings: bool) -> None:
        self.units: list[Unit] = []
        self.s = _State()
        self.plain_headings = plain_headings
        self.section_no: int | None = None
        self.caption: Element | None = None  # "Table 1 - ..." waiting for its table

    # -- sections ---------------------------------------------------------------------------
    def open_section(self, text: str, origin: str) -> None:
        self.close_section()
        label, number = mk.section_label(text)
        if mk.ordinal(number) is not None:
            self.section_no = mk.ordinal(number)
        self.s = _State(section=label, origin=origin)

    def close_section(self) -> None:
        s = self.s
        if s.pending:
            target = s.step.after if s.step else self._body(None).lines
            target.extend(s.pending)
            s.pending = []
        self._flush_table(attach=False)
        s.expect_body = False

    def _body(self, page: int | None) -> Unit:
        if self.s.body is None:
            self.s.body = Unit("section", self.s.section, page=page)
            self.units.append(self.s.body)
        return self.s.body

    def _flush_table(self, attach: bool) -> None:
        tables, self.s.pending_tables = self.s.pending_tables, []
        for table in tables:
            if attach and self.s.step is not None:
                self.s.step.lines.extend(table.lines)
            else:
                self.units.append(table)

    # -- elements ---------------------------------------------------------------------------
    def feed(self, e: Element) -> None:
        caption, self.caption = self.caption, None
        if caption is not None and e.category != "table":
            self.paragraph(caption)
        if e.category == "table":
            self.table(e, caption)
        elif e.category in ("title", "heading") and not _is_step_word(e.text):
            self.open_section(e.text, "heading")
        elif e.category in ("title", "heading"):
            self.paragraph(replace(e, category="paragraph"))
        elif e.category == "paragraph" and mk.TABLE_CAPTION.match(e.text) and len(e.text) < 120:
            self.caption = e
        elif e.level == 0 and (art := mk.ARTICLE.match(e.text)) and art.group(2):
            self.open_section(e.text[:art.end()], "heading")
            if e.text[art.end():].strip():
                self.paragraph(replace(e, text=e.text[art.end():].strip()))
        elif self.is_plain_heading(e):
            self.open_section(e.text, "heading")
        else:
            self.paragraph(e)

    def table(self, e: Element, caption: Element | None) -> None:
        lines = [caption.text] if caption is not None else []
        unit = Unit("table", self.s.section, page=e.page, lines=[*lines, render_table(e.rows)])
        step = self.s.step
        if step is None:
            self.units.append(unit)
        elif step.text.rstrip().endswith(":") or _TABLE_REF.search(step.text):
            self._flush_table(attach=True)
            step.lines.extend(unit.lines)
        else:
            self.s.pending_tables.append(unit)  # decided by what comes next

    def paragraph(self, e: Element) -> None:
        s = self.s
        text = e.text if e.category != "list_item" or e.ordered else f"- {e.text}"
        nested = e.category == "list_item" and e.level > 0
        safety = safety_type(e.text)
        if s.expect_body and s.pending and not safety and mk.step_marker(e.text) is None:
            s.pending[-1] = f"{s.pending[-1]} {e.text}"
            s.expect_body = False
            return
        s.expect_body = False
        if safety and not nested:
            s.pending.append(e.text)
            s.expect_body = is_label_only(e.text)
        elif not nested and self.start_step(e):
            return
        elif s.pending:
            s.pending.append(text)
        else:
            self.continuation(text, e.page)

    def continuation(self, text: str, page: int | None) -> None:
        self._flush_table(attach=True)
        if self.s.step is not None:
            self.s.step.lines.append(text)
        else:
            self._body(page).lines.append(text)

    # -- steps ------------------------------------------------------------------------------
    def start_step(self, e: Element) -> bool:
        """Open a new step for ``e`` if it is one; False means it continues the current one."""
        s = self.s
        marker = mk.step_marker(e.text)
        if marker is None and e.category == "list_item" and e.ordered:
            marker = mk.Marker("auto", str(s.auto_no + 1), e.text)
        if marker is None:
            return False
        if marker.style == "cfr":
            return self.cfr_step(marker, e)
        if s.style is not None and marker.style != s.style and s.step is not None:
            return False
        s.style = marker.style
        self._restart_section(marker.number)
        head = f"{marker.number}. {e.text}" if marker.style == "auto" else e.text
        if marker.style == "auto":
            s.auto_no += 1
        self._new_step(marker.number, head, e.page)
        return True

    def _new_step(self, number: str, head: str, page: int | None) -> Unit:
        s = self.s
        self._flush_table(attach=True)
        unit = Unit("step", s.section, step=number, page=page, lines=[head], before=s.pending)
        s.pending = []
        s.step = unit
        self.units.append(unit)
        s.last_step_no = mk.ordinal(number)
        return unit

    def cfr_step(self, marker: mk.Marker, e: Element) -> bool:
        """Regulation-style paragraph ids: '(d)(5)(ii)' paths, top-level letters as sections."""
        s = self.s
        tokens = mk.cfr_tokens(marker.number)
        path = list(s.cfr_path)
        for token in tokens:
            level = mk.cfr_level(token, max((lv for lv, _ in path), default=0))
            path = [(lv, t) for lv, t in path if lv < level] + [(level, token)]
        cap, rest = mk.caption(marker.rest)
        if any(lv == 1 for lv, _ in path[-len(tokens):]) and s.origin in (None, "cfr"):
            self.open_section(f"{marker.number} {cap}".strip(), "cfr")
            self.s.cfr_path = path
            if rest:
                self._body(e.page).lines.append(e.text)
            return True
        number = "".join(f"({t})" for _, t in path)
        self._restart_section(number)
        s = self.s
        prev = s.step
        if (prev is not None and prev.caption_only and not prev.before and len(prev.lines) == 1
                and prev.step and number.startswith(prev.step) and number != prev.step):
            self.units.remove(prev)  # its caption is carried by this child instead
        s.cfr_path = path
        level = path[-1][0]
        s.captions = {lv: c for lv, c in s.captions.items() if lv < level}
        context = " ".join(s.captions[lv] + "." for lv in sorted(s.captions) if lv > 1)
        unit = self._new_step(number, " ".join(p for p in (number, context, marker.rest) if p),
                              e.page)
        if cap and not rest:
            unit.caption_only = True
            s.captions[level] = cap
        return True

    def _restart_section(self, number: str) -> None:
        """Numbering restarts at 1 after a Title-Case lead-in: the lead-in opens a new section."""
        # e.g. OSHA App. A: "(8) ... Restoring Equipment to Service. When ... shall be taken."
        step = self.s.step
        if (mk.ordinal(number) != 1 or step is None or (mk.ordinal(step.step) or 0) < 2
                or len(step.lines) < 2):
            return
        cap, _ = mk.caption(step.lines[-1])
        if not cap or not mk.is_title_case(cap) or len(cap.split()) > 8:
            return
        lead = step.lines.pop()
        self.open_section(cap, self.s.origin or "heading")
        self._body(step.page).lines.append(lead)

    # -- plain-text headings ----------------------------------------------------------------
    def is_plain_heading(self, e: Element) -> bool:
        """Heading without markup: bold/large line, numbered section name, or lone short line."""
        text = e.text
        if e.category != "paragraph" or "\n" in text or safety_type(text):
            return False
        if not mk.looks_like_title(text):
            return False
        marker = mk.step_marker(text)
        numbered = mk.section_label(text)[1]
        if e.strong and (marker is None or marker.style in ("dot", "decimal")):
            return True
        if not self.plain_headings:
            return False
        number = mk.ordinal(numbered)
        if number is not None and (marker is None or marker.style == "dot"):
            return self._numbered_heading(number, mk.section_label(text)[0])
        return e.standalone and marker is None and numbered is None

    def _numbered_heading(self, number: int, label: str) -> bool:
        title = label.split(" ", 1)[1] if " " in label else ""
        expected = (self.section_no or 0) + 1
        continues_steps = self.s.style == "dot" and self.s.last_step_no == number - 1
        if mk.is_section_word(title):
            return number == expected or (not continues_steps and number > expected)
        return mk.is_title_case(title) and number == expected and not continues_steps


def _is_step_word(text: str) -> bool:
    marker = mk.step_marker(text)
    return marker is not None and marker.style == "step"


def build_units(elements: list[Element], plain_headings: bool) -> list[Unit]:
    """Segment body elements into step / section / table units (empty ones dropped)."""
    builder = _Builder(plain_headings)
    for e in elements:
        builder.feed(e)
    if builder.caption is not None:
        builder.paragraph(builder.caption)
    builder.close_section()
    return [u for u in builder.units if any(line.strip() for line in u.lines + u.before)]
