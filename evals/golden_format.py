"""Golden-set format (JSON Lines) and the matching rules the runner applies.

{"id": str, "question": str, "lang": "en"|"ko", "answerable": bool,
 "evidence": [[str, ...], ...], "facts": [str, ...], "category": str,
 "route": "table"|"documents"|"both" (optional: expected routing),
 "expect_empty": bool (optional: a table question whose honest answer is "nothing matches"),
 "history": [str, ...] (optional: the earlier questions of the conversation, oldest first)}
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.answering.grounding import MARKER, quantities
from copilot.core.errors import ConfigError
from copilot.core.lexicon.dates import parse_date


@dataclass(frozen=True)
class GoldenItem:
    id: str
    question: str
    lang: str
    answerable: bool
    evidence: tuple[tuple[str, ...], ...]
    facts: tuple[str, ...]
    category: str
    route: str | None = None
    expect_empty: bool = False
    history: tuple[str, ...] = ()


def load_golden(path: Path) -> list[GoldenItem]:
    items: list[GoldenItem] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            items.append(GoldenItem(
                id=str(d["id"]), question=str(d["question"]), lang=str(d.get("lang", "en")),
                answerable=bool(d.get("answerable", True)),
                evidence=tuple(tuple(str(s) for s in g) for g in d.get("evidence", [])),
                facts=tuple(str(f) for f in d.get("facts", [])),
                category=str(d.get("category", "general")),
                route=str(d["route"]) if d.get("route") else None,
                expect_empty=bool(d.get("expect_empty", False)),
                history=tuple(str(h) for h in d.get("history", []))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{n}: not a golden item ({exc})") from exc
    return items


def norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _row_fields(snippet: str) -> list[str]:
    """A raw CSV row quoted as evidence -> the fields a chunk of that row must show.

    Whole-number fields (row ids, 1-10 ratings) are left out: a record chunk shows them under a
    label or in its locator, not in its text; one-character fields match anywhere."""
    if snippet.count(",") < 2:
        return []
    row = next(csv.reader(io.StringIO(snippet)), [])
    return [f.strip() for f in row if len(f.strip()) > 1 and not f.strip().lstrip("-").isdigit()]


def snippet_found(snippet: str, text: str) -> bool:
    """Verbatim (whitespace/case folded); a Markdown heading without its #s; a raw CSV row by its
    fields, so evidence written from the raw file matches however a converter lays the row out."""
    t = norm_ws(text)
    s = norm_ws(snippet)
    if s in t or s.lstrip("#").strip() in t:
        return True
    fields = _row_fields(snippet)
    return bool(fields) and all(norm_ws(f) in t for f in fields)


def group_found(group: tuple[str, ...], text: str) -> bool:
    return all(snippet_found(s, text) for s in group)


_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}")


def fact_present(fact: str, answer: str) -> bool:
    """Case-insensitive; numbers compared after normalising separators and units."""
    if norm_ws(fact) in norm_ws(answer):
        return True
    # a date written another way: the chiller log's "11/20/20" (M/D/YY) is 2020-11-20
    if _DATE.fullmatch(fact.strip()) and (day := parse_date(fact.strip(), False)) is not None:
        return day[:10] in answer
    fq = quantities(fact)
    if not fq:
        return False
    aq = quantities(answer)
    return all(any(a.value == f.value and (not f.unit or not a.unit or a.unit == f.unit)
                   for a in aq) for f in fq)


def score_answer(item: GoldenItem, ans: dict[str, Any] | None) -> dict[str, float]:
    """exact (all facts present, or nothing-matches when expected), fact recall, routing.

    ``ans`` is an answer in the CLI/API JSON shape (None: nothing was answered). Citation
    markers are not the answer's words: "[9]" must not count as the fact "9"."""
    text = MARKER.sub(" ", ans["answer"]) if ans else ""
    m: dict[str, float] = {}
    if item.expect_empty:
        ok = ans is not None and (ans.get("table") or {}).get("matched") == 0
        m["exact"] = m["fact_recall"] = float(ok)
    elif item.facts:
        present = [fact_present(f, text) for f in item.facts]
        m["fact_recall"] = sum(present) / len(present)
        m["exact"] = float(all(present))
    if item.route:
        got = ans.get("route", "documents") if ans else "documents"
        m["route_correct"] = float(got == item.route or {got, item.route} == {"table", "both"})
    return m
