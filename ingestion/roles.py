"""Column roles for tables whose header names we have never seen (CMMS exports vary).

Each column is scored for each work-order field by its *name* (the rules' tokens are data:
``copilot/core/lexicon/column_roles.toml``; tokenised: "wo_id" -> wo, id;
"actualLaborHours" -> actual, labor, hours; Korean by parts: "작업번호" -> 작업, 번호) and by its
*values* (share parseable as dates, "H:MM" durations, numbers, booleans; uniqueness; length and
word count; number of distinct values). Fields are then assigned greedily, best score first, one
column per field. Pure functions: no I/O, so the same inference runs in ``accepts``, ``convert``
and tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from copilot.core import lexicon
from copilot.core.lexicon.dates import parse_date
from ingestion.tables import Cell, Sheet, cell_text, parse_number

ValueKind = Literal["id", "date", "duration", "number", "boolean", "code", "category", "text",
                    "empty"]
PROFILE_ROWS = 1000
MIN_CONFIDENCE = 0.45
_VALUES = lexicon.load("values")
_BOOLEAN = frozenset(_VALUES["booleans"])
_CODE = re.compile(r"[A-Za-z]{0,6}[-_/.]?\d{1,8}[A-Za-z]{0,3}|[A-Z][A-Z0-9_-]{1,11}")
_DURATION = re.compile(r"\d{1,5}:[0-5]\d(?::[0-5]\d)?")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ROLES = lexicon.load("column_roles")  # the rules' name tokens and value kinds, as data
_KOREAN_PARTS: tuple[str, ...] = tuple(_ROLES["korean_parts"])


@dataclass(frozen=True)
class Profile:
    """What a column's values look like (shares are of its non-blank cells)."""

    filled: float
    dates: float
    durations: float
    numbers: float
    booleans: float
    codes: float
    unique: float  # distinct / non-blank
    distinct: int
    mean_words: float
    mean_len: float

    @property
    def kind(self) -> ValueKind:
        """The value kind the profile reads as, most specific first."""
        if self.filled == 0:
            return "empty"
        if self.booleans >= 0.95 and self.distinct <= 2:
            return "boolean"
        if self.durations >= 0.9:
            return "duration"
        if self.dates >= 0.9:
            return "date"
        if self.numbers >= 0.9:
            return "id" if self.unique >= 0.98 and self.distinct > 20 else "number"
        if self.unique >= 0.98 and self.mean_words <= 2 and self.distinct > 20:
            return "id"
        if self.codes >= 0.9:
            return "code"
        if self.mean_words >= 3 or self.mean_len >= 25:
            return "text"
        return "category"


@dataclass(frozen=True)
class FieldRule:
    """How a work-order field is recognised: name token sets (all must appear) and value kinds."""

    field: str
    names: tuple[tuple[str, ...], ...]
    kinds: Mapping[ValueKind, float]  # value kind -> how well it fits (0..1)


RULES: tuple[FieldRule, ...] = tuple(
    FieldRule(r["field"], tuple(tuple(n.split("+")) for n in r["names"]), r["kinds"])
    for r in _ROLES["rule"])
FIELDS = tuple(r.field for r in RULES)


@dataclass(frozen=True)
class ColumnRole:
    """One column's role: the field it became (None: kept under its own name) and why."""

    column: int
    label: str
    field: str | None
    kind: ValueKind
    confidence: float
    source: Literal["inferred", "override", "unmapped"] = "inferred"


@dataclass(frozen=True)
class TableMapping:
    """A sheet's inferred (or overridden) header position and column roles."""

    position: int  # index into Sheet.rows of the header row
    row: int  # its 1-based row number
    columns: tuple[ColumnRole, ...]

    def field_column(self, name: str) -> ColumnRole | None:
        return next((c for c in self.columns if c.field == name), None)

    @property
    def is_work_orders(self) -> bool:
        """An id or date column plus an asset or text column: enough to be a work-order log."""
        has = {c.field for c in self.columns if c.field}
        return bool(has & {"work_order", "date", "date_closed"}) and bool(
            has & {"asset", "asset_description", "short_text", "action"})

    def summary(self) -> str:
        """"wo_id -> work_order (id, 0.95); ..." for warnings and reports."""
        return "; ".join(f"{c.label} -> {c.field or '(kept as ' + slug(c.label) + ')'} "
                         f"({c.kind}, {c.source if c.source == 'override' else f'{c.confidence:.2f}'})"
                         for c in self.columns)


def slug(label: str) -> str:
    """A field name for a column kept under its own name: "Work Priority" -> "work_priority"."""
    text = unicodedata.normalize("NFKC", _CAMEL.sub("_", label)).casefold()
    return re.sub(r"[\W_]+", "_", text).strip("_") or "column"


def tokens(label: str) -> frozenset[str]:
    """Name tokens: split on case changes and punctuation; Korean words also by known parts."""
    words = [w for w in re.split(r"[\W_]+", _CAMEL.sub(" ", unicodedata.normalize("NFKC", label))
                                 .casefold()) if w]
    out = set(words)
    for w in words:
        if re.search(r"[\uac00-\ud7a3]", w):
            out.update(p for p in _KOREAN_PARTS if p in w)
        out.update(re.findall(r"[a-z]+", w))  # "wo#"/"wo1" -> "wo"
    return frozenset(out)


