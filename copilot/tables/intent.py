"""Planner step: intent - aggregate functions, grouping, ordering, top-N, looked-up columns."""

from __future__ import annotations

import re

from copilot.tables import vocab
from copilot.tables.meaning import is_intent_word
from copilot.tables.plan import Agg, Condition
from copilot.tables.state import PLURAL, State


class IntentParsing(State):
    """What the question wants computed from the filtered rows."""

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
                if any(vocab.SUPERLATIVE.search(w) or is_intent_word(w) for w in parts[:skip]):
                    break  # "top 5 most expensive excavator work orders": no group
                words = " ".join(parts[skip:])
                if PLURAL.match(" ".join(parts[skip + 1:skip + 3])):
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
