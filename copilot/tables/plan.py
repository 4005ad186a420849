"""The query plan: what the planner (rules or an LLM) produces and the engine runs.

A plan is data, never SQL: columns and operators are checked against the table's schema
(``validate``) before anything runs, so a model-written plan cannot reach the database with a
column or operator that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from copilot.core.errors import QueryError
from copilot.core.schema import TABLES, table_named
from copilot.core.types import Scalar
from copilot.store.record_reader import OPS as OPS
from copilot.store.record_reader import TIME_KEYS
from copilot.store.record_reader import Op as Op  # the plan speaks the reader's operators

Agg = Literal["list", "count", "avg", "sum", "min", "max", "percentage"]
TIME_GROUPS = TIME_KEYS  # group_by values computed from the date column
AGGS: tuple[str, ...] = get_args(Agg)


@dataclass(frozen=True)
class Condition:
    """``column op values``; ``alt_columns`` OR the same test on other hierarchy levels."""

    column: str
    op: Op
    values: tuple[Scalar, ...] = ()
    alt_columns: tuple[str, ...] = ()
    phrase: str = ""  # the user's words behind it
    subject: bool = False  # percentage numerator ("what share ... are corrective?")


@dataclass(frozen=True)
class TextFilter:
    """Meaning filter on text columns: every group must match, any term within a group."""

    groups: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...] = ()  # empty = the table's text columns
    phrase: str = ""


@dataclass(frozen=True)
class Plan:
    table: str
    conditions: tuple[Condition, ...] = ()
    text: tuple[TextFilter, ...] = ()
    aggregate: Agg = "list"
    measure: str | None = None
    group_by: str | None = None
    order_by: str | None = None
    descending: bool = True
    limit: int | None = None
    select: tuple[str, ...] = ()  # columns a lookup asks for
    also: tuple[Agg, ...] = ()  # further aggregates of the measure ("min, max and average")
    minutes: bool = False  # the question asks for downtime in minutes (stored in hours)
    documents: tuple[str, ...] = ()  # only these doc ids (copies of another file left out)
    distinct_of: str | None = None  # also count this column's values ("how many parts")
    notes: tuple[str, ...] = field(default=(), compare=False)
    strategy: str = field(default="rules", compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "filters": [{"column": c.column, "op": c.op, "values": list(c.values),
                         **({"alt_columns": list(c.alt_columns)} if c.alt_columns else {}),
                         **({"subject": True} if c.subject else {}),
                         "phrase": c.phrase} for c in self.conditions],
            "text_filters": [{"any_of": [list(g) for g in t.groups],
                              "columns": list(t.columns), "phrase": t.phrase}
                             for t in self.text],
            "aggregate": self.aggregate, "measure": self.measure, "group_by": self.group_by,
            "order_by": self.order_by, "descending": self.descending, "limit": self.limit,
            "select": list(self.select), "also": list(self.also), "minutes": self.minutes,
            **({"documents": list(self.documents)} if self.documents else {}),
            **({"distinct_of": self.distinct_of} if self.distinct_of else {}),
            "notes": list(self.notes),
            "strategy": self.strategy,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], strategy: str = "llm") -> Plan:
        """Build and validate a plan from JSON (e.g. an LLM's constrained output)."""
        try:
            conds = tuple(Condition(
                column=str(f["column"]), op=f["op"],
                values=tuple(v for v in f.get("values", ()) if isinstance(v, (str, int, float))),
                alt_columns=tuple(f.get("alt_columns", ())), phrase=str(f.get("phrase", "")),
                subject=bool(f.get("subject", False))) for f in data.get("filters", ()))
            text = tuple(TextFilter(
                groups=tuple(tuple(str(x) for x in g) for g in t.get("any_of", ()) if g),
                columns=tuple(t.get("columns", ())), phrase=str(t.get("phrase", "")))
                for t in data.get("text_filters", ()))
            limit = data.get("limit")
            plan = cls(
                table=str(data["table"]), conditions=conds, text=text,
                aggregate=data.get("aggregate", "list"), measure=data.get("measure"),
                group_by=data.get("group_by"), order_by=data.get("order_by"),
                descending=bool(data.get("descending", True)),
                limit=int(limit) if limit is not None else None,
                select=tuple(data.get("select", ())), also=tuple(data.get("also", ())),
                strategy=strategy)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise QueryError(f"query plan is malformed: {exc}") from exc
        return validate(plan)

    def with_note(self, note: str) -> Plan:
        return replace(self, notes=(*self.notes, note))


def validate(plan: Plan) -> Plan:
    """Raise QueryError naming the field when the plan does not fit the table's schema."""
    try:
        spec = table_named(plan.table)
    except KeyError:
        raise QueryError(f"query plan: unknown table '{plan.table}' "
                         f"(known: {', '.join(t.name for t in TABLES)})") from None
    names = set(spec.names)

    def check(col: str | None, what: str) -> None:
        if col is not None and col not in names:
            raise QueryError(f"query plan: {what} '{col}' is not a column of {plan.table}")

    for c in plan.conditions:
        check(c.column, "filter column")
        for alt in c.alt_columns:
            check(alt, "filter column")
        if c.op not in OPS:
            raise QueryError(f"query plan: unknown operator '{c.op}' on {c.column}")
        if c.op == "between" and len(c.values) != 2:
            raise QueryError(f"query plan: 'between' on {c.column} needs two values")
        if c.op not in ("empty", "not_empty") and not c.values:
            raise QueryError(f"query plan: filter on {c.column} has no value")
    for t in plan.text:
        for col in t.columns:
            check(col, "text column")
        if not t.groups:
            raise QueryError("query plan: text filter without terms")
    if plan.aggregate not in AGGS:
        raise QueryError(f"query plan: unknown aggregate '{plan.aggregate}'")
    check(plan.measure, "measure")
    if plan.group_by not in TIME_GROUPS or not spec.has("date"):
        check(plan.group_by, "group_by")
    for fn in plan.also:
        if fn not in AGGS or plan.measure is None:
            raise QueryError(f"query plan: extra aggregate '{fn}' needs a measure column")
    check(plan.order_by, "order_by")
    check(plan.distinct_of, "distinct_of")
    for col in plan.select:
        check(col, "select column")
    if plan.aggregate in ("avg", "sum") and plan.measure is None:
        raise QueryError(f"query plan: '{plan.aggregate}' needs a measure column")
    if plan.aggregate in ("avg", "sum") and plan.measure is not None and \
            spec.column(plan.measure).role != "number":
        raise QueryError(f"query plan: cannot {plan.aggregate} the text column "
                         f"'{plan.measure}'")
    if plan.limit is not None and not 0 < plan.limit <= 1000:
        raise QueryError(f"query plan: limit {plan.limit} is outside 1-1000")
    return plan


def json_schema() -> dict[str, Any]:
    """JSON schema of a plan, used as a llama.cpp grammar / response_format for LLM planning."""
    cols = sorted({c.name for t in TABLES for c in t.columns})
    nullable_col = {"anyOf": [{"type": "string", "enum": cols}, {"type": "null"}]}
    return {
        "type": "object",
        "properties": {
            "table": {"type": "string", "enum": [t.name for t in TABLES]},
            "filters": {"type": "array", "maxItems": 6, "items": {
                "type": "object",
                "properties": {
                    "column": {"type": "string", "enum": cols},
                    "op": {"type": "string", "enum": list(OPS)},
                    "values": {"type": "array", "maxItems": 3, "items": {
                        "anyOf": [{"type": "string", "maxLength": 40}, {"type": "number"}]}},
                },
                "required": ["column", "op", "values"]}},
            "text_filters": {"type": "array", "maxItems": 2, "items": {
                "type": "object",
                "properties": {"any_of": {"type": "array", "maxItems": 3, "items": {
                    "type": "array", "maxItems": 3,
                    "items": {"type": "string", "maxLength": 30}}}},
                "required": ["any_of"]}},
            "aggregate": {"type": "string", "enum": list(AGGS)},
            "measure": nullable_col,
            "group_by": {"anyOf": [{"type": "string", "enum": [*cols, *TIME_GROUPS]},
                                   {"type": "null"}]},
            "order_by": nullable_col,
            "descending": {"type": "boolean"},
            "limit": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        },
        "required": ["table", "filters", "aggregate"],
    }
