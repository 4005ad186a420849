"""Deterministic question planner: a question in, a small query plan (or None) out.

Steps: find the table (its nouns, its columns' words, its values), link names to values
(``linking``), read periods (``periods``), numeric comparisons next to a numeric column ("S>=9",
"RPN 100+", "downtime over 2 h", "심각도 9 이상"), emptiness ("no recommended action yet"),
the intent (count, average, sum, percentage, highest/lowest, list, group), and what words are
left become a meaning filter on the text columns ("related to overheating").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from copilot.tables import vocab
from copilot.tables.linking import Link, Token, ValueIndex, tokens
from copilot.tables.periods import find_periods
from copilot.tables.plan import Agg, Condition, Op, Plan, TextFilter
from copilot.tables.schema import TABLES, Column, TableSpec
from copilot.types import Scalar

_NUM = re.compile(r"(?<![0-9a-z_.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)([km](?![a-z]))?"
                  r"(?![0-9a-z_]|,\d|\.\d|-\d)")
# Columns whose value a lookup question asks for ("what RPN", "who owns", "how long down").
_ANSWER_COLUMNS = frozenset(("severity", "occurrence", "detection", "rpn", "ap",
                             "prevention_control", "detection_control", "current_controls",
                             "recommended_action", "responsibility", "target_date", "status",
                             "action_taken", "downtime_h", "cost", "technician", "failure_code",
                             "date", "date_closed", "running_time", "work_order"))
# A list of rows asked for by name: plural table nouns ("work orders", "failure modes", "WOs").
_PLURAL = re.compile(r"\b(?:work\s+orders|wos|jobs|repairs|breakdowns|failure\s+modes|"
                     r"(?:p?fmea\s+)?(?:lines|rows|entries|items|records)|line\s+items|causes|"
                     r"orders|pms|cms)\b")
_STATION_RANGE = re.compile(r"\bop-?(\d{2,3})\s*(?:-|–|~|to|through|thru|and)\s*op-?(\d{2,3})\b")
_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_UNIT_MIN = re.compile(r"^\s*(?:min|mins|minutes|분)\b")
_UNIT_H = re.compile(r"^\s*(?:h|hr|hrs|hours?|시간)\b")


@dataclass(frozen=True)
class Mention:
    column: Column
    start: int
    end: int


@dataclass(frozen=True)
class Planned:
    plan: Plan
    route: str  # "table" | "both"
    score: float
    # "strong": counts, filters on numbers, rankings... always answered from the tables;
    # "listing" / "lookup": rows named by words only - used when rows match, else documents.
    kind: str = "strong"


def _mentions(q: str, spec: TableSpec) -> list[Mention]:
    """Column words in the question, longest first, without overlaps."""
    found: list[Mention] = []
    pairs = sorted(((s, c) for c in spec.columns for s in c.synonyms), key=lambda p: -len(p[0]))
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
    return sorted(found, key=lambda m: m.start)


def _choose_table(q: str, links: dict[str, list[Link]],
                  mentions: dict[str, list[Mention]], tables: tuple[TableSpec, ...],
                  indexes: dict[str, ValueIndex]) -> TableSpec | None:
    best: tuple[float, TableSpec] | None = None
    for spec in tables:
        score = 0.0
        other = [t for t in tables if t is not spec]
        for noun in spec.nouns:
            if re.search(rf"(?<![a-z0-9_-]){re.escape(noun)}(?![a-z0-9_-])" if noun.isascii()
                         else re.escape(noun), q):
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
        named = any(re.search(rf"(?<![a-z0-9_-]){re.escape(n)}(?![a-z0-9_-])", q) if n.isascii()
                    else n in q for t in tables for n in t.nouns)
        wants = any(rx.search(q) for rx in (vocab.COUNT, vocab.AVG, vocab.SUM, vocab.PERCENT,
                                            vocab.MAX, vocab.MIN, vocab.LIST))
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
        # "lowest-RPN", "torque-related": word-word hyphens read as spaces (codes keep theirs)
        q = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question.lower().replace("’", "'"))
        toks = tokens(question)
        tables = tuple(t for t in TABLES if t.name in self._indexes)
        links = {t.name: self._indexes[t.name].link(question, toks) for t in tables}
        mentions = {t.name: _mentions(q, t) for t in tables}
        spec = _choose_table(q, links, mentions, tables, self._indexes)
        if spec is None:
            return None
        return _Build(self._indexes[spec.name], q, toks, links[spec.name], mentions[spec.name],
                      self._today or date.today()).run()


class _Build:
    """One question's planning state (kept out of the planner so it stays reusable)."""

    def __init__(self, index: ValueIndex, q: str, toks: list[Token], links: list[Link],
                 mentions: list[Mention], today: date) -> None:
        self.index, self.spec = index, index.spec
        self.q, self.toks, self.links, self.mentions = q, toks, links, mentions
        self.today = today
        self.known_stations = list(index.values.get("station", ()))
        self.used: list[tuple[int, int]] = []  # character spans explained so far
        self.conds: list[Condition] = []
        self.notes: list[str] = []

    def use(self, a: int, b: int) -> None:
        self.used.append((a, b))

    def run(self) -> Planned | None:
        spec, q = self.spec, self.q
        self._station_range()
        self._periods()
        top = vocab.TOP_N.search(q)
        if top:
            self.use(*top.span())
        for m in re.finditer(r"\bbr(?:eak|oken)[\s-]*down\b(?=.*\bby\b)", q):
            self.use(*m.span())
        self._links()
        numeric = self._numbers()
        self._emptiness()
        self._open_orders()
        agg, measure, group, order, desc, limit, also = self._intent(numeric)
        if group and any(c.column == group and len(c.values) == 1 and c.op in ("=", "in")
                         for c in self.conds):  # "count by status (Open / ...)": no filter
            self.conds = [c for c in self.conds if c.column != group]
        docs = [c for c in self.conds if c.column == "doc_id"]
        if docs and vocab.DOCS_ALL.search(q) and (
                len(docs[0].phrase.split(" + ")) > 1 or re.search(
                    r"\b(?:area|korean|other|both|all)\s+(?:the\s+)?(?:logs?|sources?|exports?)\b"
                    r"|\b(?:logs?|sources|exports)\s+(?:together|combined)\b|정비일지|모두", q)):
            # "counting both the CMMS export and the area log": the sources are all wanted
            self.conds = [c for c in self.conds if c.column != "doc_id"]
        select = self._select(agg, measure, group, order)
        text = self._text_filters()
        intent = (agg != "list" or group is not None or numeric or order is not None
                  or any(c.op in ("empty", "not_empty") for c in self.conds))
        by_id = any(c.column == "work_order" for c in self.conds)
        if by_id:  # a record named by its id: show it, whatever else the words say
            agg, group, text = "list", None, []
            select = list(dict.fromkeys(m.column.name for m in self.mentions
                                        if m.column.name != "work_order"))
        noun = any(re.search(rf"(?<![a-z0-9_-]){re.escape(n)}(?![a-z0-9_-])", q) for n in spec.nouns
                   if n.isascii()) or any(n in q for n in spec.nouns if not n.isascii())
        own = {c.name for c in spec.columns} - {c.name for t in TABLES if t is not spec
                                                 for c in t.columns}
        structured = any(c.column not in ("station", "doc_id") for c in self.conds)
        anchored = noun or group is not None or numeric or structured or any(
            m.column.role == "number" or m.column.name in own for m in self.mentions) or any(
            c in own for c in select)
        plural = bool(_PLURAL.search(q)) or (any(n in q for n in spec.nouns if not n.isascii())
                                             and bool(vocab.LIST.search(q)))
        exists = bool(re.search(r"\bany\b|\bwere\s+there\b|\bis\s+there\b|\bare\s+there\b"
                                r"|있었|있나|있어|있는지", q))
        strong = by_id or (intent and anchored) or (
            (plural or exists) and structured and not select)
        asks = [c for c in select if c in _ANSWER_COLUMNS]
        lookup = bool(asks) and bool(text or self.conds) and (
            noun or structured or any(c in own for c in asks))
        listing = plural and bool(self.conds or text)
        if not (strong or lookup or listing):
            return None
        if not strong and vocab.DOC_CUES.search(q):
            return None  # "how do I lock out PRS-01 before maintenance?" is a procedure
        plan = Plan(table=spec.name, conditions=tuple(self.conds), text=tuple(text),
                    aggregate=agg, measure=measure, group_by=group, order_by=order,
                    descending=desc, limit=limit, select=tuple(select), notes=tuple(self.notes),
                    also=also, minutes=measure == "downtime_h" and bool(re.search(
                        r"몇\s*분|분\s*(?:단위|으로)|\bminutes\b|\bmins\b", q)))
        route = "both" if vocab.DOC_CUES.search(q) or (lookup and not strong) else "table"
        kind = "strong" if strong else "listing" if listing else "lookup"
        return Planned(plan, route, 2.0 if intent else 1.0, kind)

    # -- filters ------------------------------------------------------------------------------
    def _station_range(self) -> None:
        """"OP10 to OP60", "OP20-OP40": every station in between."""
        if not self.spec.has("station"):
            return
        for m in _STATION_RANGE.finditer(self.q):
            if m.group(0) in self.index.doc_words:  # "the OP20-OP40 log" names a file
                continue
            lo, hi = int(m.group(1)), int(m.group(2))
            known = self.stations()
            inside = tuple(s for s in known if lo <= int(re.sub(r"\D", "", s) or -1) <= hi)
            if inside:
                self.conds.append(Condition("station", "in", inside, phrase=m.group(0)))
                self.use(*m.span())

    def stations(self) -> list[str]:
        return [lk.values[0] for lk in self.links if lk.column == "station"] + self.known_stations

    def _periods(self) -> None:
        if not self.spec.has("date"):
            return
        from datetime import timedelta

        for m in _DAY.finditer(self.q):
            try:
                day = date.fromisoformat(m.group(1))
            except ValueError:
                continue
            nxt = (day + timedelta(days=1)).isoformat()
            self.conds.append(Condition("date", ">=", (day.isoformat(),), phrase=m.group(1)))
            self.conds.append(Condition("date", "<", (nxt,), phrase=m.group(1)))
            self.use(*m.span())
        periods = [p for p in find_periods(self.q, self.today) if not self._taken(*p.span)]
        if periods:  # "2024 and 2025", "from July to December 2024": one span over them all
            start, end = min(p.start for p in periods), max(p.end for p in periods)
            words = " to ".join(dict.fromkeys(p.words for p in periods))
            self.conds.append(Condition("date", ">=", (start,), phrase=words))
            self.conds.append(Condition("date", "<", (end,), phrase=words))
            for p in periods:
                self.use(*p.span)

    def _links(self) -> None:
        multi = self.spec.name == "work_orders"
        merged: dict[str, Link] = {}
        for lk in self.links:
            a, b = self.toks[lk.span[0]].start, self.toks[lk.span[1] - 1].end
            if any(a < y and x < b for x, y in self.used):
                continue
            self.use(a, b)
            prev = merged.get(lk.column)
            if prev is None:
                merged[lk.column] = lk
            else:  # "CM+EM", "OP10 and OP20": one filter, any of the values
                merged[lk.column] = Link(lk.column, tuple(dict.fromkeys(
                    (*prev.values, *lk.values))), prev.span, f"{prev.phrase} + {lk.phrase}",
                    tuple(dict.fromkeys((*prev.alt_columns, *lk.alt_columns))),
                    prev.exact and lk.exact, prev.score)
        for lk in self._id_links():
            merged[lk.column] = lk
        for lk in merged.values():
            op: Op = "=" if lk.exact or (len(lk.values) == 1 and not multi) else "in"
            if multi and not lk.exact and lk.column in ("major_system", "part", "failure_mode"):
                op = "tag" if self.spec.has("short_text") else "atom"
            if lk.column == "work_order":
                op = "="
            if lk.column == "wo_type":
                op, values = "in", _type_values(lk.values)
            else:
                values = lk.values
            self.conds.append(Condition(lk.column, op, tuple(values), lk.alt_columns,
                                        phrase=lk.phrase))
            if lk.alt_columns:
                levels = " and ".join(c.replace("_", "-") for c in (lk.column, *lk.alt_columns))
                self.notes.append(f"'{lk.phrase}' names a {levels}; matched either — say which "
                                  "level to narrow it")
        self._aliases()

    def _id_links(self) -> list[Link]:
        """Record ids typed in the question (WO-24-00492): a lookup of that record."""
        out = []
        for i, t in enumerate(self.toks):
            rid = self.index.ids.get(t.text)
            if rid and not self._taken(t.start, t.end):
                out.append(Link("work_order", (rid,), (i, i + 1), t.text))
                self.use(t.start, t.end)
        return out[:1] if len(out) == 1 else [Link("work_order", tuple(
            x.values[0] for x in out), out[0].span, " + ".join(x.phrase for x in out))] \
            if out else []

    def _aliases(self) -> None:
        q = self.q
        if self.spec.has("wo_type") and not any(c.column == "wo_type" for c in self.conds):
            for word, vals in vocab_type_aliases().items():
                hit = re.search(rf"(?<![a-z0-9_-]){re.escape(word)}", q)
                if hit and not self._taken(hit.start(), hit.end()):
                    self.conds.append(Condition("wo_type", "in", vals, phrase=word))
                    self.use(hit.start(), hit.end())
                    break
        if self.spec.has("ap"):
            m: re.Match[str] | None = re.search(r"\b(?:ap|action\s+priority)\s*(?:=|of|is)?\s*(h|m|l|high|medium|low)\b"
                          r"|\b(high|medium|low)\s+(?:ap|action\s+priority)\b"
                          r"|조치우선순위\s*(?:가|이|는)?\s*(높음|중간|낮음|h|m|l)", q)
            if m and not any(c.column == "ap" for c in self.conds):
                from copilot.tables.linking import AP_ALIASES

                word = next(g for g in m.groups() if g)
                self.conds.append(Condition("ap", "=", (AP_ALIASES[word],), phrase=m.group(0)))
                self.use(m.start(), m.end())

    def _numbers(self) -> bool:
        """Numeric comparisons attached to the nearest numeric column word."""
        numeric_cols = [m for m in self.mentions if m.column.role == "number"]
        found = False
        for m in re.finditer(r"\b(negative|zero)\s+([a-z]+)(?![^.?!]*\b(?:included|including|"
                             r"excluded|excluding)\b)", self.q):
            col = next((x.column for x in numeric_cols if x.start == m.start(2)), None)
            if col is not None:
                op: Op = "<" if m.group(1) == "negative" else "="
                self.conds.append(Condition(col.name, op, (0,), phrase=m.group(0)))
                self.use(*m.span())
                found = True
        for m in vocab.RANGE.finditer(self.q):
            if self._taken(m.start(), m.end()):
                continue
            lo, hi = float(m.group(1) or m.group(3)), float(m.group(2) or m.group(4))
            col = self._column_near(numeric_cols, m.start(), m.end())
            if col is None or lo > hi:
                continue
            self.conds.append(Condition(col.name, "between", (_num(lo), _num(hi)),
                                        phrase=m.group(0).strip()))
            self.use(m.start(), m.end())
            found = True
        for m in _NUM.finditer(self.q):
            a, b = m.span()
            if self._taken(a, b) or self._part_of_code(a, b):
                continue
            raw = m.group(1).replace(",", "")
            scale = re.match(r"\s*(million|mil|mn|thousand|만|억)\b", self.q[b:])
            mult = {"k": 1e3, "m": 1e6}.get(m.group(2) or "", 1) * (
                {"thousand": 1e3, "만": 1e4, "억": 1e8}.get(scale.group(1), 1e6) if scale else 1)
            money = mult > 1 or bool(re.search(r"[$€₩]\s*$", self.q[max(0, a - 2):a])) or bool(
                re.match(r"\s*(?:krw|won|원|aud|usd|dollars?|eur)\b", self.q[b:]))
            if scale:
                b += len(scale.group(0))
            op, span = self._comparison(a, b)
            col = self._column_near(numeric_cols, span[0], span[1])
            if col is None and money and self.spec.has("cost"):
                col = self.spec.column("cost")  # "jobs over 1.5 million", "exceeding 10k"
            if col is None:
                continue
            value = float(raw) * mult
            if col.name == "downtime_h" and _UNIT_MIN.match(self.q[b:]):
                value /= 60
            self.conds.append(Condition(col.name, op, (_num(value),),
                                        phrase=self.q[span[0]:span[1]].strip()))
            self.use(*span)
            found = True
        return found

    def _taken(self, a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in self.used)

    def _part_of_code(self, a: int, b: int) -> bool:
        before = self.q[max(0, a - 1):a]
        return bool(re.match(r"[a-z-]", before)) and not re.match(r"[sod]", before)

    def _comparison(self, a: int, b: int) -> tuple[Op, tuple[int, int]]:
        q = self.q
        lead_end = a  # "over RPN 200": the column word may sit between comparison and number
        for m in self.mentions:
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

    def _column_near(self, cols: list[Mention], a: int, b: int) -> Column | None:
        after = self.q[b:b + 12]
        if self.spec.has("downtime_h") and (_UNIT_H.match(after) or _UNIT_MIN.match(after)):
            return self.spec.column("downtime_h")
        best: tuple[int, Column] | None = None
        for m in cols:
            dist = a - m.end if m.end <= a else (m.start - b) * 2 if m.start >= b else 0
            if dist <= 45 and (best is None or dist < best[0]):
                best = (dist, m.column)
        return best[1] if best else None

    def _open_orders(self) -> None:
        """"work orders still open" = no close date; "closed" ones have one."""
        if not self.spec.has("date_closed"):
            return
        m = re.search(r"\b(?:still\s+)?(open|closed|not\s+closed|unfinished)\b(?!\s+(?:time|date))"
                      r"|(미완료|미결|진행\s*중)", self.q)
        if m and not self._taken(m.start(), m.end()):
            word = m.group(1) or ""
            op: Op = "not_empty" if word == "closed" else "empty"
            self.conds.append(Condition("date_closed", op, (), phrase=m.group(0)))
            self.use(m.start(), m.end())

    def _emptiness(self) -> None:
        text_cols = [c for c in self.spec.columns if c.role in ("text", "category")]
        names = "|".join(sorted((re.escape(s) for c in text_cols for s in c.synonyms
                                 if len(s) > 2), key=len, reverse=True))
        tests: tuple[tuple[re.Pattern[str], Op], ...] = (
            (vocab.EMPTY, "empty"), (vocab.NOT_EMPTY, "not_empty"))
        for pat, op in tests:
            rx = re.compile(pat.pattern.replace("{cols}", names))
            for m in rx.finditer(self.q):
                word = m.group(1) or (m.group(2) if m.lastindex and m.lastindex > 1 else None)
                col = next((c for c in text_cols if word in c.synonyms), None)
                if col is None or self._taken(m.start(), m.end()):
                    continue
                if col.name == "action" and self.spec.has("recommended_action"):
                    col = self.spec.column("recommended_action")
                self.conds.append(Condition(col.name, op, (), phrase=m.group(0).strip()))
                self.use(m.start(), m.end())

    # -- intent -------------------------------------------------------------------------------
    def _intent(self, numeric: bool) -> tuple[Agg, str | None, str | None, str | None, bool,
                                              int | None, tuple[Agg, ...]]:
        q, spec = self.q, self.spec
        num_mentions = [m for m in self.mentions if m.column.role == "number"
                        and not self._taken(m.start, m.end)]
        measure = num_mentions[0].column.name if num_mentions else None
        group = self._group()
        top = vocab.TOP_N.search(q)
        limit = int(next(g for g in top.groups() if g)) if top else None
        desc = not bool(vocab.ORDER_ASC.search(q))
        order = self._order_by()
        if order:
            desc = not re.search(r"\b(?:lowest|smallest|oldest|least)\s+first\b|ascending"
                                 r"|낮은\s*순|오름차순", q)
        fns = self._functions(measure)  # aggregate functions named, in order of appearance
        agg: Agg = fns[0] if fns else "list"
        if agg == "percentage":
            self._mark_subjects()
        sup = vocab.SUPERLATIVE.search(q)
        low = bool(sup) and bool(re.match(r"lowest|least|smallest|fewest|shortest|cheapest|"
                                          r"가장\s*(?:낮|적|작|짧)", q[sup.start():])) \
            if sup else False
        if group:
            if agg == "list" and measure:  # "which asset had the most downtime"
                additive = bool(spec.column(measure).unit) or measure in ("cost", "running_time")
                agg = "sum" if additive else ("min" if low else "max")
            elif agg == "list":
                agg = "count"
            if sup and not order:
                desc = not low
                ranked = re.search(r"\b(?:rank|ranked|ranking|sorted|ordered)\b|순위", q)
                limit = limit or (None if ranked else 1)
        elif sup and agg in ("list", "count") and measure and not order:
            if limit or agg == "count":
                order, desc = measure, not low
            else:
                agg = "min" if low else "max"
        if order is None and agg == "list" and limit and measure:
            order = measure
        also = tuple(f for f in fns[1:] if f != agg and f not in ("count", "percentage"))
        if agg == "count" and not group and not also:
            measure = None
        return agg, measure, group, order, desc, limit, also

    def _functions(self, measure: str | None) -> list[Agg]:
        """count / avg / sum / min / max / percentage words, in the order they are asked."""
        q = self.q
        found: list[tuple[int, Agg]] = []
        for rx, fn in ((vocab.PERCENT, "percentage"), (vocab.AVG, "avg"), (vocab.SUM, "sum"),
                       (vocab.COUNT, "count"), (vocab.MAX_FN, "max"), (vocab.MIN_FN, "min")):
            m = rx.search(q)
            if m and (measure or fn in ("count", "percentage")) and not (
                    fn == "sum" and measure is None):
                found.append((m.start(), fn))  # type: ignore[arg-type]
        if any(f == "count" for _, f in found) and any(f == "sum" for _, f in found) and \
                re.search(r"how\s+many[^?]*\bin\s+total\b", q) and measure is None:
            found = [x for x in found if x[1] != "sum"]  # "how many ... in total" is a count
        found.sort()
        fns = [f for _, f in found]
        if "percentage" in fns:
            return ["percentage"]
        return fns

    def _order_by(self) -> str | None:
        m = vocab.ORDER_BY.search(self.q)
        if not m:
            return None
        words = (m.group(1) or m.group(2) or "").strip()
        col = next((c for c in self.spec.columns if c.role in ("number", "date")
                    and any(words.startswith(s) for s in c.synonyms if len(s) > 1)), None)
        return col.name if col else None

    def _group(self) -> str | None:
        q, spec = self.q, self.spec
        cats = [c for c in spec.columns if c.role == "category"]
        for g in vocab.GROUP.finditer(q):
            words = (g.group(1) or g.group(2) or "").strip()
            for c in cats:
                if any(re.match(rf"{re.escape(s)}\b", words) for s in c.synonyms if len(s) > 1):
                    self.use(g.start(), g.end())
                    return c.name
        if spec.has("date"):
            y = re.search(r"\b(?:which|what|per|by|each)\s+(year|month)\b|(연도|월)별", q)
            if y:
                return "year" if (y.group(1) or y.group(2)) in ("year", "연도") else "month"
        m: re.Match[str] | None = re.search(
            r"\b(?:which|what|rank|ranking|compare|top\s+\d+)\s+(?:the\s+)?"
            r"(?:(?:p?fmea|cmms)\s+)?([a-z][a-z -]{1,25})", q)
        if m and (vocab.SUPERLATIVE.search(q) or vocab.COUNT.search(q) or vocab.AVG.search(q)
                  or re.search(r"\b(?:had|have|has|got|get|with|rank|ranking|compare)\b", q)):
            parts = m.group(1).split()
            for skip in range(min(3, len(parts))):  # "which haul truck subsystem ..."
                if any(vocab.SUPERLATIVE.search(w) or _is_intent_word(w) for w in parts[:skip]):
                    break  # "top 5 most expensive excavator work orders": no group
                words = " ".join(parts[skip:])
                if _PLURAL.match(" ".join(parts[skip + 1:skip + 3])):
                    continue  # "excavator work orders": a modifier of the rows, not a group
                for c in cats:
                    if any(re.match(rf"{re.escape(s)}\b", words) for s in c.synonyms
                           if len(s) > 1):
                        if c.name in ("station",) and any(x.column == c.name
                                                          for x in self.conds):
                            continue
                        start = m.start(1) + len(" ".join(parts[:skip])) + (1 if skip else 0)
                        self.use(start, start + len(parts[skip]))
                        return c.name
        m = re.search(r"\bmost\s+(?:common|frequent|often\s+\w+)\s+([a-z][a-z -]{1,25})", q)
        if m:
            for c in cats:
                if any(re.match(rf"{re.escape(s)}\b", m.group(1)) for s in c.synonyms
                       if len(s) > 1):
                    return c.name
        if re.search(r"가장|최다|제일", q):
            for c in cats:
                if any(s in q for s in c.synonyms if not s.isascii()) and not any(
                        x.column == c.name for x in self.conds):
                    return c.name
        m = re.search(r"(?:어느|어떤)\s*([가-힣]+)", q)
        if m:
            for c in cats:
                if any(s in m.group(1) for s in c.synonyms if not s.isascii()):
                    return c.name
        return None

    def _mark_subjects(self) -> None:
        """'What share of X are Y': conditions after the pivot word are the numerator."""
        pivot = re.search(r"\b(?:are|were|is|was|have|has|had|with|that)\b|중|가운데", self.q)
        if pivot is None or len(self.conds) < 1:
            return
        cut = pivot.start()
        spans = {id(c): c for c in self.conds}
        marked = []
        for c in self.conds:
            pos = self.q.find(c.phrase) if c.phrase else -1
            marked.append(Condition(c.column, c.op, c.values, c.alt_columns, c.phrase,
                                    subject=pos > cut) if id(c) in spans else c)
        if any(c.subject for c in marked):
            self.conds = marked

    def _select(self, agg: str, measure: str | None, group: str | None, order: str | None
                ) -> list[str]:
        """Columns a lookup asks for ("what's its status", "which tech", "who owns")."""
        if agg not in ("list", "count") or group:
            return []
        filtered = {c.column for c in self.conds}
        out = []
        for m in self.mentions:
            if self._taken(m.start, m.end) or m.column.name in filtered:
                continue
            if m.column.name not in out and m.column.name != self.spec.title_column and \
                    not m.column.base:
                out.append(m.column.name)
        if re.search(r"\bwho\b|누가|담당", self.q):
            who = next((c for c in ("responsibility", "technician") if self.spec.has(c)), None)
            if who and who not in out:
                out.append(who)
        return out

    def _text_filters(self) -> list[TextFilter]:
        """Words nothing else explained become meaning filters on the text columns."""
        q = self.q
        groups: list[tuple[str, ...]] = []
        for m in re.finditer(r"[\"'‘“]([^\"'’”]{2,80})[\"'’”]", q):
            if not self._taken(m.start(), m.end()):
                groups.append((m.group(1).strip(),))
                self.use(m.start(), m.end())
        last_end, joined, run = -10, False, 0
        for t in self.toks:
            if t.text == "or" or t.text == "또는":
                joined = True
                continue
            if self._taken(t.start, t.end) or any(m.start <= t.start < m.end
                                                 for m in self.mentions):
                continue
            for w in (t.text.split("-") if t.text.isascii() and not any(
                    ch.isdigit() for ch in t.text) else [t.text]):
                if w in vocab.STOP or w in _SCHEMA_WORDS or w.replace(".", "").isdigit() or (
                        len(w) < 3 and w.isascii()) or _is_intent_word(w) or any(
                        w.startswith(n) for n in _KO_NOUNS):
                    continue
                group = _term_group(w)
                if not group:
                    continue
                if not any(self.index.known(g.strip()) for g in group if g.strip()):
                    self.notes.append(f"ignored '{w}' (no {self.spec.label} mentions it)")
                    continue
                if joined and groups and t.start - last_end < 12:  # "oil or hose"
                    groups[-1] = tuple(dict.fromkeys((*groups[-1], *group)))
                else:
                    groups.append(group)
                run = run + 1 if t.start - last_end <= 1 else 1
                if run >= 3 and len(groups) >= 3:  # "hydraulic oil leak": either modifier
                    groups[-3:-1] = [tuple(dict.fromkeys((*groups[-3], *groups[-2])))]
                    run = 2
                joined, last_end = False, t.end
        if not groups:
            return []
        cause_only = bool(vocab.CAUSE_CUE.search(q)) and self.spec.has("cause")
        cols = ("cause",) if cause_only and len(groups) == 1 else ()
        phrase = ", ".join(g[0] for g in groups)
        return [TextFilter(tuple(groups), cols, phrase)]


