"""The record schemas: PFMEA rows and work orders, one per kind, read by the converters (which
column headings name which field) and by the table store and planner (typed columns, question
words). The vocabulary is data: ``schemas/<kind>.toml`` (plus ``base.toml``, the columns every
table has, and ``title_rows.toml``, the facts above a sheet's header).

Each column has a SQL type, a role the planner reasons with (number, date, category, text, id),
the words people use for it in questions (EN, KO) and the headings files give it (EN, KO, DE).
Converters' record fields map 1:1 onto column names; fields a converter emits that no column
knows are kept in ``extra`` (JSON).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from copilot.core.data import load_toml

Role = Literal["number", "date", "category", "text", "id"]
SqlType = Literal["INTEGER", "REAL", "TEXT"]


@dataclass(frozen=True)
class Column:
    name: str
    sql: SqlType
    role: Role
    label: str  # how answers name it
    synonyms: tuple[str, ...] = ()  # lower-case words/phrases (EN + KO) that mean this column
    unit: str = ""
    rating: bool = False  # 1-10 FMEA rating (S/O/D)
    base: bool = False  # stored by every table (document, sheet), not a record field
    headers: tuple[str, ...] = ()  # column headings in files (EN, KO, DE) that name this field


@dataclass(frozen=True)
class TableSpec:
    name: str
    kind: str  # the chunk kind whose records land here
    label: str  # singular noun for answers ("failure mode row", "work order")
    plural: str
    nouns: tuple[str, ...]  # words that point at this table
    columns: tuple[Column, ...]
    title_column: str  # what a listed row is called by
    text_columns: tuple[str, ...]  # searched by semantic filters
    # field -> column headings, for every field a converter maps by heading (columns and
    # record-only fields such as a work order's long text), in schema order
    header_words: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def nouns_in(self, q: str) -> list[str]:
        """The table's nouns that a (lower-cased) question uses, as whole words."""
        return [n for n in self.nouns
                if (re.search(rf"(?<![a-z0-9_-]){re.escape(n)}(?![a-z0-9_-])", q)
                    if n.isascii() else n in q)]

    def header_synonyms(self) -> dict[str, tuple[str, ...]]:
        """Field -> the column headings that name it, for the converter's header matcher."""
        return dict(self.header_words)

    @property
    def field_columns(self) -> tuple[Column, ...]:
        """Columns filled from record fields (not the shared document/sheet columns)."""
        return tuple(c for c in self.columns if not c.base)


# an asset's name is shown beside its id when it is this short: "CWC04006 (Chiller 6)"
SHORT_NAME = 24
LANGUAGES = ("en", "ko", "de")  # header synonyms per language, in this order


def _load(name: str) -> dict[str, Any]:
    return load_toml("copilot.core.schemas", f"{name}.toml")


def _headers(entry: Mapping[str, Any]) -> tuple[str, ...]:
    by_language: Mapping[str, Sequence[str]] = entry.get("headers", {})
    return tuple(w for lang in LANGUAGES for w in by_language.get(lang, ()))


def _column(name: str, entry: Mapping[str, Any], base: bool = False) -> Column:
    return Column(name, entry["sql"], entry["role"], entry["label"], tuple(entry["questions"]),
                  entry.get("unit", ""), entry.get("rating", False), base, _headers(entry))


def _table(name: str, base: Mapping[str, Any]) -> TableSpec:
    """One record schema (``schemas/<name>.toml``) plus the shared base columns."""
    data = _load(name)
    fields: Mapping[str, Mapping[str, Any]] = data["fields"]
    columns = [_column(n, e) for n, e in fields.items() if "sql" in e]
    columns += [_column(n, e, base=True) for n, e in base["fields"].items()]
    return TableSpec(
        name=data["name"], kind=data["kind"], label=data["label"], plural=data["plural"],
        nouns=tuple(data["nouns"]), columns=tuple(columns), title_column=data["title_column"],
        text_columns=tuple(data["text_columns"]),
        header_words=tuple((n, _headers(e)) for n, e in fields.items() if _headers(e)))


def title_row_headers() -> dict[str, tuple[str, ...]]:
    """Headings of the facts written above a sheet's header (title, revision, date, ...)."""
    return {n: _headers(e) for n, e in _load("title_rows")["fields"].items()}


_BASE = _load("base")
PFMEA = _table("pfmea", _BASE)
WORK_ORDERS = _table("work_orders", _BASE)

TABLES: tuple[TableSpec, ...] = (PFMEA, WORK_ORDERS)


def table_named(name: str) -> TableSpec:
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


def table_for_kind(kind: str) -> TableSpec | None:
    return next((t for t in TABLES if t.kind == kind), None)


@lru_cache(maxsize=1)
def machine_words() -> frozenset[str]:
    """The words a question names a machine with ("excavator F", "machine 3", "설비 2"): the
    work-order asset column's header words, lower-case."""
    return frozenset(s.lower() for s in WORK_ORDERS.column("asset").synonyms)


@lru_cache(maxsize=1)
def field_words() -> frozenset[str]:
    """One-word header names of the record tables' columns other than the asset ("RPN",
    "priority", "severity"): "RPN 300" or "Priority H" is a value asked about, not a thing."""
    return frozenset(s.lower() for t in TABLES for c in t.columns for s in c.synonyms
                     if " " not in s) - machine_words()
