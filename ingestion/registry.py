"""Converters as plugins (``CONVERTERS``, see copilot.core.plugins) and the dispatcher over them.

Built-ins are registered exactly like third-party plugins (entry-point group
``floor_copilot.converters``, the object a no-argument factory returning a ``Converter``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from copilot.core.errors import UnsupportedFileError
from copilot.core.plugins import Registry
from ingestion.base import Converter, SourceFile

ConverterFactory = Callable[[], Converter]


class ConverterRegistry:
    """Holds converter instances; picks the highest-priority one that accepts a file."""

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


def register_builtin_converters(registry: Registry[ConverterFactory]) -> None:
    """The converters shipped with Floor Copilot, registered like any plugin (parsers load late)."""
    from ingestion.maintenance import MaintenanceLogConverter
    from ingestion.pfmea import PfmeaConverter
    from ingestion.work_instructions import WorkInstructionConverter

    registry.register("pfmea", PfmeaConverter)
    registry.register("maintenance_log", MaintenanceLogConverter)
    registry.register("work_instruction", WorkInstructionConverter)


CONVERTERS: Registry[ConverterFactory] = Registry(
    "converter", "floor_copilot.converters", register_builtin_converters)


def default_registry() -> ConverterRegistry:
    """One instance of every registered converter: built-ins, then installed plugins."""
    return ConverterRegistry(factory() for factory in CONVERTERS.factories())
