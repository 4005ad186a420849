"""Text written into spreadsheet cells (the PFMEA .xlsx export, the training-matrix CSV) stays
text: a document or user string such as '=HYPERLINK("http://...")' must never become a formula."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula (CSV/formula injection)."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """A CSV cell that Excel or LibreOffice will show as text, never run: text starting with
    = + - @ (or a tab / carriage return) gets a leading apostrophe, the OWASP-recommended
    guard; numbers pass unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