_SCHEMA_WORDS = frozenset(w for t in TABLES for c in t.columns for s in c.synonyms
                          for w in s.split() if w.isascii()) | frozenset(
    w for t in TABLES for n in t.nouns for w in n.split() if w.isascii())
_KO_NOUNS = tuple(w for t in TABLES for n in (*t.nouns, *(s for c in t.columns
                                                           for s in c.synonyms))
                  for w in n.split() if not w.isascii() and len(w) >= 2)


def vocab_type_aliases() -> dict[str, tuple[str, ...]]:
    from copilot.tables.linking import TYPE_ALIASES

    return TYPE_ALIASES


def _type_values(values: tuple[str, ...]) -> tuple[str, ...]:
    from copilot.tables.linking import TYPE_ALIASES

    out = list(values)
    for v in values:
        for alias in TYPE_ALIASES.get(v, TYPE_ALIASES.get(v.lower(), ())):
            if alias not in out:
                out.append(alias)
    return tuple(out)


_INTENT_WORDS = frozenset(["highest", "lowest", "maximum", "minimum", "largest", "biggest", "smallest", "worst", "greatest", "longest", "shortest", "fewest", "average", "mean", "total", "sum", "percent", "percentage", "share", "proportion", "fraction", "ratio", "sorted", "ordered", "ranked", "rank", "descending", "ascending", "list", "show", "many", "often"])


