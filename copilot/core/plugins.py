"""The one plugin mechanism: a named registry of factories per kind of backend.

Kinds and their entry-point groups (a third-party package declares, in its pyproject.toml,
``[project.entry-points."floor_copilot.embedders"] my-embedder = "my_pkg:MyEmbedder"``; the entry
point's name is the name a setting selects, its object is the factory):

| kind           | registry (module)                           | group                           |
|----------------|---------------------------------------------|---------------------------------|
| embedder       | ``EMBEDDERS`` (copilot.store.embedders)     | floor_copilot.embedders         |
| keyword engine | ``KEYWORD_ENGINES`` (copilot.store.index.keyword) | floor_copilot.keyword_engines |
| vector index   | ``VECTOR_INDEXES`` (copilot.store.index.vector)   | floor_copilot.vector_indexes  |
| generator      | ``GENERATORS`` (copilot.generation.registry)| floor_copilot.generators        |
| converter      | ``CONVERTERS`` (ingestion.registry)         | floor_copilot.converters        |

Built-ins are registered by one plain function per kind, the same way as a plugin. Nothing runs at
import time: a registry fills itself on first use, built-ins first, then installed entry points
(loaded only when their name is asked for), then explicit ``register`` calls; a later registration
of a name replaces the earlier one, keeping its place in the order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from copilot.core.errors import ConfigError

F = TypeVar("F")


class Registry(Generic[F]):
    """Factories of one kind of backend, by name, in registration order."""

    def __init__(self, kind: str, group: str, builtins: Callable[[Registry[F]], None], *,
                 setting: str | None = None) -> None:
        self.kind = kind
        self.group = group
        self.setting = setting
        self._builtins = builtins
        self._entries: dict[str, F | EntryPoint] = {}
        self._loaded = False
        self._lock = threading.RLock()

    def _ensure_loaded(self) -> None:
        with self._lock:
            if self._loaded:
                return
            self._loaded = True  # set first: the built-ins call register()
            try:
                self._builtins(self)
                for ep in entry_points(group=self.group):
                    self._entries[ep.name] = ep
            except BaseException:
                self._loaded = False
                self._entries.clear()
                raise

    def register(self, name: str, factory: F) -> None:
        """Make ``factory`` available under ``name`` (replacing an earlier one of that name)."""
        with self._lock:
            self._ensure_loaded()
            self._entries[name] = factory

    def unregister(self, name: str) -> None:
        """Forget ``name`` (unknown names are ignored)."""
        with self._lock:
            self._ensure_loaded()
            self._entries.pop(name, None)

    def names(self) -> list[str]:
        """Every registered name, in registration order (plugins are not imported)."""
        with self._lock:
            self._ensure_loaded()
            return list(self._entries)

    def get(self, name: str) -> F:
        """The factory registered as ``name``; ConfigError naming the choices if there is none."""
        with self._lock:
            self._ensure_loaded()
            entry = self._entries.get(name)
            if entry is None:
                raise ConfigError(self._unknown(name))
            if isinstance(entry, EntryPoint):
                entry = self._load(entry)
                self._entries[name] = entry
            return entry

    def factories(self) -> list[F]:
        """Every factory, in registration order (loads every plugin of this kind)."""
        return [self.get(name) for name in self.names()]

    def _load(self, ep: EntryPoint) -> F:
        try:
            factory: F = ep.load()
        except Exception as exc:  # a broken plugin: name it and the way out
            raise ConfigError(
                f"{self.kind} plugin '{ep.name}' ({ep.value}, entry-point group '{self.group}')"
                f" cannot be loaded: {exc} - reinstall or uninstall the package that provides it"
            ) from exc
        return factory

    def _unknown(self, name: str) -> str:
        where = f"setting '{self.setting}': " if self.setting else ""
        choices = ", ".join(sorted(self._entries)) or "none registered"
        return (f"{where}unknown {self.kind} '{name}' (choose from {choices}, or install a"
                f" plugin that provides it under entry-point group '{self.group}')")
