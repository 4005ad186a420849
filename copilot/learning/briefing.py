"""Station briefing: purpose, PPE, tools, steps with parameters, warnings, PFMEA risks, history.

Built from current revisions only; every line is a frozen record carrying the citation of the
chunk it came from, so the CLI, the UI and the tests can show or check its source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from copilot.core.lexicon.safety import is_warning
from copilot.core.messages import as_lang, message
from copilot.core.types import Chunk, Citation
from copilot.learning.facts import parameters
from copilot.learning.material import (
    Document,
    StationMaterial,
    body,
    cite,
    within_year,
)

SECTIONS = ("purpose", "ppe", "tools", "steps", "safety", "can_go_wrong", "has_gone_wrong")
_AP_RANK = {"H": 0, "M": 1, "L": 2}
MAX_RISKS = 5
MAX_HISTORY = 5


@dataclass(frozen=True)
class BriefingLine:
    """One line of a briefing and where it comes from."""

    text: str
    citation: Citation
    params: tuple[str, ...] = ()  # key parameters stated on the line, verbatim
    step: str | None = None


@dataclass(frozen=True)
class BriefingSection:
    key: str
    title: str
    lines: tuple[BriefingLine, ...]


@dataclass(frozen=True)
class Briefing:
    station: str
    lang: str
    title: str
    documents: tuple[tuple[str, str, str], ...]  # (doc_id, revision, title)
    sections: tuple[BriefingSection, ...]

    def section(self, key: str) -> BriefingSection:
        return next(s for s in self.sections if s.key == key)

    def lines(self) -> list[BriefingLine]:
        return [ln for s in self.sections for ln in s.lines]


def label(key: str, lang: str, **values: object) -> str:
    """A briefing or quiz label: ``[learning]`` in the message catalogue."""
    return message(f"learning.{key}", lang, **values)


def build_briefing(m: StationMaterial, lang: str = "en") -> Briefing:
    """The briefing of one station in ``lang``: labels in ``lang``, and when the station has
    work instructions in ``lang``, only those (one language at a time; a station whose
    instructions are all in another language keeps them, quoted as written)."""
    lg = as_lang(lang)
    wis = tuple(d for d in m.documents if as_lang(d.language) == lg) or m.documents
    parts = {
        "purpose": [ln for d in wis for ln in _purpose(d)],
        "ppe": [ln for d in wis for ln in _bullets(d.sections("ppe"))],
        "tools": [ln for d in wis for ln in _bullets(d.sections("tools"))],
        "steps": [ln for d in wis for ln in _steps(d)],
        "safety": [ln for d in wis for ln in _warnings(d, lg)],
        "can_go_wrong": _risks(m.pfmea, lg),
        "has_gone_wrong": _history(within_year(m.work_orders, m.as_of), lg),
    }
    sections = tuple(BriefingSection(k, label(k, lg), tuple(parts[k])) for k in SECTIONS)
    docs = tuple((d.doc_id, d.revision or "", d.title) for d in wis)
    return Briefing(m.station, lg, label("briefing", lg, station=m.station), docs, sections)


def _lines(chunk: Chunk) -> list[str]:
    return [ln.strip() for ln in body(chunk).split("\n") if ln.strip()]


def _purpose(d: Document) -> list[BriefingLine]:
    for c in d.sections("purpose"):
        lines = _lines(c)
        if lines:
            return [BriefingLine(f"{d.doc_id}: {lines[0]}", cite(c, lines[0]))]
    return []


def _bullets(chunks: Iterable[Chunk]) -> list[BriefingLine]:
    out = []
    for c in chunks:
        for ln in _lines(c):
            text = ln.lstrip("-•* ").strip()
            out.append(BriefingLine(text, cite(c, ln), tuple(p.text for p in parameters(text))))
    return out


def step_line(chunk: Chunk) -> str:
    """The step's own text: its lines without safety blocks (those are listed verbatim apart)."""
    return " ".join(ln for ln in _lines(chunk) if not is_warning(ln))


def _steps(d: Document) -> list[BriefingLine]:
    out = []
    for c in d.steps:
        text = step_line(c)
        if text:
            out.append(BriefingLine(f"{d.doc_id} {text}", cite(c),
                                    tuple(p.text for p in parameters(text)), c.locator.step))
    return out