def _is_intent_word(w: str) -> bool:
    return w in _INTENT_WORDS or bool(re.fullmatch(r"가장|최대|최고|최소|최저|평균|합계|비율|몇|"
                                                   r"건수|개수|순|별|상위", w))


def _term_group(word: str) -> tuple[str, ...]:
    """A word -> the substrings that count as mentioning it (stem, concept words, glossary)."""
    from copilot.glossary import KO_EN, translations
    from copilot.text import ABBREVIATIONS, _stem, korean_tokens

    if not word.isascii():
        known = next((k for k in sorted(KO_EN, key=len, reverse=True)
                      if word.startswith(k) and len(k) >= 2), None)
        if known:
            core = known
            if core in vocab.STOP:
                return ()
        else:
            morphs = [m for m in korean_tokens(word) if len(m) >= 2 and m not in vocab.STOP]
            if not morphs:
                return ()
            core = morphs[0]
        alts = [core, *KO_EN.get(core, ())]
        alts += [a for en in KO_EN.get(core, ()) for a, exp in ABBREVIATIONS.items()
                 if exp == (en,) and len(a) >= 3 and a.isalpha()]
    else:
        expanded = ABBREVIATIONS.get(word)
        base = " ".join(expanded) if expanded else word
        stem = _stem(base) if " " not in base else base
        prefix = base[:max(3, len(_common(base, stem)))] if stem else base
        alts = [prefix, *translations(stem)]
        if expanded:
            alts.append(word)
        alts += [a for a, exp in ABBREVIATIONS.items()
                 if len(exp) == 1 and _stem(exp[0]) == stem and len(a) >= 3 and a.isalpha()]
    for concept, forms in vocab.CONCEPTS.items():
        if any(a.startswith(concept[:5]) or (concept.startswith(a) and len(a) >= 4)
               for a in alts if a.isascii()) or any(a in forms for a in alts):
            alts.extend(forms)
    return tuple(dict.fromkeys(a for a in alts if a))


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _num(v: float) -> Scalar:
    return int(v) if float(v).is_integer() else v