def name_score(rule: FieldRule, toks: frozenset[str]) -> float:
    """0..1: how well the column name says ``rule.field`` (longer matching token sets win)."""
    best = 0.0
    for need in rule.names:
        if all(t in toks for t in need):
            best = max(best, min(1.0, 0.6 + 0.2 * (len(need) - 1)))
    return best


def profile(values: Sequence[Cell]) -> Profile:
    """Shares of value kinds among the non-blank cells of one column."""
    cells = [(v, cell_text(v)) for v in values if v is not None and cell_text(v)]
    n = len(cells)
    if n == 0:
        return Profile(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    texts = [t for _, t in cells]
    lowered = {t.casefold() for t in texts}
    numbers = [_is_number(v, t) for v, t in cells]
    durations = [bool(_DURATION.fullmatch(t)) for t in texts]
    return Profile(
        filled=n / max(len(values), 1),
        dates=sum(not d and not x and parse_date(v) is not None
                  for (v, _), d, x in zip(cells, durations, numbers, strict=True)) / n,
        durations=sum(durations) / n,
        numbers=sum(numbers) / n,
        booleans=1.0 if lowered <= _BOOLEAN else 0.0,
        codes=sum(bool(_CODE.fullmatch(t)) for t in texts) / n,
        unique=len(set(texts)) / n,
        distinct=len(set(texts)),
        mean_words=sum(len(t.split()) for t in texts) / n,
        mean_len=sum(len(t) for t in texts) / n,
    )


def _is_number(value: Cell, text: str) -> bool:
    """A plain number, maybe with a unit or currency ("1.5 h", "₩350,000"), not "Chiller 14"."""
    return parse_number(value) is not None and sum(ch.isalpha() for ch in text) <= 3


def find_label_row(sheet: Sheet, scan: int = 30) -> int | None:
    """Index of the first row of at least two text labels (no dates or numbers) with data below."""
    width = max((sum(c is not None for c in cells) for _, cells in sheet.rows[:scan]), default=0)
    for pos, (_, cells) in enumerate(sheet.rows[:scan]):
        filled = [c for c in cells if c is not None]
        if (len(filled) >= max(2, width // 2) and pos + 1 < len(sheet.rows)
                and all(isinstance(c, str) and parse_number(c) is None and parse_date(c) is None
                        for c in filled)):
            return pos
    return None


def infer(sheet: Sheet, fixed: Mapping[str, str | None] | None = None) -> TableMapping | None:
    """Column roles for ``sheet``; ``fixed`` (label -> field or None to ignore) wins over scores."""
    pos = find_label_row(sheet)
    if pos is None:
        return None
    labels = sheet.rows[pos][1]
    body = [cells for _, cells in sheet.rows[pos + 1:pos + 1 + PROFILE_ROWS]]
    fixed = fixed or {}
    profiles = {i: profile([r[i] if i < len(r) else None for r in body])
                for i, lab in enumerate(labels) if lab is not None}
    chosen: dict[int, tuple[str | None, float, str]] = {}
    for i in profiles:
        if str(labels[i]) in fixed:
            chosen[i] = (fixed[str(labels[i])], 1.0, "override")
    taken = {f for f, _, _ in chosen.values() if f}
    scored = sorted(((s, i, rule.field) for i, p in profiles.items() if i not in chosen
                     for rule in RULES if (s := _score(rule, str(labels[i]), p)) >= MIN_CONFIDENCE),
                    key=lambda x: (-x[0], x[1]))
    for s, i, field in scored:
        if i not in chosen and field not in taken:
            chosen[i] = (field, s, "inferred")
            taken.add(field)
    roles = [ColumnRole(i, str(labels[i]), *_role(chosen.get(i), p))
             for i, p in profiles.items()]
    return TableMapping(pos, sheet.rows[pos][0], tuple(_promote(roles)))


def _role(choice: tuple[str | None, float, str] | None, p: Profile
          ) -> tuple[str | None, ValueKind, float, Literal["inferred", "override", "unmapped"]]:
    if choice is None:
        return None, p.kind, 0.0, "unmapped"
    field, score, source = choice
    return field, p.kind, round(score, 2), "override" if source == "override" else "inferred"


def _score(rule: FieldRule, label: str, p: Profile) -> float:
    """Name evidence weighs 0.6, value fit 0.4; without a name, only unmistakable values count."""
    fit = rule.kinds.get(p.kind, 0.0) * min(1.0, p.filled * 2)
    if fit == 0.0:
        return 0.0
    toks = tokens(label)
    named = name_score(rule, toks)
    if named == 0.0:  # values alone: a unique id or a date column whose name says nothing else
        alone = (rule.field, p.kind) in (("work_order", "id"), ("date", "date"))
        return 0.5 * fit if alone and not any(name_score(r, toks) for r in RULES) else 0.0
    return 0.6 * named + 0.4 * fit


def _promote(roles: list[ColumnRole]) -> list[ColumnRole]:
    """A lone finish date is the work order's date; a lone asset name is the asset."""
    fields = {r.field for r in roles}
    swaps = {"date_closed": "date", "asset_description": "asset"}
    return [ColumnRole(r.column, r.label, swaps[r.field], r.kind, r.confidence, r.source)
            if r.field in swaps and swaps[r.field] not in fields and r.source == "inferred"
            else r for r in roles]
