"""Work-instruction block model, its TOML loader, and the numbered layout every writer renders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from .common import COMPANY, COMPANY_KO, PLANT
from .tomldata import DataError, TomlTable, load_toml

SafetyKind = Literal["DANGER", "WARNING", "CAUTION", "NOTE"]
StepStyle = Literal["step", "dotted", "paren"]
Lang = Literal["en", "ko"]
SAFETY_KINDS: tuple[SafetyKind, ...] = get_args(SafetyKind)
KO_SAFETY: dict[SafetyKind, str] = {
    "DANGER": "위험",
    "WARNING": "경고",
    "CAUTION": "주의",
    "NOTE": "참고",
}


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """A procedure step; numbered per section when laid out."""

    text: str


@dataclass(frozen=True)
class Safety:
    """A DANGER/WARNING/CAUTION/NOTE block, placed before the step it guards."""

    kind: SafetyKind
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Bullets | Step | Safety | Table


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class DocMeta:
    no: str
    title: str
    rev: str
    eff: str
    author: str


@dataclass(frozen=True)
class WorkInstruction:
    file: str
    lang: Lang
    step_style: StepStyle
    header: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]

    @property
    def ko(self) -> bool:
        return self.lang == "ko"

    @property
    def meta(self) -> DocMeta:
        h = dict(self.header)
        keys = ("문서번호", "제목", "개정", "시행일", "작성") if self.ko else _EN_META
        try:
            no, title, rev, eff = (h[k] for k in keys[:4])
        except KeyError as exc:
            raise DataError(f"{self.file}: header needs {keys[:4]} ({exc} missing)") from exc
        return DocMeta(no, title, rev, eff, h.get(keys[4], ""))

    @property
    def title_line(self) -> str:
        prefix = "작업표준서" if self.ko else "WORK INSTRUCTION"
        return f"{prefix} - {self.meta.title}"

    @property
    def company_line(self) -> str:
        return f"{COMPANY_KO} (EDU-200 e-axle 조립)" if self.ko else f"{COMPANY} - {PLANT}"


_EN_META = ("Document No.", "Title", "Revision", "Effective date", "Prepared by")


# ---- layout: what the writers iterate over ----------------------------------------------
@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class NumberedStep:
    label: str
    text: str


@dataclass(frozen=True)
class SafetyNote:
    kind: SafetyKind
    label: str
    text: str


Item = Heading | Paragraph | Bullets | NumberedStep | SafetyNote | Table


def laid_out(wi: WorkInstruction) -> Iterator[Item]:
    """Numbered headings, steps labelled in the document's style, safety blocks labelled."""
    for sec_no, section in enumerate(wi.sections, start=1):
        yield Heading(f"{sec_no}. {section.title}")
        n = 0
        for block in section.blocks:
            if isinstance(block, Step):
                n += 1
                yield NumberedStep(_step_label(wi.step_style, sec_no, n), block.text)
            elif isinstance(block, Safety):
                label = KO_SAFETY[block.kind] if wi.ko else block.kind
                yield SafetyNote(block.kind, f"{label}:", block.text)
            else:
                yield block


def _step_label(style: StepStyle, section: int, n: int) -> str:
    if style == "dotted":
        return f"{section}.{n}"
    return f"Step {n}:" if style == "step" else f"{n})"


# ---- loading ------------------------------------------------------------------------------
_SAFETY_KEYS: dict[str, SafetyKind] = {k.lower(): k for k in SAFETY_KINDS}
BLOCK_KEYS = ("p", "bullets", "step", "table", *_SAFETY_KEYS)
_LANGS: dict[str, Lang] = {k: k for k in get_args(Lang)}
_STYLES: dict[str, StepStyle] = {k: k for k in get_args(StepStyle)}


def load_work_instruction(path: Path) -> WorkInstruction:
    """One work instruction from its TOML file (see data/README.md for the layout)."""
    doc = load_toml(path)
    lang = _LANGS.get(doc.text("lang"))
    style = _STYLES.get(doc.text("step_style"))
    if lang is None or style is None:
        raise DataError(f"{path.name}: lang must be en or ko, step_style step, dotted or paren")
    head = doc.table("header")
    header = tuple((key, head.text(key)) for key in head.names())
    sections = tuple(
        Section(s.text("title"), tuple(_block(b) for b in s.tables("block")))
        for s in doc.tables("section")
    )
    return WorkInstruction(doc.text("file"), lang, style, header, sections)


def _block(t: TomlTable) -> Block:
    kind = next((k for k in BLOCK_KEYS if t.has(k)), None)
    if kind is None:
        raise DataError(f"{t.where}: a block needs one of the keys {', '.join(BLOCK_KEYS)}")
    if kind == "p":
        return Paragraph(t.text("p"))
    if kind == "bullets":
        return Bullets(t.texts("bullets"))
    if kind == "step":
        return Step(t.text("step"))
    if kind == "table":
        rows = tuple(_row(r, t.where) for r in t.array("rows"))
        return Table(t.text("table"), t.texts("headers"), rows)
    return Safety(_SAFETY_KEYS[kind], t.text(kind))


def _row(row: object, where: str) -> tuple[str, ...]:
    if not isinstance(row, list) or not all(isinstance(c, str) for c in row):
        raise DataError(f"{where}: each table row must be an array of strings, not {row!r}")
    return tuple(row)
