"""Plant codes: stations (OP10, op-30, OP 40A), assets (PRS-02) and the rule that stores and
filters them upper-case, one rule for metadata and filters."""

from __future__ import annotations

import re
from collections.abc import Mapping

from copilot.core.types import Scalar

CODE_FIELDS = ("station", "asset")  # stored upper-case, so "op20" and "OP20" filter alike

# "OP10", "op-30", "OP 40", "OP - 50", "OP30A", "WI-OP30-001"; group 1 is the number part.
STATION = re.compile(r"\bOP\s*-?\s*(\d{1,4}[A-Z]?)\b", re.IGNORECASE)
ASSET = re.compile(r"\b[A-Z]{2,4}-\d{2}\b")  # "PRS-02", "CNV-11": line asset tags
# A document id as plants write them: "WI-OP30-001", "WI-MNT-003", "PFMEA-L2-01".
DOC_ID = re.compile(r"\b[A-Z]{2,6}(?:-[A-Z0-9]{1,6}){2,3}\b")
# A document revision: "Rev B", "rev. C", "Revision D", "개정 B", "개정B"; group 1 is the letter.
REVISION = re.compile(r"(?:\b(?i:rev)(?:ision)?\.?\s?|개정\s?)([A-Z])(?![A-Za-z])")


def normalize_codes(fields: Mapping[str, Scalar]) -> dict[str, Scalar]:
    """Upper-case the code fields of chunk metadata or of a filter (one rule for both sides)."""
    out = dict(fields)
    for key in CODE_FIELDS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = value.upper()
    return out


def stations_in(text: str) -> list[str]:
    """Every station code in ``text``, as stored: "OP-10 and op 20" -> ["OP10", "OP20"]."""
    return [f"OP{n.upper()}" for n in STATION.findall(text)]


def station_of(*texts: str | None) -> str | None:
    """The first station code in the first text that has one ("OP-10 Bearing press-fit" ->
    "OP10"; "WI-OP30-001" -> "OP30")."""
    for text in texts:
        if text and (m := STATION.search(text)):
            return f"OP{m[1].upper()}"
    return None
