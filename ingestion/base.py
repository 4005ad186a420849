"""The converter port: one converter per document kind/format, registered like a plugin."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from copilot.core.types import ConvertedDocument, Kind


@dataclass(frozen=True)
class SourceFile:
    """A file handed to converters: absolute path plus its name relative to the ingest root."""

    path: Path
    relpath: str  # stable, human-readable name used in locators and as the manifest key

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


class Converter(ABC):
    """Turns one file into typed records with precise locators.

    ``accepts`` must be cheap (extension, a peek at headers); ``convert`` raises a subclass of
    ``copilot.core.errors.IngestError`` naming the file on bad input and never returns partial junk.
    """

    name: str = "converter"
    kind: Kind = "work_instruction"
    priority: int = 0  # higher wins when several converters accept the same file
    version: str = "1"  # bump when output changes: files are then re-converted on next ingest

    @property
    def ident(self) -> str:
        """What the manifest records, so a converter upgrade re-converts its files."""
        return f"{self.name}@{self.version}"

    @abstractmethod
    def convert(self, source: SourceFile) -> ConvertedDocument:
        """Read the file and return its records."""

    def accepts(self, source: SourceFile) -> bool:
        """Cheap check (by default: the extension is in ``extensions``)."""
        return source.suffix in self.extensions

    def sidecars(self, source: SourceFile) -> tuple[Path, ...]:
        """Other files that change this file's conversion (their edits re-convert it)."""
        return ()

    extensions: tuple[str, ...] = ()
