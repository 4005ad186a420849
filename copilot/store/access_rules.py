"""Who may read a file: the access label a ``.copilotaccess`` file gives it (nearest folder wins).

A ``.copilotaccess`` file in a folder labels every file in it and below. It holds one label on
a line of its own, or TOML with per-file overrides (names or globs relative to that folder)::

    label = "quality"
    [files]
    "hr.xlsx" = "hr"
    "payroll/*" = "hr"

The nearest access file that says anything about a file wins (its ``[files]`` entry first,
then its ``label``); with none, the file is readable by everyone (``PUBLIC_LABEL``). Folders
are looked up to the filesystem root, so a file named on its own (not through its folder)
keeps the label of the folder it sits in. An access file that cannot be read fails the ingest
of the files under it (closed, never open).
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from copilot.core.access import PUBLIC_LABEL
from copilot.core.errors import CorruptFileError

ACCESS_FILE = ".copilotaccess"
_LABEL = re.compile(r"^[\w.\-]{1,64}$")


@dataclass(frozen=True)
class AccessRules:
    """One access file: its folder's label (None: says nothing) and per-file overrides."""

    label: str | None
    files: tuple[tuple[str, str], ...] = ()

    def label_for(self, rel: str) -> str | None:
        """The label for ``rel`` (a path relative to the access file's folder), if any."""
        name = rel.rsplit("/", 1)[-1]
        for pattern, label in self.files:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern):
                return label
        return self.label


def _label(value: object, where: Path) -> str:
    label = str(value).strip().lower()
    if not _LABEL.match(label):
        raise CorruptFileError(str(where), f"access label {value!r} is not a single word "
                               "(letters, digits, '.', '-', '_')")
    return label


def parse_rules(path: Path) -> AccessRules:
    """An access file: TOML (``label`` + ``[files]``) or one bare label on a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptFileError(str(path), f"access file cannot be read: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not
                 ln.strip().startswith("#")]
        if len(lines) != 1:
            raise CorruptFileError(str(path), "access file must hold one label, or TOML with "
                                   "'label = \"...\"' and a [files] table") from None
        return AccessRules(_label(lines[0], path))
    files = data.get("files", {})
    if not isinstance(files, dict):
        raise CorruptFileError(str(path), "[files] must be a table of \"name\" = \"label\"")
    label = _label(data["label"], path) if "label" in data else None
    return AccessRules(label, tuple((str(k), _label(v, path)) for k, v in files.items()))


def access_label(path: Path) -> str:
    """The access label of the file at ``path`` (nearest ``.copilotaccess`` wins)."""
    path = path.resolve()
    for folder in path.parents:
        rules_file = folder / ACCESS_FILE
        if rules_file.is_file():
            found = parse_rules(rules_file).label_for(path.relative_to(folder).as_posix())
            if found is not None:
                return found
    return PUBLIC_LABEL
