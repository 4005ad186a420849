"""TableResult -> an answer in words: the number or the rows, the filters applied, citations.

The wording is fixed text around engine-computed values, never model output. "Nothing matches"
is said plainly, naming the filters, which is different from abstaining.
"""

from __future__ import annotations

from copilot.tables.engine import Row, TableResult
from copilot.tables.plan import Condition, Plan
from copilot.tables.schema import TableSpec, table_named
from copilot.types import Citation, Scalar

_OPS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def fmt(v: Scalar | float | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10000:
        return f"{v:,}"
    if isinstance(v, float):
        if v.is_integer():
            return f"{int(v):,}" if abs(v) >= 10000 else str(int(v))
        return f"{v:,.2f}" if abs(v) >= 10000 else f"{round(v, 2):g}"
    return str(v)


def _cond_words(spec: TableSpec, c: Condition) -> str:
    label = spec.column(c.column).label
    if c.alt_columns:
        label = " or ".join(spec.column(x).label for x in (c.column, *c.alt_columns))
    if c.op == "empty":
        return f"no {label}"
    if c.op == "not_empty":
        return f"with a {label}"
    if c.op == "between":
        return f"{label} {fmt(c.values[0])}–{fmt(c.values[1])}"
    if c.op in ("in", "atom", "tag") or (c.op == "=" and isinstance(c.values[0], str)):
        vals = " / ".join(str(v) for v in c.values)
        return f"{label} {vals}"
    return f"{label} {_OPS[c.op]} {fmt(c.values[0])}"


def filters_in_words(plan: Plan) -> str:
    """ "severity ≥ 9, station OP20, date in 2025, text mentions 'overheat'" """
    spec = table_named(plan.table)
    parts: list[str] = []
    dates = [c for c in plan.conditions if c.column == "date"]
    if dates:
        phrases = list(dict.fromkeys(c.phrase for c in dates))
        parts.append("date in " + " and ".join(phrases))
    for c in plan.conditions:
        if c.column != "date":
            parts.append(_cond_words(spec, c) + (" (share asked)" if c.subject else ""))
    for t in plan.text:
        where = " in " + "/".join(spec.column(c).label for c in t.columns) if t.columns else ""
        parts.append(f"text{where} mentions " + " and ".join(f"'{g[0]}'" for g in t.groups))
    return ", ".join(parts)


def _row_line(spec: TableSpec, row: Row, plan: Plan) -> str:
    v = row.values
    if spec.name == "pfmea":
        head = str(v.get("failure_mode") or "")
        where = v.get("process_step") or v.get("sub_component") or v.get("component") or ""
        bits = [f"{where}: {head}" if where else head]
        if v.get("cause"):
            bits.append(f"cause: {v['cause']}")
        ratings = " ".join(f"{k} {fmt(v.get(c))}" for k, c in
                           (("S", "severity"), ("O", "occurrence"), ("D", "detection"))
                           if v.get(c) is not None)
        if ratings:
            bits.append(ratings)
        if v.get("rpn") is not None:
            bits.append(f"RPN {fmt(v.get('rpn'))}")
        if v.get("ap"):
            bits.append(f"AP {v['ap']}")
    else:
        head = " ".join(str(x) for x in (v.get("work_order"), (str(v.get("date") or ""))[:10],
                                         v.get("asset")) if x)
        bits = [head, str(v.get("short_text") or "")]
        if v.get("failure_code"):
            bits.append(f"code {v['failure_code']}")
        if v.get("downtime_h") is not None:
            bits.append(f"downtime {fmt(v.get('downtime_h'))} h")
        if v.get("cost") is not None and plan.measure == "cost":
            bits.append(f"cost {fmt(v.get('cost'))}")
    for col in dict.fromkeys((*plan.select, plan.order_by, plan.measure)):
        if (col and col not in ("severity", "occurrence", "detection", "rpn", "ap",
                               "failure_mode", "cause", "downtime_h", "work_order", "date",
                               "asset", "short_text", "failure_code")) or (
                col == "cost" and spec.name == "work_orders" and plan.measure == "cost"):
            bits.append(f"{spec.column(col).label}: {fmt(v.get(col))}")
    return " | ".join(b for b in bits if b)


def citations_for(result: TableResult) -> tuple[Citation, ...]:
    kind = table_named(result.plan.table).kind
    return tuple(Citation(
        n=i + 1, chunk_id=r.chunk_id, source=r.source, locator=str(r.locator), quote=r.text,
        kind=kind, doc_id=str(r.values.get("doc_id") or r.locator.doc_id or ""))
        for i, r in enumerate(result.rows))


def render(result: TableResult) -> str:
    """The answer text with [n] markers matching ``citations_for(result.rows)``."""
    plan = result.plan
    spec = table_named(plan.table)
    filters = filters_in_words(plan)
    scope = f" ({filters})" if filters else ""
    lines: list[str] = []
    if result.total == 0:
        return (f"No {spec.label} matches{scope}. Nothing in the indexed {spec.plural} fits "
                "these filters." + _notes(plan))
    count = f"{result.total} {spec.label if result.total == 1 else spec.plural}"
    distinct = ""
    if spec.name == "pfmea" and result.distinct_titles and result.distinct_titles != result.total:
        distinct = f" ({result.distinct_titles} distinct failure modes)"
    agg, measure = plan.aggregate, plan.measure
    mlabel = spec.column(measure).label if measure else ""
    unit = f" {spec.column(measure).unit}" if measure and spec.column(measure).unit else ""

    def amount(v: float | None) -> str:
        if plan.minutes and v is not None:  # asked in minutes, stored in hours
            return f"{fmt(v)}{unit} ({fmt(round(v * 60))} min)"
        return f"{fmt(v)}{unit}"

    if plan.group_by:
        g = plan.group_by if plan.group_by in ("year", "month") else \
            spec.column(plan.group_by).label
        what = {"count": f"number of {spec.plural}", "sum": f"total {mlabel}",
                "avg": f"average {mlabel}", "max": f"highest {mlabel}",
                "min": f"lowest {mlabel}"}.get(agg, f"number of {spec.plural}")
        lead = "Top" if plan.limit else "By"
        lines.append(f"{lead} {g}, {what}{scope}:")
        for gr in result.groups:
            val = f"{fmt(gr.count)}" if agg in ("count", "list") or gr.value is None else \
                f"{amount(gr.value)} ({gr.count} {spec.plural if gr.count != 1 else spec.label})"
            lines.append(f"- {gr.key}: {val}")
        lines.append(f"Rows behind it: {count}{distinct}.")
    elif agg == "count":
        lines.append(f"{count}{distinct} match{'es' if result.total == 1 else ''}{scope}.")
    elif agg in ("avg", "sum"):
        word = "Average" if agg == "avg" else "Total"
        lines.append(f"{word} {mlabel}: {amount(result.value)} over {count}{scope}.")
    elif agg in ("min", "max"):
        word = "Highest" if agg == "max" else "Lowest"
        lines.append(f"{word} {mlabel}: {amount(result.value)}{scope}, in "
                     f"{len(result.rows)} {spec.label if len(result.rows) == 1 else spec.plural}:")
    elif agg == "percentage":
        base = result.base_total or 0
        lines.append(f"{fmt(result.value)}% — {result.total} of {base} {spec.plural}{scope}.")
    else:
        lines.append(f"{count}{distinct} match{'es' if result.total == 1 else ''}{scope}"
                     + (f", by {spec.column(plan.order_by).label} "
                        f"{'highest' if plan.descending else 'lowest'} first"
                        if plan.order_by else "") + ":")
    if result.extra and measure:
        names = {"avg": "average", "sum": "total", "min": "minimum", "max": "maximum"}
        lines.append(f"{mlabel.capitalize()}: " + ", ".join(
            f"{names.get(f, f)} {amount(v)}" for f, v in result.extra.items())
            + f" (over {count}).")
    shown = result.rows
    for i, row in enumerate(shown, start=1):
        lines.append(f"- {_row_line(spec, row, plan)} [{i}]")
    if result.total > len(shown) and agg not in ("min", "max"):
        lines.append(f"(showing {len(shown)} of {result.total}; the figures above cover all "
                     f"{result.total})")
    return "\n".join(lines) + _notes(plan)


def _notes(plan: Plan) -> str:
    return "".join(f"\nNote: {n}." for n in plan.notes)
