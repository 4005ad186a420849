"""Typed reads of the TOML data files; errors name the file and key so a wrong edit is easy to fix."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class DataError(ValueError):
    """A data file is missing a key or holds a value of the wrong kind."""


def load_toml(path: Path) -> TomlTable:
    """Parse one data file; a syntax error names the file."""
    try:
        with path.open("rb") as fh:
            return TomlTable(tomllib.load(fh), path.name)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: {exc}") from exc


@dataclass(frozen=True)
class TomlTable:
    """One TOML table and where it sits (file and key path), for error messages."""

    values: Mapping[str, object]
    where: str

    def has(self, key: str) -> bool:
        return key in self.values

    def names(self) -> tuple[str, ...]:
        return tuple(self.values)

    def _get(self, key: str, kind: type | tuple[type, ...], what: str) -> object:
        if key not in self.values:
            raise DataError(f"{self.where}: missing key {key!r} ({what})")
        value = self.values[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise DataError(f"{self.where}: {key!r} must be {what}, not {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self.values:
            return default
        value = self._get(key, str, "a string")
        assert isinstance(value, str)
        return value

    def integer(self, key: str) -> int:
        value = self._get(key, int, "a whole number")
        assert isinstance(value, int)
        return value

    def number(self, key: str) -> float:
        """An int or a float, kept as written (an int stays an int in the output files)."""
        value = self._get(key, (int, float), "a number")
        assert isinstance(value, int | float)
        return value

    def date(self, key: str) -> dt.date:
        value = self._get(key, dt.date, "a date such as 2025-06-02")
        assert isinstance(value, dt.date)
        return value

    def array(self, key: str) -> list[object]:
        value = self._get(key, list, "an array")
        assert isinstance(value, list)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(_check(x, str, self._in(key), "strings") for x in self.array(key))

    def integers(self, key: str, default: tuple[int, ...] | None = None) -> tuple[int, ...]:
        if default is not None and key not in self.values:
            return default
        return tuple(_check(x, int, self._in(key), "whole numbers") for x in self.array(key))

    def pair(self, key: str) -> tuple[float, float]:
        """A [lo, hi] range of numbers, each kept as written."""
        items = [_number(x, self._in(key)) for x in self.array(key)]
        if len(items) != 2:
            raise DataError(f"{self._in(key)} must be [lo, hi], not {items!r}")
        return items[0], items[1]

    def table(self, key: str) -> TomlTable:
        value = self._get(key, dict, "a table")
        assert isinstance(value, dict)
        return TomlTable(value, f"{self.where} [{key}]")

    def tables(self, key: str) -> tuple[TomlTable, ...]:
        items = [_check(x, dict, self._in(key), "tables") for x in self.array(key)]
        return tuple(TomlTable(t, f"{self.where} [[{key}]] #{i}") for i, t in enumerate(items, 1))

    def _in(self, key: str) -> str:
        return f"{self.where}: {key!r}"


def _check(item: object, kind: type[T], where: str, what: str) -> T:
    if not isinstance(item, kind) or isinstance(item, bool):
        raise DataError(f"{where} must hold {what}, not {item!r}")
    return item


def _number(item: object, where: str) -> float:
    if not isinstance(item, int | float) or isinstance(item, bool):
        raise DataError(f"{where} must hold numbers, not {item!r}")
    return item
