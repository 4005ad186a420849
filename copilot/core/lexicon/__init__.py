"""Plant vocabulary in one place: codes, safety labels, dates, text decoding, and the word lists
(TOML files beside these modules) that converters and features read instead of literals."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The word list ``<name>.toml`` of this package, parsed once (tables keep file order)."""
    text = files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
