"""TableResult -> an answer in words: the number or the rows, the filters applied, citations.

The wording is fixed text around engine-computed values, never model output. "Nothing matches"
is said plainly, naming the filters, which is different from abstaining.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from copilot.core.schema import SHORT_NAME, TableSpec, table_named
from copilot.core.types import Citation, Scalar
from copilot.tables.engine import Row, TableResult
from copilot.tables.plan import Condition, Plan

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


def label(spec: TableSpec, column: str, ko: bool = False) -> str:
    """How an answer names a column: its English label, or its Korean word."""
    if column in ("year", "month"):
        return {"year": "연도", "month": "월"}[column] if ko else column
    col = spec.column(column)
    if ko:
        word = next((s for s in col.synonyms if not s.isascii()), None)
        return word or col.label
    return col.label


# Korean names of the tables' rows (English: TableSpec.label / plural).
_KO_ROWS = {"pfmea": "고장형태 행", "work_orders": "작업지시"}


def _cond_words(spec: TableSpec, c: Condition, ko: bool = False) -> str:
    name = " / ".join(label(spec, x, ko) for x in (c.column, *c.alt_columns)) if ko else (
        " or ".join(label(spec, x) for x in (c.column, *c.alt_columns)))
    if c.op == "empty":
        return f"{name} 없음" if ko else f"no {name}"
    if c.op == "not_empty":
        return f"{name} 있음" if ko else f"with a {name}"
    if c.op == "between":
        return f"{name} {fmt(c.values[0])}–{fmt(c.values[1])}"
    if c.op == "not_in":
        vals = " / ".join(dict.fromkeys(str(v).rstrip(".") for v in c.values))
        return f"{name} {vals} 제외" if ko else f"{name} not {vals}"
    if c.op in ("in", "atom", "tag") or (c.op == "=" and isinstance(c.values[0], str)):
        vals = " / ".join(dict.fromkeys(str(v).rstrip(".") for v in c.values))
        return f"{name} {vals}"
    return f"{name} {_OPS[c.op]} {fmt(c.values[0])}"


def filters_in_words(plan: Plan, ko: bool = False) -> str:
    """ "severity ≥ 9, station OP20, date in 2025, text mentions 'overheat'" (or in Korean)."""
    spec = table_named(plan.table)
    parts: list[str] = []
    dates = [c for c in plan.conditions if c.column == "date"]
    if dates:
        phrases = list(dict.fromkeys(c.phrase for c in dates))
        parts.append(("기간 " + " ~ ".join(phrases)) if ko else
                     ("date in " + " and ".join(phrases)))
    for c in plan.conditions:
        if c.column != "date":
            share = (" (비율 대상)" if ko else " (share asked)") if c.subject else ""
            parts.append(_cond_words(spec, c, ko) + share)
    for t in plan.text:
        terms = [f"'{g[0]}'" for g in t.groups]
        cols = "/".join(label(spec, c, ko) for c in t.columns)
        if ko:
            parts.append(f"{cols or '내용'}에 " + ", ".join(terms) + " 포함")
        else:
            where = f" in {cols}" if cols else ""
            parts.append(f"text{where} mentions " + " and ".join(terms))
    return ", ".join(parts)




def _row_line(spec: TableSpec, row: Row, plan: Plan, ko: bool = False) -> str:
    v = row.values
    if spec.name == "pfmea":
        head = str(v.get("failure_mode") or "")
        where = v.get("process_step") or _path(v)
        bits = [f"{where}: {head}" if where else head]
        if v.get("cause"):
            bits.append(f"{'원인' if ko else 'cause'}: {v['cause']}")
        ratings = " ".join(f"{k} {fmt(v.get(c))}" for k, c in
                           (("S", "severity"), ("O", "occurrence"), ("D", "detection"))
                           if v.get(c) is not None)
        if ratings:
            bits.append(ratings)
        if v.get("rpn") is not None:
            bits.append(f"RPN {fmt(v.get('rpn'))}{_rpn_check(v, ko)}")
        if v.get("ap"):
            bits.append(f"AP {v['ap']}")
    else:
        asset, named = v.get("asset"), str(v.get("asset_description") or "")
        if asset and named and len(named) <= SHORT_NAME and named != asset:
            asset = f"{asset} ({named})"  # "CWC04006 (Chiller 6)": the id and what people call it
        head = " ".join(str(x) for x in (v.get("work_order"), (str(v.get("date") or ""))[:10],
                                         asset) if x)
        bits = [head, str(v.get("short_text") or "")]
        if v.get("failure_code"):
            bits.append(f"{'고장코드' if ko else 'code'} {v['failure_code']}")
        if v.get("downtime_h") is not None:
            bits.append(f"{'비가동' if ko else 'downtime'} {fmt(v.get('downtime_h'))} h")
    shown = ("severity", "occurrence", "detection", "rpn", "ap", "failure_mode", "cause",
             "downtime_h", "work_order", "date", "asset", "short_text", "failure_code")
    for col in dict.fromkeys((*plan.select, plan.order_by, plan.measure)):
        if col and col not in shown:
            bits.append(f"{label(spec, col, ko)}: {fmt(v.get(col))}")
    return " | ".join(b for b in bits if b)


def _rpn_check(v: dict[str, Scalar | None], ko: bool = False) -> str:
    """" (S×O×D = 12, not 0)" when the sheet's RPN is not the product of its own ratings: a
    typed-over or stale cell is worth saying next to the figure a reader would act on."""
    nums = [float(x) for x in (v.get(c) for c in ("severity", "occurrence", "detection", "rpn"))
            if isinstance(x, (int, float))]
    if len(nums) < 4 or abs(nums[0] * nums[1] * nums[2] - nums[3]) < 0.5:
        return ""
    product, rpn = nums[0] * nums[1] * nums[2], v.get("rpn")
    return f" (S×O×D = {fmt(product)}, {'기록값과 다름' if ko else 'not ' + fmt(rpn)})"


def _path(v: dict[str, Scalar | None]) -> str:
    """A sheet without process steps names an item by its component and sub-component: "Gears"
    alone is the Upbox's and the Dropbox's, and "which item" may mean either level."""
    parts = [str(v.get(c) or "").strip() for c in ("component", "sub_component")]
    return " › ".join(dict.fromkeys(p for p in parts if p))


def citations_for(result: TableResult) -> tuple[Citation, ...]:
    kind = table_named(result.plan.table).kind
    return tuple(Citation(
        n=i + 1, chunk_id=r.chunk_id, source=r.source, locator=str(r.locator), quote=r.text,
        kind=kind, doc_id=str(r.values.get("doc_id") or r.locator.doc_id or ""))
        for i, r in enumerate(result.rows))


def render(result: TableResult, ko: bool = False) -> str:
    """The answer text with [n] markers matching ``citations_for(result)``; Korean wording
    when the question was asked in Korean (values and row texts stay as in the sources)."""
    plan = result.plan
    spec = table_named(plan.table)
    filters = filters_in_words(plan, ko)
    scope = f" ({filters})" if filters else ""
    rows_word = _KO_ROWS[spec.name] if ko else spec.plural
    if result.total == 0:
        words = ", ".join(f"'{g[0]}'" for t in plan.text for g in t.groups)
        if ko:
            hint = (f" 내용 조건({words})은 단어(및 알려진 변형)로 찾았으므로, 다르게 표현된 행은 "
                    "포함되지 않았을 수 있습니다." if words else "")
            return (f"조건에 맞는 {rows_word}이(가) 없습니다{scope}. 색인된 {rows_word} 중 이 "
                    "조건에 해당하는 것이 없습니다." + hint + _notes(plan, ko))
        hint = (f" Text conditions ({words}) are matched by their words and known variants; rows "
                "that describe it differently would not be counted." if words else "")
        return (f"No {spec.label} matches{scope}. Nothing in the indexed {spec.plural} fits "
                "these filters." + hint + _notes(plan, ko))

    def n_rows(n: int) -> str:
        return f"{rows_word} {n}건" if ko else f"{n} {spec.label if n == 1 else spec.plural}"

    count = n_rows(result.total)
    distinct = ""
    if spec.name == "pfmea" and result.distinct_titles and result.distinct_titles != result.total:
        distinct = (f" (고장형태 {result.distinct_titles}종)" if ko else
                    f" ({result.distinct_titles} distinct failure modes)")
    agg, measure = plan.aggregate, plan.measure
    mlabel = label(spec, measure, ko) if measure else ""
    unit = f" {spec.column(measure).unit}" if measure and spec.column(measure).unit else ""

    def amount(v: float | None) -> str:
        if plan.minutes and v is not None:  # asked in minutes, stored in hours
            return f"{fmt(v)}{unit} ({fmt(round(v * 60))} {'분' if ko else 'min'})"
        return f"{fmt(v)}{unit}"

    lines = [_lead(result, spec, scope, count, distinct, mlabel, amount, n_rows, ko)]
    if result.distinct_values is not None and plan.distinct_of:
        name = label(spec, plan.distinct_of, ko)
        lines.append(f"서로 다른 {name}: {result.distinct_values}" if ko else
                     f"Across {result.distinct_values} distinct {name} values.")
    if result.by_document:  # sheets rate on their own scales: each file's share is told
        lines.append(("파일별: " if ko else "By file: ") + ", ".join(
            f"{g.key} {g.count}" for g in result.by_document))
    if plan.group_by:
        for gr in result.groups:
            val = f"{fmt(gr.count)}" if agg in ("count", "list") or gr.value is None else \
                f"{amount(gr.value)} ({n_rows(gr.count)})"
            lines.append(f"- {gr.shown}: {val}")
        lines.append(f"해당 행: {count}{distinct}." if ko else
                     f"Rows behind it: {count}{distinct}.")
    if result.extra and measure:
        names = ({"avg": "평균", "sum": "합계", "min": "최소", "max": "최대"} if ko else
                 {"avg": "average", "sum": "total", "min": "minimum", "max": "maximum"})
        over = f"{count} 기준" if ko else f"over {count}"
        lines.append(f"{mlabel[:1].upper()}{mlabel[1:]}: " + ", ".join(
            f"{names.get(f, f)} {amount(v)}" for f, v in result.extra.items()) + f" ({over}).")
    shown = result.rows
    for i, row in enumerate(shown, start=1):
        lines.append(f"- {_row_line(spec, row, plan, ko)} [{i}]")
    if result.total > len(shown) and agg not in ("min", "max"):
        lines.append(f"({result.total}건 중 {len(shown)}건 표시; 위 수치는 {result.total}건 전체 "
                     "기준)" if ko else
                     f"(showing {len(shown)} of {result.total}; the figures above cover all "
                     f"{result.total})")
    return "\n".join(lines) + _notes(plan, ko)


def _lead(result: TableResult, spec: TableSpec, scope: str, count: str, distinct: str,
          mlabel: str, amount: Callable[[float | None], str], n_rows: Callable[[int], str],
          ko: bool) -> str:
    """The first line: the figure (count, average, share, top group...) and the filters."""
    plan, agg = result.plan, result.plan.aggregate
    rows_word = _KO_ROWS[spec.name] if ko else spec.plural
    if plan.group_by:
        g = label(spec, plan.group_by, ko)
        if ko:
            what = {"sum": f"{mlabel} 합계", "avg": f"평균 {mlabel}", "max": f"최고 {mlabel}",
                    "min": f"최저 {mlabel}"}.get(agg, f"{rows_word} 수")
            return f"{g}별 {what}{' (상위)' if plan.limit else ''}{scope}:"
        what = {"sum": f"total {mlabel}", "avg": f"average {mlabel}", "max": f"highest {mlabel}",
                "min": f"lowest {mlabel}"}.get(agg, f"number of {spec.plural}")
        return f"{'Top' if plan.limit else 'By'} {g}, {what}{scope}:"
    if agg == "count":
        return (f"조건에 맞는 {count}{distinct}{scope}." if ko else
                f"{count}{distinct} match{'es' if result.total == 1 else ''}{scope}.")
    if agg in ("avg", "sum"):
        if ko:
            return f"{mlabel} {'평균' if agg == 'avg' else '합계'}: {amount(result.value)} " \
                   f"({count} 기준{scope})."
        word = "Average" if agg == "avg" else "Total"
        return f"{word} {mlabel}: {amount(result.value)} over {count}{scope}."
    if agg in ("min", "max"):
        if ko:
            return f"{'최고' if agg == 'max' else '최저'} {mlabel}: {amount(result.value)}{scope}, " \
                   f"해당 {n_rows(len(result.rows))}:"
        word = "Highest" if agg == "max" else "Lowest"
        return f"{word} {mlabel}: {amount(result.value)}{scope}, in {n_rows(len(result.rows))}:"
    if agg == "percentage":
        base = result.base_total or 0
        return (f"{fmt(result.value)}% — 전체 {base}건 중 {result.total}건{scope}." if ko else
                f"{fmt(result.value)}% — {result.total} of {base} {spec.plural}{scope}.")
    order = ""
    if plan.order_by:
        col = label(spec, plan.order_by, ko)
        order = (f", {col} {'높은' if plan.descending else '낮은'} 순" if ko else
                 f", by {col} {'highest' if plan.descending else 'lowest'} first")
    return (f"조건에 맞는 {count}{distinct}{scope}{order}:" if ko else
            f"{count}{distinct} match{'es' if result.total == 1 else ''}{scope}{order}:")


_NOTE_KO = (
    (re.compile(r"ignored '(.+)' \(no .+ mentions it\)"), r"'\1'은(는) 어떤 행에도 없어 제외함"),
    (re.compile(r"ignored '(.+)' \(with it no row matched\)"),
     r"'\1'을(를) 넣으면 맞는 행이 없어 제외함"),
    (re.compile(r"'(.+)' names a (.+); matched either — say which level to narrow it"),
     r"'\1'은(는) 여러 수준(\2)에 있어 모두 포함함 — 좁히려면 수준을 지정하세요"),
)


def _notes(plan: Plan, ko: bool = False) -> str:
    out = []
    for n in plan.notes:
        if ko:
            for rx, repl in _NOTE_KO:
                n = rx.sub(repl, n)
        out.append(f"\n{'참고' if ko else 'Note'}: {n}.")
    return "".join(out)
