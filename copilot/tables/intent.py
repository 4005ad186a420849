"""Planner stage: intent - aggregate functions, grouping, ordering, top-N, looked-up columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from copilot.tables import vocab
from copilot.tables.meaning import is_intent_word
from copilot.tables.plan import Agg
from copilot.tables.question import PLURAL, Found, Question

_ASC_FIRST = re.compile(r"\b(?:lowest|smallest|oldest|least)\s+first\b|ascending|낮은\s*순|오름차순")
_LOW = re.compile(r"lowest|least|smallest|fewest|shortest|cheapest|가장\s*(?:낮|적|작|짧)")
_RANKED = re.compile(r"\b(?:rank|ranked|ranking|sorted|ordered)\b|순위")
_IN_TOTAL = re.compile(r"how\s+many[^?]*\bin\s+total\b")
_TIME_GROUP = re.compile(r"\b(?:which|what|per|by|each)\s+(year|month)\b|(연도|월)별")
_WHICH = re.compile(r"\b(?:which|what|rank|ranking|compare|top\s+\d+)\s+(?:the\s+)?"
                    r"(?:(?:p?fmea|cmms)\s+)?([a-z][a-z -]{1,25})")
_HAD = re.compile(r"\b(?:had|have|has|got|get|with|rank|ranking|compare)\b")
_MOST_COMMON = re.compile(r"\bmost\s+(?:common|frequent|often\s+\w+)\s+([a-z][a-z -]{1,25})")
_KO_MOST = re.compile(r"가장|최다|제일")
_KO_WHICH = re.compile(r"(?:어느|어떤)\s*([가-힣]+)")
_PIVOT = re.compile(r"\b(?:are|were|is|was|have|has|had|with|that)\b|중|가운데")
_WHAT_DID = re.compile(r"\b(?:what|how\s+much)\s+(?:did|do|does|have)\b")
_WHO = re.compile(r"\bwho\b|누가|담당")


@dataclass(frozen=True)
class Intent:
    """What the question wants computed from the filtered rows."""

    aggregate: Agg
    measure: str | None
    group_by: str | None
    order_by: str | None
    descending: bool
    limit: int | None
    also: tuple[Agg, ...]
    distinct_of: str | None = None


def intent(qn: Question, found: Found) -> tuple[Intent, Found]:
    """The aggregate, measure, grouping, order and limit; a group's words become explained
    and a percentage marks its numerator's conditions."""
    q, spec = qn.q, qn.spec
    num_mentions = [m for m in qn.mentions if m.column.role == "number"
                    and not found.taken(m.start, m.end)]
    measure = num_mentions[0].column.name if num_mentions else None
    group, found = _group(qn, found)
    top = vocab.TOP_N.search(q)
    limit = int(next(g for g in top.groups() if g)) if top else None
    desc = not bool(vocab.ORDER_ASC.search(q))
    order = _order_by(qn)
    if order:
        desc = not _ASC_FIRST.search(q)
    fns = _functions(q, measure)  # aggregate functions named, in order of appearance
    agg: Agg = fns[0] if fns else "list"
    if agg == "list" and measure and not group and _WHAT_DID.search(q) and PLURAL.search(q) \
            and (spec.column(measure).unit or measure == "cost"):
        agg = "sum"  # "what did the CHL-01 breakdowns cost?": what they cost together
    if agg == "percentage":
        found = _mark_subjects(q, found)
    sup = vocab.SUPERLATIVE.search(q)
    low = bool(sup) and bool(_LOW.match(q[sup.start():])) if sup else False
    if group:
        if agg == "list" and measure:  # "which asset had the most downtime"
            additive = bool(spec.column(measure).unit) or measure in ("cost", "running_time")
            agg = "sum" if additive else ("min" if low else "max")
        elif agg == "list":
            agg = "count"
        if sup and not order:
            desc = not low
            limit = limit or (None if _RANKED.search(q) else 1)
    elif sup and agg in ("list", "count") and measure and not order:
        if limit or agg == "count":
            order, desc = measure, not low
        else:
            agg = "min" if low else "max"
    elif sup and agg == "list" and order and not limit and not _RANKED.search(q) \
            and not re.match(r"\w+\s+first\b", q[sup.start():]):  # "highest first" sorts
        # "highest risk item by RPN": the rows holding the extreme, not every row sorted
        agg, measure, order = ("min" if low else "max"), order, None
    if order is None and agg == "list" and limit and measure:
        order = measure
    also = tuple(f for f in fns[1:] if f != agg and f not in ("count", "percentage"))
    if agg == "count" and not group and not also:
        measure = None
    kinds = _how_many_of(qn, found) if agg == "count" and not group else None
    return Intent(agg, measure, group, order, desc, limit, also, kinds), found


_HOW_MANY = re.compile(r"\bhow\s+many\s+(?:different\s+|distinct\s+|separate\s+)?"
                       r"([a-z]+(?:[ -][a-z]+)?)")


def _how_many_of(qn: Question, found: Found) -> str | None:
    """"across how many sub-components": a category column counted by its values (the rows
    are counted anyway); not the rows' own name ("how many failure modes") nor a column the
    question pins to one value."""
    pinned = {c.column for c in found.conds if c.op == "=" or len(c.values) == 1}
    for m in _HOW_MANY.finditer(qn.q):
        for c in qn.spec.columns:
            if c.role == "category" and c.name != qn.spec.title_column and \
                    c.name not in pinned and any(
                        re.match(rf"{re.escape(s.replace('-', ' '))}s?\b", m.group(1))
                        for s in c.synonyms if len(s) > 1):
                return c.name
    return None


