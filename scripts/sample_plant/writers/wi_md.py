"""Work instruction as Markdown (as exported from a wiki)."""

from __future__ import annotations

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

FOOTER_EN = "Printed copies are uncontrolled. The valid revision is the one in the DMS."
FOOTER_KO = "인쇄본은 비관리 문서임. 최신본은 DMS에서 확인할 것."


def render_md(wi: WorkInstruction) -> str:
    out = [f"# {wi.title_line}", "", f"*{wi.company_line}*", ""]
    out += [f"{label}: {value}  " for label, value in wi.header]
    out += ["", "---", ""]
    for item in laid_out(wi):
        if isinstance(item, Heading):
            out += [f"## {item.text}", ""]
        elif isinstance(item, Paragraph):
            out += [item.text, ""]
        elif isinstance(item, Bullets):
            out += [f"- {b}" for b in item.items] + [""]
        elif isinstance(item, NumberedStep | SafetyNote):
            out += [f"{item.label} {item.text}", ""]
        elif isinstance(item, Table):
            out += _table(item)
    footer = FOOTER_KO if wi.ko else FOOTER_EN
    out += ["---", "", f"*{footer}*", ""]
    return "\n".join(out)


def _table(table: Table) -> list[str]:
    out = [f"**{table.caption}**", ""]
    out.append("| " + " | ".join(table.headers) + " |")
    out.append("|" + "|".join("---" for _ in table.headers) + "|")
    out += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in table.rows]
    return [*out, ""]


def write_md(wi: WorkInstruction, path: Path) -> None:
    write_text(path, render_md(wi))
