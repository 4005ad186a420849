"""Deterministic question planner: a question in, a small query plan (or None) out.

A pipeline of small functions over two frozen values (``question.Question``, the question
read against one table, and ``question.Found``, what the stages have explained so far):

    read the question (words, value links, column words) -> choose the table
    -> filters (station ranges, periods, linked values, numbers, emptiness, open orders)
    -> intent (count, average, sum, percentage, highest/lowest, list, group)
    -> meaning (the words left become a text filter: "related to overheating")
    -> decide (is it a table question at all, which route, which kind of plan)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from copilot.core.schema import TABLES, Column, TableSpec, table_named
from copilot.tables import vocab
from copilot.tables.filters import FILTERS
from copilot.tables.intent import Intent, intent, select_columns
from copilot.tables.linking import Link, ValueIndex, tokens
from copilot.tables.meaning import text_filters
from copilot.tables.plan import Plan, TextFilter
from copilot.tables.question import PLURAL, Found, Mention, Question

# Columns whose value a lookup question asks for ("what RPN", "who owns", "how long down").
_ANSWER_COLUMNS = frozenset(("severity", "occurrence", "detection", "rpn", "ap",
                             "prevention_control", "detection_control", "current_controls",
                             "recommended_action", "responsibility", "target_date", "status",
                             "action_taken", "downtime_h", "cost", "technician", "failure_code",
                             "date", "date_closed", "running_time", "work_order"))


@dataclass(frozen=True)
class Planned:
    plan: Plan
    route: str  # "table" | "both"
    score: float
    # "strong": counts, filters on numbers, rankings... always answered from the tables;
    # "listing" / "lookup": rows named by words only - used when rows match, else documents;
    # "relaxed": a plan that matched nothing until word conditions were dropped.
    kind: str = "strong"


@cache
def _synonyms_longest_first(table: str) -> tuple[tuple[str, Column], ...]:
    spec = table_named(table)
    return tuple(sorted(((s, c) for c in spec.columns for s in c.synonyms),
                        key=lambda p: -len(p[0])))


def _mentions(q: str, spec: TableSpec) -> tuple[Mention, ...]:
    """Column words in the question, longest first, without overlaps."""
    found: list[Mention] = []
    pairs = _synonyms_longest_first(spec.name)
    taken: list[tuple[int, int]] = []
    for syn, col in pairs:
        if len(syn) == 1:  # S / O / D only right before a comparison or number
            pat = rf"(?<![a-z0-9_-]){syn}(?=\s*(?:>=|<=|≥|≤|>|<|=|:)?\s*\d)"
        elif syn.isascii():
            pat = rf"(?<![a-z0-9_-]){re.escape(syn)}(?![a-z0-9_-])"
        else:
            pat = re.escape(syn)
        for m in re.finditer(pat, q):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Mention(col, m.start(), m.end()))
    return tuple(sorted(found, key=lambda m: m.start))


def _choose_table(q: str, links: dict[str, list[Link]],
                  mentions: dict[str, tuple[Mention, ...]], tables: tuple[TableSpec, ...],
                  indexes: dict[str, ValueIndex]) -> TableSpec | None:
    best: tuple[float, TableSpec] | None = None
    for spec in tables:
        score = 0.0
        other = [t for t in tables if t is not spec]
        for noun in spec.nouns_in(q):
            shared_word = any(noun in c.synonyms and c.name in indexes[o.name].values
                              for o in other for c in o.columns)
            score += 1.0 if shared_word else 2.0 if len(noun) > 4 or not noun.isascii() \
                else 1.5
        for m in mentions[spec.name]:
            shared = any(o.has(m.column.name) and m.column.synonyms[0] in o.column(
                m.column.name).synonyms for o in other)
            score += 0.3 if shared else 1.0
        score += sum(0.8 if lk.column not in ("station",) else 0.2 for lk in links[spec.name])
        if score > 0 and (best is None or score > best[0]):
            best = (score, spec)
    return best[1] if best and best[0] >= 1.0 else None


class RulePlanner:
    """Turns questions into plans with value linking against the current table contents."""

    def __init__(self, indexes: dict[str, ValueIndex], today: date | None = None) -> None:
        self._indexes = indexes
        self._today = today

    def looks_tabular(self, question: str) -> bool:
        """A table is named and the question counts, ranks or lists (gate for model plans)."""
        q = question.lower()
        tables = tuple(t for t in TABLES if t.name in self._indexes)
        named = any(t.nouns_in(q) for t in tables)
        wants = any(rx.search(q) for rx in (vocab.COUNT, vocab.AVG, vocab.SUM, vocab.PERCENT,
                                            vocab.SUPERLATIVE, vocab.MAX_FN, vocab.MIN_FN,
                                            vocab.TOP_N, vocab.LIST))
        return named and wants

    def plan(self, question: str) -> Planned | None:
        """A plan for the question, or None when it is not a table question.

        "How many X ... and how do I Y?": the part before the how/why is planned as the table
        question (route "both"), so the procedure's words do not become row filters.
        """
        cue = vocab.DOC_CUES.search(question.lower())
        if cue and cue.start() > 12:
            head = re.sub(r"[\s,;]*(?:and|그리고)?[\s,;]*$", "", question[:cue.start()])
            planned = self._plan(head)
            if planned is not None:
                return Planned(planned.plan, "both", planned.score, planned.kind)
        return self._plan(question)

    def _plan(self, question: str) -> Planned | None:
        q = _lowered(question)
        toks = tokens(question)
        tables = tuple(t for t in TABLES if t.name in self._indexes)
        links = {t.name: self._indexes[t.name].link(question, toks) for t in tables}
        mentions = {t.name: _mentions(q, t) for t in tables}
        spec = _choose_table(q, links, mentions, tables, self._indexes)
        if spec is None:
            return None
        return build(Question(self._indexes[spec.name], q, tuple(toks), tuple(links[spec.name]),
                              mentions[spec.name], self._today or date.today()))


def _lowered(question: str) -> str:
    # "lowest-RPN", "torque-related": word-word hyphens read as spaces (codes keep theirs)
    return re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question.lower().replace("’", "'"))


def read(question: str, index: ValueIndex, today: date) -> Question:
    """The question read against one table (the planner reads it against every table to
    choose one, then plans with that table's reading)."""
    toks = tokens(question)
    return Question(index, _lowered(question), tuple(toks), tuple(index.link(question, toks)),
                    _mentions(_lowered(question), index.spec), today)


def build(qn: Question) -> Planned | None:
    """One question's plan: the stages in order, each on the previous one's output."""
    found = Found()
    for stage in FILTERS:
        found = stage(qn, found)
    want, found = intent(qn, found)
    found = _drop_implied(qn, found, want)
    select = select_columns(qn, found, want)
    text, found = text_filters(qn, found)
    return decide(qn, found, want, select, text)


def _drop_implied(qn: Question, found: Found, want: Intent) -> Found:
    """Filters the intent already covers: the grouped column's one value, "all sources"."""
    conds = found.conds
    if want.group_by and any(c.column == want.group_by and len(c.values) == 1
                             and c.op in ("=", "in") for c in conds):
        conds = tuple(c for c in conds if c.column != want.group_by)  # "count by status (Open)"
    docs = [c for c in conds if c.column == "doc_id"]
    if docs and vocab.DOCS_ALL.search(qn.q) and (
            len(docs[0].phrase.split(" + ")) > 1 or _ALL_SOURCES.search(qn.q)):
        # "counting both the CMMS export and the area log": the sources are all wanted
        conds = tuple(c for c in conds if c.column != "doc_id")
    return found.keep(conds)


_ALL_SOURCES = re.compile(
    r"\b(?:area|korean|other|both|all)\s+(?:the\s+)?(?:logs?|sources?|exports?)\b"
    r"|\b(?:logs?|sources|exports)\s+(?:together|combined)\b|정비일지|모두")
_EXISTS = re.compile(r"\bany\b|\bwere\s+there\b|\bis\s+there\b|\bare\s+there\b"
                     r"|있었|있나|있어|있는지")
_MINUTES = re.compile(r"몇\s*분|분\s*(?:단위|으로)|\bminutes\b|\bmins\b")


def decide(qn: Question, found: Found, want: Intent, select: tuple[str, ...],
           text: tuple[TextFilter, ...]) -> Planned | None:
    """The plan, its route and kind - or None when the question is not one for the tables."""
    spec, q, conds = qn.spec, qn.q, found.conds
    agg, group = want.aggregate, want.group_by
    intent_asked = (agg != "list" or group is not None or found.numeric
                    or want.order_by is not None
                    or any(c.op in ("empty", "not_empty") for c in conds))
    by_id = any(c.column == "work_order" for c in conds)
    if by_id:  # a record named by its id: show it, whatever else the words say
        agg, group, text = "list", None, ()
        select = tuple(dict.fromkeys(m.column.name for m in qn.mentions
                                     if m.column.name != "work_order"))
    nouns = spec.nouns_in(q)
    noun = bool(nouns)
    own = {c.name for c in spec.columns} - {c.name for t in TABLES if t is not spec
                                             for c in t.columns}
    structured = any(c.column not in ("station", "doc_id") for c in conds)
    anchored = noun or group is not None or found.numeric or structured or any(
        m.column.role == "number" or m.column.name in own for m in qn.mentions) or any(
        c in own for c in select)
    plural = bool(PLURAL.search(q)) or (any(not n.isascii() for n in nouns)
                                         and bool(vocab.LIST.search(q)))
    exists = bool(_EXISTS.search(q))
    strong = by_id or (intent_asked and anchored) or (
        (plural or exists) and structured and not select)
    asks = [c for c in select if c in _ANSWER_COLUMNS]
    lookup = bool(asks) and bool(text or conds) and (
        noun or structured or any(c in own for c in asks))
    listing = plural and bool(conds or text)
    if not (strong or lookup or listing):
        return None
    if not strong and vocab.DOC_CUES.search(q):
        return None  # "how do I lock out PRS-01 before maintenance?" is a procedure
    plan = Plan(table=spec.name, conditions=conds, text=text, aggregate=agg,
                measure=want.measure, group_by=group, order_by=want.order_by,
                descending=want.descending, limit=want.limit, select=select,
                notes=found.notes, also=want.also,
                minutes=want.measure == "downtime_h" and bool(_MINUTES.search(q)),
                distinct_of=want.distinct_of)
    route = "both" if vocab.DOC_CUES.search(q) or (lookup and not strong) else "table"
    kind = "strong" if strong else "listing" if listing else "lookup"
    return Planned(plan, route, 2.0 if intent_asked else 1.0, kind)
