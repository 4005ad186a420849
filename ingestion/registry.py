"""Converter registry: built-ins are registered exactly like third-party plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.metadata import entry_points

from copilot.core.errors import UnsupportedFileError
from ingestion.base import Converter, SourceFile

ConverterFactory = Callable[[], Converter]

ENTRY_POINT_GROUP = "floor_copilot.converters"


class ConverterRegistry:
    """Holds converters; picks the highest-priority one that accepts a file."""

    def __init__(self, converters: Iterable[Converter] = ()) -> None:
        self._converters: list[Converter] = []
        for c in converters:
            self.register(c)

    def register(self, converter: Converter) -> None:
        self._converters.append(converter)
        self._converters.sort(key=lambda c: -c.priority)

    @property
    def converters(self) -> tuple[Converter, ...]:
        return tuple(self._converters)

    def supported_suffixes(self) -> set[str]:
        return {s for c in self._converters for s in c.extensions}

    def pick(self, source: SourceFile) -> list[Converter]:
        """All converters accepting ``source``, best first; raises if none does."""
        found = [c for c in self._converters if c.accepts(source)]
        if not found:
            raise UnsupportedFileError(
                source.relpath,
                f"'{source.suffix or 'no extension'}' is not one of "
                + ", ".join(sorted(self.supported_suffixes())),
            )
        return found


def builtin_converters() -> list[Converter]:
    """The converters shipped with Floor Copilot (imported lazily: heavy parsers load late)."""
    from ingestion.maintenance import MaintenanceLogConverter
    from ingestion.pfmea import PfmeaConverter
    from ingestion.work_instructions import WorkInstructionConverter

    return [PfmeaConverter(), MaintenanceLogConverter(), WorkInstructionConverter()]


def default_registry() -> ConverterRegistry:
    """Built-ins plus any converters installed under the ``floor_copilot.converters`` entry point."""
    reg = ConverterRegistry(builtin_converters())
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        factory: ConverterFactory = ep.load()
        reg.register(factory())
    return reg
