"""Plant codes (station, asset) as stored and filtered: one rule for metadata and filters."""

from __future__ import annotations

from collections.abc import Mapping

from copilot.core.types import Scalar

CODE_FIELDS = ("station", "asset")  # stored upper-case, so "op20" and "OP20" filter alike


def normalize_codes(fields: Mapping[str, Scalar]) -> dict[str, Scalar]:
    """Upper-case the code fields of chunk metadata or of a filter (one rule for both sides)."""
    out = dict(fields)
    for key in CODE_FIELDS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = value.upper()
    return out