def _functions(q: str, measure: str | None) -> list[Agg]:
    """count / avg / sum / min / max / percentage words, in the order they are asked."""
    hits: list[tuple[int, Agg]] = []
    named: tuple[tuple[re.Pattern[str], Agg], ...] = (
        (vocab.PERCENT, "percentage"), (vocab.AVG, "avg"), (vocab.SUM, "sum"),
        (vocab.COUNT, "count"), (vocab.MAX_FN, "max"), (vocab.MIN_FN, "min"))
    for rx, fn in named:
        m = rx.search(q)
        if m and (measure or fn in ("count", "percentage")) and not (
                fn == "sum" and measure is None):
            hits.append((m.start(), fn))
    if any(f == "count" for _, f in hits) and any(f == "sum" for _, f in hits) and \
            _IN_TOTAL.search(q) and measure is None:
        hits = [x for x in hits if x[1] != "sum"]  # "how many ... in total" is a count
    hits.sort()
    fns = [f for _, f in hits]
    if "percentage" in fns:
        return ["percentage"]
    return fns


def _order_by(qn: Question) -> str | None:
    m = vocab.ORDER_BY.search(qn.q)
    if not m:
        return None
    words = (m.group(1) or m.group(2) or "").strip()
    col = next((c for c in qn.spec.columns if c.role in ("number", "date")
                and any(words.startswith(s) for s in c.synonyms if len(s) > 1)), None)
    return col.name if col else None


def _names(words: str, synonyms: tuple[str, ...]) -> bool:
    """Do the words start with one of the column's (longer than one letter) synonyms?"""
    return any(re.match(rf"{re.escape(s)}\b", words) for s in synonyms if len(s) > 1)


def _group(qn: Question, found: Found) -> tuple[str | None, Found]:
    """The category the question groups by ("per station", "which asset ... most")."""
    q, spec = qn.q, qn.spec
    cats = [c for c in spec.columns if c.role == "category"]
    for g in vocab.GROUP.finditer(q):
        words = (g.group(1) or g.group(2) or "").strip()
        for c in cats:
            if _names(words, c.synonyms):
                return c.name, found.use(g.span())
    if spec.has("date"):
        y = _TIME_GROUP.search(q)
        if y:
            return ("year" if (y.group(1) or y.group(2)) in ("year", "연도") else "month"), found
    m = _WHICH.search(q)
    if m and (vocab.SUPERLATIVE.search(q) or vocab.COUNT.search(q) or vocab.AVG.search(q)
              or _HAD.search(q)):
        parts = m.group(1).split()
        for skip in range(min(3, len(parts))):  # "which haul truck subsystem ..."
            if any(vocab.SUPERLATIVE.search(w) or is_intent_word(w) for w in parts[:skip]):
                break  # "top 5 most expensive excavator work orders": no group
            words = " ".join(parts[skip:])
            if PLURAL.match(" ".join(parts[skip + 1:skip + 3])):
                continue  # "excavator work orders": a modifier of the rows, not a group
            start = m.start(1) + len(" ".join(parts[:skip])) + (1 if skip else 0)
            for c in cats:
                if _names(words, c.synonyms):
                    if c.name in ("station",) and any(x.column == c.name for x in found.conds):
                        continue
                    return c.name, found.use((start, start + len(parts[skip])))
            after = q[start + len(parts[skip]):].lstrip()
            # "which chiller has ..." where the assets are chillers; not "which Chiller 10
            # work order" (one chiller, named) nor "which chiller work order" (the rows)
            if _kind_of_asset(qn, parts[skip]) and not re.match(
                    r"(?:\d|[a-z]\b)|(?:work\s+order|wo|job|row|record)\b", after):
                return "asset", found.use((start, start + len(parts[skip])))
    m = _MOST_COMMON.search(q)
    if m:
        for c in cats:
            if _names(m.group(1), c.synonyms):
                return c.name, found
    if _KO_MOST.search(q):
        for c in cats:
            if any(s in q for s in c.synonyms if not s.isascii()) and not any(
                    x.column == c.name for x in found.conds):
                return c.name, found
    m = _KO_WHICH.search(q)
    if m:
        for c in cats:
            if any(s in m.group(1) for s in c.synonyms if not s.isascii()):
                return c.name, found
    return None, found


def _kind_of_asset(qn: Question, word: str) -> bool:
    """``word`` names what the table's assets are: it is a word of at least two assets'
    descriptions ("Chiller 6", "Chiller 9": "which chiller has the most ..." groups by asset)."""
    if not qn.spec.has("asset") or not word.isascii() or len(word) < 3:
        return False
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    named = sum(any(singular in d.lower().split() for d in descs)
                for descs in qn.index.descriptions.values())
    return named >= 2


def _mark_subjects(q: str, found: Found) -> Found:
    """'What share of X are Y': conditions after the pivot word are the numerator."""
    pivot = _PIVOT.search(q)
    if pivot is None or not found.conds:
        return found
    cut = pivot.start()
    marked = tuple(replace(c, subject=(q.find(c.phrase) if c.phrase else -1) > cut)
                   for c in found.conds)
    return found.keep(marked) if any(c.subject for c in marked) else found


def select_columns(qn: Question, found: Found, want: Intent) -> tuple[str, ...]:
    """Columns a lookup asks for ("what's its status", "which tech", "who owns")."""
    if want.aggregate not in ("list", "count") or want.group_by:
        return ()
    filtered = {c.column for c in found.conds}
    out: list[str] = []
    for m in qn.mentions:
        if found.taken(m.start, m.end) or m.column.name in filtered:
            continue
        if m.column.name not in out and m.column.name != qn.spec.title_column and \
                not m.column.base:
            out.append(m.column.name)
    if _WHO.search(qn.q):
        who = next((c for c in ("responsibility", "technician") if qn.spec.has(c)), None)
        if who and who not in out:
            out.append(who)
    return tuple(out)
