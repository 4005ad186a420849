"""Planner stages: filters - station ranges, periods, linked values, numbers, emptiness.

Each stage takes the :class:`Question` and the :class:`Found` so far and returns a new
``Found`` with its conditions added and their words marked as explained.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from copilot.core.schema import Column
from copilot.core.types import Scalar
from copilot.tables import vocab
from copilot.tables.linking import AP_ALIASES, TYPE_ALIASES, Link
from copilot.tables.periods import find_periods
from copilot.tables.plan import Condition, Op
from copilot.tables.question import Found, Mention, Question, Span

_NUM = re.compile(r"(?<![0-9a-z_.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)([km](?![a-z]))?"
                  r"(?![0-9a-z_]|,\d|\.\d|-\d)")
_STATION_RANGE = re.compile(r"\bop-?(\d{2,3})\s*(?:-|–|~|to|through|thru|and)\s*op-?(\d{2,3})\b")
_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_UNIT_MIN = re.compile(r"^\s*(?:min|mins|minutes|분)\b")
_UNIT_H = re.compile(r"^\s*(?:h|hr|hrs|hours?|시간)\b")
_BREAKDOWN = re.compile(r"\bbr(?:eak|oken)[\s-]*down\b(?=.*\bby\b)")
_AP = re.compile(r"\b(?:ap|action\s+priority)\s*(?:=|of|is)?\s*(h|m|l|high|medium|low)\b"
                 r"|\b(high|medium|low)\s+(?:ap|action\s+priority)\b"
                 r"|조치우선순위\s*(?:가|이|는)?\s*(높음|중간|낮음|h|m|l)")
_OPEN = re.compile(r"\b(?:still\s+)?(open|closed|not\s+closed|unfinished)\b(?!\s+(?:time|date))"
                   r"|(미완료|미결|진행\s*중)")
_SIGN = re.compile(r"\b(negative|zero)\s+([a-z]+)(?![^.?!]*\b(?:included|including|"
                   r"excluded|excluding)\b)")

Stage = Callable[[Question, Found], Found]


def station_range(qn: Question, found: Found) -> Found:
    """"OP10 to OP60", "OP20-OP40": every station in between."""
    if not qn.spec.has("station"):
        return found
    for m in _STATION_RANGE.finditer(qn.q):
        if m.group(0) in qn.index.doc_words:  # "the OP20-OP40 log" names a file
            continue
        lo, hi = int(m.group(1)), int(m.group(2))
        inside = tuple(sorted({s for s in qn.stations()
                               if lo <= int(re.sub(r"\D", "", s) or -1) <= hi}))
        if inside:
            found = found.add(Condition("station", "in", inside, phrase=m.group(0)),
                              span=m.span())
    return found


def periods(qn: Question, found: Found) -> Found:
    """Days ("2024-03-05"), then years, months, quarters and relative periods as one range."""
    if not qn.spec.has("date"):
        return found
    for m in _DAY.finditer(qn.q):
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            continue
        nxt = (day + timedelta(days=1)).isoformat()
        found = found.add(Condition("date", ">=", (day.isoformat(),), phrase=m.group(1)),
                          Condition("date", "<", (nxt,), phrase=m.group(1)), span=m.span())
    named = [p for p in find_periods(qn.q, qn.today) if not found.taken(*p.span)]
    if named:  # "2024 and 2025", "from July to December 2024": one span over them all
        start, end = min(p.start for p in named), max(p.end for p in named)
        words = " to ".join(dict.fromkeys(p.words for p in named))
        found = found.add(Condition("date", ">=", (start,), phrase=words),
                          Condition("date", "<", (end,), phrase=words)).use(
            *(p.span for p in named))
    return found


def intent_words(qn: Question, found: Found) -> Found:
    """"top 5", "broken down by": intent, not filters (explained before values are linked)."""
    top = vocab.TOP_N.search(qn.q)
    if top:
        found = found.use(top.span())
    return found.use(*(m.span() for m in _BREAKDOWN.finditer(qn.q)))


def links(qn: Question, found: Found) -> Found:
    """Values the question names ("press 2", "CM+EM"), record ids, type and AP words."""
    multi = qn.spec.name == "work_orders"
    merged: dict[str, Link] = {}
    for lk in qn.links:
        a, b = qn.toks[lk.span[0]].start, qn.toks[lk.span[1] - 1].end
        if found.taken(a, b):
            continue
        found = found.use((a, b))
        lk, level = _level_named(qn, lk, a, b)
        if level:
            found = found.use(level)
        prev = merged.get(lk.column)
        if prev is None:
            merged[lk.column] = lk
        else:  # "CM+EM", "OP10 and OP20": one filter, any of the values
            merged[lk.column] = Link(lk.column, tuple(dict.fromkeys(
                (*prev.values, *lk.values))), prev.span, f"{prev.phrase} + {lk.phrase}",
                tuple(dict.fromkeys((*prev.alt_columns, *lk.alt_columns))),
                prev.exact and lk.exact, prev.score)
    ids, found = _id_links(qn, found)
    for lk in ids:
        merged[lk.column] = lk
    for lk in merged.values():
        op: Op = "=" if lk.exact or (len(lk.values) == 1 and not multi) else "in"
        a, b = qn.toks[lk.span[0]].start, qn.toks[lk.span[1] - 1].end
        if multi and not lk.exact and lk.column in ("major_system", "part", "failure_mode"):
            op = "tag" if qn.spec.has("short_text") else "atom"
        if lk.column == "work_order":
            op = "="
        if lk.column == "wo_type":
            op, values = "in", _type_values(lk.values)
        else:
            values = lk.values
        ruled_out = negation_spans(qn.q, a, b) if lk.column != "work_order" else []
        if ruled_out:
            op = "not_in"
            found = found.use(*ruled_out)
        found = found.add(Condition(lk.column, op, tuple(values), lk.alt_columns,
                                    phrase=lk.phrase))
        if lk.alt_columns:
            levels = " and ".join(c.replace("_", "-") for c in (lk.column, *lk.alt_columns))
            found = found.note(f"'{lk.phrase}' names a {levels}; matched either — say which "
                               "level to narrow it")
    return _aliases(qn, found)


# A value the question rules out: "not preventive", "non-PM", "excluding PM", "other than CM",
# "PMs excluded", "예방정비 제외", "PM 빼고", "PM 말고", "예방정비가 아닌"
_NOT_BEFORE = re.compile(r"(?:\b(?:not|non|excluding|except|without|besides|other\s+than)"
                         r"[\s-]*(?:an?\s+|the\s+)?)$")
_NOT_AFTER = re.compile(r"^(?:e?s)?\s*(?:(?:are\s+|were\s+)?(?:excluded|aside|left\s+out)\b"
                        r"|(?:은|는|이|가|을|를)?\s*(?:제외|빼고|말고|아닌))")


def negation_spans(q: str, a: int, b: int) -> list[Span]:
    """The words around ``q[a:b]`` that rule its value out (empty when none do)."""
    out: list[Span] = []
    before = _NOT_BEFORE.search(q[max(0, a - 24):a])
    if before:
        out.append((max(0, a - 24) + before.start(), a))
    after = _NOT_AFTER.match(q[b:b + 24])
    if after:
        out.append((b, b + after.end()))
    return out


def _level_named(qn: Question, lk: Link, a: int, b: int) -> tuple[Link, Span | None]:
    """"the Electrical System component", "subsystem Power Train": a value found at several
    levels of the hierarchy, with one level's word right beside it, is that level's value."""
    levels = (lk.column, *lk.alt_columns)
    if len(levels) < 2:
        return lk, None
    for m in qn.mentions:
        if m.column.name in levels and (0 <= m.start - b <= 1 or 0 <= a - m.end <= 1):
            return replace(lk, column=m.column.name, alt_columns=()), (m.start, m.end)
    return lk, None


def _id_links(qn: Question, found: Found) -> tuple[list[Link], Found]:
    """Record ids typed in the question (WO-24-00492): a lookup of that record."""
    out = []
    for i, t in enumerate(qn.toks):
        rid = qn.index.ids.get(t.text)
        if rid and not found.taken(t.start, t.end):
            out.append(Link("work_order", (rid,), (i, i + 1), t.text))
            found = found.use((t.start, t.end))
    if len(out) <= 1:
        return out, found
    return [Link("work_order", tuple(x.values[0] for x in out), out[0].span,
                 " + ".join(x.phrase for x in out))], found


def _alias_pattern(word: str) -> str:
    """A type word as the (lower-cased) question writes it; an upper-case code ("PM", "CM")
    only where it names work orders ("PMs", "CM jobs", "non-PM"): "5 cm" is a length."""
    w = re.escape(word.lower())
    if not word.isupper():
        return rf"(?<![a-z0-9_-]){w}"
    return (rf"(?<![a-z0-9_-]){w}(?=s\b|\s+(?:work\s+orders?|wos?|jobs?)\b)"
            rf"|(?<=\bnon\s){w}\b|(?<=\bnon-){w}\b")


def _aliases(qn: Question, found: Found) -> Found:
    """Type words ("corrective") and action priority words ("high AP") not linked as values."""
    q, spec = qn.q, qn.spec
    if spec.has("wo_type") and not any(c.column == "wo_type" for c in found.conds):
        for word, vals in TYPE_ALIASES.items():
            hit = re.search(_alias_pattern(word), q)
            if hit and not found.taken(hit.start(), hit.end()):
                # a log may write the type as the word ("preventive") rather than its code
                vals = (*vals, *(k.lower() for k, v in TYPE_ALIASES.items()
                                 if set(v) == set(vals) and k.lower() not in vals))
                ruled_out = negation_spans(q, *hit.span())
                found = found.add(Condition("wo_type", "not_in" if ruled_out else "in", vals,
                                            phrase=word), span=hit.span()).use(*ruled_out)
                break
    if spec.has("ap"):
        m = _AP.search(q)
        if m and not any(c.column == "ap" for c in found.conds):
            word = next(g for g in m.groups() if g)
            found = found.add(Condition("ap", "=", (AP_ALIASES[word],), phrase=m.group(0)),
                              span=m.span())
    return found


def numbers(qn: Question, found: Found) -> Found:
    """Numeric comparisons attached to the nearest numeric column word."""
    q, spec = qn.q, qn.spec
    numeric_cols = [m for m in qn.mentions if m.column.role == "number"]
    hits = 0
    for m in _SIGN.finditer(q):
        col = next((x.column for x in numeric_cols if x.start == m.start(2)), None)
        if col is not None:
            op: Op = "<" if m.group(1) == "negative" else "="
            found = found.add(Condition(col.name, op, (0,), phrase=m.group(0)), span=m.span())
            hits += 1
    for m in vocab.RANGE.finditer(q):
        if found.taken(m.start(), m.end()):
            continue
        lo, hi = float(m.group(1) or m.group(3)), float(m.group(2) or m.group(4))
        col = _column_near(qn, numeric_cols, m.start(), m.end())
        if col is None or lo > hi:
            continue
        found = found.add(Condition(col.name, "between", (_num(lo), _num(hi)),
                                    phrase=m.group(0).strip()), span=m.span())
        hits += 1
    for m in _NUM.finditer(q):
        a, b = m.span()
        if found.taken(a, b) or _part_of_code(q, a, b):
            continue
        raw = m.group(1).replace(",", "")
        scale = re.match(r"\s*(million|mil|mn|thousand|만|억)\b", q[b:])
        mult = {"k": 1e3, "m": 1e6}.get(m.group(2) or "", 1) * (
            {"thousand": 1e3, "만": 1e4, "억": 1e8}.get(scale.group(1), 1e6) if scale else 1)
        money = mult > 1 or bool(re.search(r"[$€₩]\s*$", q[max(0, a - 2):a])) or bool(
            re.match(r"\s*(?:krw|won|원|aud|usd|dollars?|eur)\b", q[b:]))
        if scale:
            b += len(scale.group(0))
        op, span = _comparison(qn, a, b)
        col = _column_near(qn, numeric_cols, span[0], span[1])
        if col is None and money and spec.has("cost"):
            col = spec.column("cost")  # "jobs over 1.5 million", "exceeding 10k"
        if col is None:
            continue
        value = float(raw) * mult
        if col.name == "downtime_h" and _UNIT_MIN.match(q[b:]):
            value /= 60
        found = found.add(Condition(col.name, op, (_num(value),),
                                    phrase=q[span[0]:span[1]].strip()), span=span)
        hits += 1
    return replace(found, numeric=True) if hits else found


def _part_of_code(q: str, a: int, b: int) -> bool:
    before = q[max(0, a - 1):a]
    return bool(re.match(r"[a-z-]", before)) and not re.match(r"[sod]", before)


def _comparison(qn: Question, a: int, b: int) -> tuple[Op, Span]:
    q = qn.q
    lead_end = a  # "over RPN 200": the column word may sit between comparison and number
    for m in qn.mentions:
        if m.end <= a and a - m.end <= 3 and m.column.role == "number":
            lead_end = m.start
    unit = re.match(r"\s*(?:hours?|hrs?|h|minutes?|mins?|시간|분|krw|원|aud|usd|kn|nm|%)?",
                    q[b:])
    after = b + (len(unit.group(0)) if unit and unit.group(0).strip() else 0)
    for op, pats in vocab.COMPARISONS:
        for pat in pats:
            lead, _, trail = pat.partition("N")
            if lead:
                for end in dict.fromkeys((a, lead_end)):
                    lm = re.search(f"(?:{lead})$", q[max(0, end - 30):end])
                    if lm:
                        return op, (min(end - len(lm.group(0)), a), b)
            if trail:
                for start in dict.fromkeys((b, after)):
                    tm = re.match(trail, q[start:start + 20])
                    if tm:
                        return op, (a, start + len(tm.group(0)))
    return "=", (a, b)


def _column_near(qn: Question, cols: list[Mention], a: int, b: int) -> Column | None:
    after = qn.q[b:b + 12]
    if qn.spec.has("downtime_h") and (_UNIT_H.match(after) or _UNIT_MIN.match(after)):
        return qn.spec.column("downtime_h")
    best: tuple[int, Column] | None = None
    for m in cols:
        dist = a - m.end if m.end <= a else (m.start - b) * 2 if m.start >= b else 0
        if dist <= 45 and (best is None or dist < best[0]):
            best = (dist, m.column)
    return best[1] if best else None


def emptiness(qn: Question, found: Found) -> Found:
    """"no recommended action yet", "with a cause": a text column empty or filled."""
    spec = qn.spec
    text_cols = [c for c in spec.columns if c.role in ("text", "category")]
    names = "|".join(sorted((re.escape(s) for c in text_cols for s in c.synonyms
                             if len(s) > 2), key=len, reverse=True))
    tests: tuple[tuple[re.Pattern[str], Op], ...] = (
        (vocab.EMPTY, "empty"), (vocab.NOT_EMPTY, "not_empty"))
    for pat, op in tests:
        rx = re.compile(pat.pattern.replace("{cols}", names))
        for m in rx.finditer(qn.q):
            word = m.group(1) or (m.group(2) if m.lastindex and m.lastindex > 1 else None)
            col = next((c for c in text_cols if word in c.synonyms), None)
            if col is None or found.taken(m.start(), m.end()):
                continue
            if col.name == "action" and spec.has("recommended_action"):
                col = spec.column("recommended_action")
            found = found.add(Condition(col.name, op, (), phrase=m.group(0).strip()),
                              span=m.span())
    return found


def open_orders(qn: Question, found: Found) -> Found:
    """"work orders still open" = no close date; "closed" ones have one."""
    if not qn.spec.has("date_closed"):
        return found
    m = _OPEN.search(qn.q)
    if m and not found.taken(m.start(), m.end()):
        op: Op = "not_empty" if (m.group(1) or "") == "closed" else "empty"
        found = found.add(Condition("date_closed", op, (), phrase=m.group(0)), span=m.span())
    return found


# The filter stages, in order: each sees the words the earlier ones explained.
FILTERS: tuple[Stage, ...] = (station_range, periods, intent_words, links, numbers, emptiness,
                              open_orders)


def _type_values(values: tuple[str, ...]) -> tuple[str, ...]:
    out = list(values)
    for v in values:
        for alias in TYPE_ALIASES.get(v, TYPE_ALIASES.get(v.lower(), ())):
            if alias not in out:
                out.append(alias)
    return tuple(out)


def _num(v: float) -> Scalar:
    return int(v) if float(v).is_integer() else v
