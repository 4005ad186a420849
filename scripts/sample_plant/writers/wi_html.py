"""Work instruction as an HTML page saved from the DMS document viewer."""

from __future__ import annotations

from html import escape as e
from pathlib import Path
from typing import assert_never

from ..common import write_text
from ..wi_model import (
    Bullets,
    Heading,
    Item,
    NumberedStep,
    Paragraph,
    SafetyNote,
    Table,
    WorkInstruction,
    laid_out,
)

CSS = (
    "body{font-family:Arial,Helvetica,sans-serif;font-size:14px;margin:0;color:#222}"
    ".topnav{background:#1f3a5f;color:#fff;padding:8px 16px}"
    ".topnav a{color:#cfe0f5;margin-right:14px;text-decoration:none}"
    ".crumbs{padding:6px 16px;font-size:12px;color:#666}"
    "main{max-width:960px;padding:8px 24px}"
    ".docmeta{border:1px solid #999;background:#f6f6f6;padding:6px 12px;margin:10px 0}"
    ".docmeta p{margin:2px 0}"
    ".step{margin:6px 0 6px 12px}"
    ".safety{border-left:6px solid;padding:6px 10px;margin:8px 0}"
    ".DANGER{border-color:#c00;background:#fde8e8}.WARNING{border-color:#e67e00;"
    "background:#fff1dd}.CAUTION{border-color:#d4b000;background:#fffbd6}"
    ".NOTE{border-color:#3a78c2;background:#eaf2fb}"
    "table{border-collapse:collapse;margin:6px 0 14px 0}"
    "td,th{border:1px solid #888;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#e3e8ef}footer{font-size:11px;color:#777;padding:16px 24px}"
)
NAV = (
    '<div class="topnav"><b>Hanbit DMS</b> &nbsp; <a href="#">Home</a>'
    '<a href="#">Documents</a><a href="#">Line 2</a><a href="#">My tasks</a>'
    '<a href="#">Help</a></div>'
)


def render_html(wi: WorkInstruction) -> str:
    meta = wi.meta
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(meta.no)} Rev {e(meta.rev)} - {e(meta.title)} | Hanbit DMS</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        NAV,
        '<div class="crumbs">Documents &gt; Changwon &gt; Line 2 &gt; Work instructions &gt; '
        f"{e(meta.no)}</div>",
        "<main>",
        f"<h1>{e(wi.title_line)}</h1>",
        f"<p><i>{e(wi.company_line)}</i></p>",
        '<div class="docmeta">',
        *(f"<p>{e(label)}: {e(value)}</p>" for label, value in wi.header),
        "</div>",
    ]
    for item in laid_out(wi):
        out += _item(item)
    out += [
        "</main>",
        "<footer>Printed copies are uncontrolled. The valid revision is the one in the DMS. "
        f"Released {e(meta.eff)} - Hanbit DMS 3.2 document viewer.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _item(item: Item) -> list[str]:
    if isinstance(item, Heading):
        return [f"<h2>{e(item.text)}</h2>"]
    if isinstance(item, Paragraph):
        return [f"<p>{e(item.text)}</p>"]
    if isinstance(item, Bullets):
        return ["<ul>" + "".join(f"<li>{e(b)}</li>" for b in item.items) + "</ul>"]
    if isinstance(item, NumberedStep):
        return [f'<p class="step"><b>{e(item.label)}</b> {e(item.text)}</p>']
    if isinstance(item, SafetyNote):
        return [f'<div class="safety {item.kind}"><b>{e(item.label)}</b> {e(item.text)}</div>']
    if isinstance(item, Table):
        return [
            f"<table><caption><b>{e(item.caption)}</b></caption>",
            "<tr>" + "".join(f"<th>{e(h)}</th>" for h in item.headers) + "</tr>",
            *("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in item.rows),
            "</table>",
        ]
    assert_never(item)


def write_html(wi: WorkInstruction, path: Path) -> None:
    write_text(path, render_html(wi))