def _warnings(d: Document, lang: str) -> list[BriefingLine]:
    out = []
    for c in d.chunks:
        for ln in _lines(c):
            if is_warning(ln):
                where = label("before_step", lang, step=c.locator.step) if c.locator.step else (
                    c.locator.section or "")
                out.append(BriefingLine(f"{ln}  ({d.doc_id}, {where})", cite(c, ln),
                                        step=c.locator.step))
    return out


def top_risks(rows: Iterable[Chunk]) -> list[Chunk]:
    """PFMEA rows of the highest action priority present (then by RPN), one per failure mode."""
    ranked = sorted(rows, key=lambda c: (_AP_RANK.get(str(c.metadata.get("ap", "")), 9),
                                         -_int(c.metadata.get("rpn"))))
    if not ranked:
        return []
    best = _AP_RANK.get(str(ranked[0].metadata.get("ap", "")), 9)
    seen: set[str] = set()
    out = []
    for c in ranked:
        mode = str(c.metadata.get("failure_mode", ""))
        if _AP_RANK.get(str(c.metadata.get("ap", "")), 9) != best or not mode or mode in seen:
            continue
        seen.add(mode)
        out.append(c)
    return out[:MAX_RISKS]


def _risks(rows: Iterable[Chunk], lang: str) -> list[BriefingLine]:
    out = []
    for c in top_risks(rows):
        md = c.metadata
        text = (f"{md.get('failure_mode')} (AP {md.get('ap')}, S {md.get('severity')}, "
                f"RPN {md.get('rpn')}) - {label('detected_by', lang)}: "
                f"{md.get('detection_control', '-')}")
        out.append(BriefingLine(text, cite(c, body(c))))
    return out


def recurring(orders: Iterable[Chunk]) -> list[tuple[str, str, list[Chunk]]]:
    """(asset, failure code, work orders newest first) seen at least twice, most frequent first."""
    groups: dict[tuple[str, str], list[Chunk]] = {}
    for c in orders:
        code = str(c.metadata.get("failure_code", "")).strip()
        if code:
            groups.setdefault((str(c.metadata.get("asset", "")), code), []).append(c)
    rows = [(a, f, sorted(cs, key=lambda c: str(c.metadata.get("date", "")), reverse=True))
            for (a, f), cs in groups.items() if len(cs) >= 2]
    return sorted(rows, key=lambda r: (-len(r[2]), r[0], r[1]))


def _history(orders: list[Chunk], lang: str) -> list[BriefingLine]:
    out = []
    for asset, code, cs in recurring(orders)[:MAX_HISTORY]:
        texts = Counter(str(c.metadata.get("short_text", "")) for c in cs)
        common = texts.most_common(1)[0][0]
        latest = cs[0]
        text = (f"{asset} {code}: {label('times', lang, n=len(cs))} - \"{common}\" "
                f"({label('latest', lang)} {latest.metadata.get('work_order', '')}, "
                f"{str(latest.metadata.get('date', ''))[:10]})")
        out.append(BriefingLine(text, cite(latest, body(latest))))
    return out


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def briefing_text(b: Briefing) -> str:
    """Plain text for the terminal: numbered source markers after every line."""
    out = [b.title, "=" * len(b.title), label("documents", b.lang) + ": " + ", ".join(
        f"{d} Rev {r} - {t}" for d, r, t in b.documents)]
    for s in b.sections:
        out.append(f"\n{s.title}")
        if not s.lines:
            out.append(f"  {label('none', b.lang)}")
        for ln in s.lines:
            params = f"  [{label('key_params', b.lang)}: {', '.join(ln.params)}]" if (
                ln.params and s.key == "steps") else ""
            out.append(f"  - {ln.text}{params}\n      <{ln.citation.locator}>")
    return "\n".join(out)


def briefing_to_json(b: Briefing) -> dict[str, Any]:
    return {
        "station": b.station, "lang": b.lang, "title": b.title,
        "documents": [{"doc_id": d, "revision": r, "title": t} for d, r, t in b.documents],
        "sections": [{"key": s.key, "title": s.title, "lines": [
            {"text": ln.text, "params": list(ln.params), "step": ln.step,
             "chunk_id": ln.citation.chunk_id, "locator": ln.citation.locator,
             "doc_id": ln.citation.doc_id, "revision": ln.citation.revision,
             "quote": ln.citation.quote} for ln in s.lines]} for s in b.sections],
    }
