"""Two current files that hold (nearly) the same rows are one sheet saved twice: count it once.

A plant folder often keeps a sheet beside its cleaned-up copy ("combined" and "filled", an
export and its re-export): neither is a revision of the other, so both stay current, and every
count, sum and ranking over the table doubled. Here two documents of one table are copies when
at least ``SHARED`` of the larger one's rows appear, cell for cell, in the other; the copy with
more filled cells is kept (merged cells filled in, a typo fixed), and a plan that does not name
a document reads only the kept ones, with a note saying which file was left out and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.schema import TableSpec
from copilot.core.types import Scalar
from copilot.store.record_reader import RecordReader, Selection
from copilot.tables.plan import Plan

SHARED = 0.8  # share of the larger document's rows found in the other one


@dataclass(frozen=True)
class Copy:
    """``doc`` repeats ``shared`` of its ``rows`` rows from ``kept``, which is counted instead."""

    doc: str
    kept: str
    shared: int
    rows: int

    def note(self) -> str:
        return (f"{self.doc} repeats {self.shared} of its {self.rows} rows from {self.kept}; "
                f"counted once, from {self.kept} (fewer blank cells) - name {self.doc} to "
                "read it instead")


@dataclass(frozen=True)
class Copies:
    """The copies among one table's current documents, and the documents read instead."""

    copies: tuple[Copy, ...] = ()
    kept: tuple[str, ...] = ()  # every current document that is not a copy


def _filled(rows: Counter[tuple[Scalar | None, ...]]) -> int:
    return sum(n * sum(v is not None and str(v).strip() != "" for v in row)
               for row, n in rows.items())


def find_copies(records: RecordReader, spec: TableSpec,
                scope: AccessScope = UNRESTRICTED) -> Copies:
    """The table's current documents that are copies of another one (rows compared only
    between documents whose row counts could reach ``SHARED``)."""
    sizes = {str(k): n for k, n, _ in records.groups(Selection(spec.name, scope=scope),
                                                     "doc_id", None, None, True)}
    close = {d for d in sizes for e in sizes
             if d != e and min(sizes[d], sizes[e]) >= SHARED * max(sizes[d], sizes[e])}
    if not close:
        return Copies()
    cols = tuple(c.name for c in spec.field_columns)
    rows: dict[str, Counter[tuple[Scalar | None, ...]]] = {d: Counter() for d in close}
    for r in records.column_values(spec.name, ("doc_id", *cols), scope=scope):
        if str(r[0]) in rows:
            rows[str(r[0])][tuple(r[1:])] += 1
    return _pairs(rows, sizes)


def _pairs(rows: dict[str, Counter[tuple[Scalar | None, ...]]],
           sizes: dict[str, int]) -> Copies:
    # most complete first, so a copy always points at the document that is kept
    order = sorted(rows, key=lambda d: (-_filled(rows[d]), -sizes[d], d))
    found: list[Copy] = []
    gone: set[str] = set()
    for i, keep in enumerate(order):
        if keep in gone:
            continue
        for doc in order[i + 1:]:
            if doc in gone:
                continue
            shared = sum((rows[keep] & rows[doc]).values())
            if shared >= SHARED * max(sizes[keep], sizes[doc]):
                found.append(Copy(doc, keep, shared, sizes[doc]))
                gone.add(doc)
    if not found:
        return Copies()
    return Copies(tuple(found), tuple(sorted(d for d in sizes if d not in gone)))


def without_copies(plan: Plan, copies: Copies) -> Plan:
    """``plan`` over the kept documents, noting each copy left out; unchanged when the plan
    names its documents (a question about one file) or the table has no copies."""
    if not copies.copies or any(c.column == "doc_id" for c in plan.conditions):
        return plan
    return replace(plan, documents=copies.kept,
                   notes=(*plan.notes, *(c.note() for c in copies.copies)))
