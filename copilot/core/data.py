"""Package data read the one way: a TOML file shipped inside a package (word lists, record
schemas, the message catalogue), parsed on first use and kept."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load_toml(package: str, *path: str) -> dict[str, Any]:
    """``<package>/<path...>`` parsed as TOML, once per process (tables keep file order)."""
    return tomllib.loads(files(package).joinpath(*path).read_text(encoding="utf-8"))
