"""Plant vocabulary in one place: codes, safety labels, dates, text decoding, and the word lists
(TOML files beside these modules) that converters and features read instead of literals."""

from __future__ import annotations

from typing import Any

from copilot.core.data import load_toml


def load(name: str) -> dict[str, Any]:
    """The word list ``<name>.toml`` of this package, parsed once (tables keep file order)."""
    return load_toml(__name__, f"{name}.toml")
