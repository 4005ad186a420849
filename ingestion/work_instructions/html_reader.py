"""HTML reader (BeautifulSoup): h1-h6, p, nested ul/ol items, tables, in document order.

Text a browser does not show is not read: elements with the ``hidden`` attribute, an inline
``display:none`` / ``visibility:hidden`` style, or a class or id that the page's own style
sheet hides that way (a reader cannot see it, so it must not be searched or quoted either; it
is where an injected instruction would hide).
"""

from __future__ import annotations

import re
from typing import Any

from ingestion.base import SourceFile
from ingestion.work_instructions.elements import Element, Extracted, Rows, clean, split_lines

_SKIP = frozenset(["script", "style", "noscript", "template", "head", "svg", "button", "form"])
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_PARAGRAPHS = frozenset(["p", "pre", "dt", "dd", "address", "figcaption", "caption", "summary"])
_INLINE = frozenset(["a", "b", "strong", "i", "em", "span", "u", "sup", "sub", "code", "small",
                     "mark", "abbr", "kbd", "s", "font", "img", "label", "time"])


_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.IGNORECASE)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE = re.compile(r"^\s*(?:[a-z0-9]*)([.#])([\w-]+)\s*$", re.IGNORECASE)


def hidden_selectors(css: str) -> tuple[frozenset[str], frozenset[str]]:
    """(classes, ids) that a style sheet hides with a simple ``.x`` / ``#x`` rule."""
    classes: set[str] = set()
    ids: set[str] = set()
    for selectors, body in _RULE.findall(css):
        if not _HIDING.search(body):
            continue
        for sel in selectors.split(","):
            m = _SIMPLE.match(sel)
            if m:
                (classes if m.group(1) == "." else ids).add(m.group(2))
    return frozenset(classes), frozenset(ids)


def _hidden(node: Any, classes: frozenset[str], ids: frozenset[str]) -> bool:
    """Whether a browser hides the element (attribute, inline style or the page's style sheet)."""
    attrs = node.attrs
    return ("hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true"
            or bool(_HIDING.search(str(attrs.get("style", ""))))
            or bool(set(attrs.get("class") or []) & classes) or attrs.get("id") in ids)


def _text(node: Any, exclude: frozenset[str] = frozenset()) -> str:
    if not hasattr(node, "children"):
        return str(node)
    return "".join(_text(c) for c in node.children if getattr(c, "name", None) not in exclude)


def _rows(table: Any) -> Rows:
    rows: list[tuple[str, ...]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = tuple(clean(_text(c)).replace("\n", " ") for c in tr.find_all(["th", "td"],
                                                                            recursive=False))
        if any(cells):
            rows.append(cells)
    return tuple(rows)


def _paragraphs(text: str, strong: bool = False) -> list[Element]:
    text = clean(text)
    if not text:
        return []
    return [Element("paragraph", line, strong=strong and "\n" not in text)
            for line in split_lines(text)]


def _is_strong(node: Any) -> bool:
    bold = node.find(["b", "strong"])
    return bold is not None and clean(_text(bold)) == clean(_text(node))


class _Walker:
    """Depth-first walk that emits elements in reading order."""

    def __init__(self) -> None:
        self.out: list[Element] = []

    def walk(self, node: Any, depth: int = 0) -> None:
        inline: list[str] = []
        for child in getattr(node, "children", ()):
            name = getattr(child, "name", None)
            if name is None or name in _INLINE:
                inline.append(_text(child))
                continue
            self.out.extend(_paragraphs("".join(inline)))
            inline = []
            self.block(child, name, depth)
        self.out.extend(_paragraphs("".join(inline)))

    def block(self, node: Any, name: str, depth: int) -> None:
        if name in _SKIP:
            return
        if name in _HEADINGS:
            text = clean(_text(node)).replace("\n", " ")
            if text:
                self.out.append(Element("heading", text, level=_HEADINGS[name]))
        elif name == "table":
            caption = node.find("caption", recursive=False)
            if caption is not None:
                self.out.extend(_paragraphs(_text(caption)))
            rows = _rows(node)
            if rows:
                self.out.append(Element("table", "", rows=rows))
        elif name in ("ul", "ol"):
            self.items(node, name == "ol", depth)
        elif name in _PARAGRAPHS:
            self.out.extend(_paragraphs(_text(node), strong=_is_strong(node)))
        else:
            self.walk(node, depth)

    def items(self, node: Any, ordered: bool, depth: int) -> None:
        for li in node.find_all("li", recursive=False):
            text = clean(_text(li, exclude=frozenset(["ul", "ol", "table"])))
            if text:
                first, *rest = split_lines(text)
                self.out.append(Element("list_item", first, level=depth, ordered=ordered))
                self.out.extend(Element("list_item", r, level=depth + 1) for r in rest)
            for child in li.find_all(["ul", "ol", "table"], recursive=False):
                self.block(child, child.name, depth + 1)


def read_html(data: bytes, source: SourceFile) -> Extracted:
    """Block-level elements of the page body (script/style/forms dropped)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    classes, ids = hidden_selectors("\n".join(st.get_text() for st in soup.find_all("style")))
    for node in [n for n in soup.find_all(True) if _hidden(n, classes, ids)]:
        if not node.decomposed:  # (a hidden element inside a hidden one is gone already)
            node.decompose()
    walker = _Walker()
    walker.walk(soup.body or soup)
    return Extracted(tuple(walker.out))
