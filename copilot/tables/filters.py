"""Planner step: filters - station ranges, periods, linked values, numbers, emptiness."""

from __future__ import annotations

import re
from datetime import date

from copilot.core.schema import Column
from copilot.core.types import Scalar
from copilot.tables import vocab
from copilot.tables.linking import AP_ALIASES, TYPE_ALIASES, Link
from copilot.tables.periods import find_periods
from copilot.tables.plan import Condition, Op
from copilot.tables.state import Mention, State

_NUM = re.compile(r"(?<![0-9a-z_.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)([km](?![a-z]))?"
                  r"(?![0-9a-z_]|,\d|\.\d|-\d)")
_STATION_RANGE = re.compile(r"\bop-?(\d{2,3})\s*(?:-|–|~|to|through|thru|and)\s*op-?(\d{2,3})\b")
_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_UNIT_MIN = re.compile(r"^\s*(?:min|mins|minutes|분)\b")
_UNIT_H = re.compile(r"^\s*(?:h|hr|hrs|hours?|시간)\b")


class FilterParsing(State):
    """Adds the question's filters to ``conds`` and marks their words as explained."""

    def _station_range(self) -> None:
        """"OP10 to OP60", "OP20-OP40": every station in between."""
        if not self.spec.has("station"):
            return
        for m in _STATION_RANGE.finditer(self.q):
            if m.group(0) in self.index.doc_words:  # "the OP20-OP40 log" names a file
                continue
            lo, hi = int(m.group(1)), int(m.group(2))
            known = self.stations()
            inside = tuple(sorted({s for s in known
                                   if lo <= int(re.sub(r"\D", "", s) or -1) <= hi}))
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
            for word, vals in TYPE_ALIASES.items():
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


def _type_values(values: tuple[str, ...]) -> tuple[str, ...]:
    out = list(values)
    for v in values:
        for alias in TYPE_ALIASES.get(v, TYPE_ALIASES.get(v.lower(), ())):
            if alias not in out:
                out.append(alias)
    return tuple(out)


def _num(v: float) -> Scalar:
    return int(v) if float(v).is_integer() else v
