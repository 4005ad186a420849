"""Column-mapping overrides: a ``.copilot-mapping.toml`` next to the files it maps.

One table per file name, column label -> field (or ``"ignore"``)::

    ["chiller_work_orders.csv"]
    wo_id = "work_order"
    collection = "major_system"
    secondary_code = "ignore"

Columns not listed are still inferred. The file is hidden, so a folder ingest does not take it
for a document; a bad entry fails that one file with the mapping file and the field named.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from copilot.core.errors import MappingError
from ingestion.base import SourceFile
from ingestion.roles import FIELDS

MAPPING_FILE = ".copilot-mapping.toml"
IGNORE = "ignore"


def mapping_file(source: SourceFile) -> Path:
    return source.path.parent / MAPPING_FILE


def load_override(source: SourceFile, labels: Sequence[str] | None = None
                  ) -> Mapping[str, str | None] | None:
    """The override for ``source`` (label -> field, None = ignore), or None when there is none.

    With ``labels`` (the header as read), every mapped column must exist in it."""
    path = mapping_file(source)
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(source.relpath, f"{path}: cannot be read as TOML: {exc}") from exc
    section = data.get(source.path.name)
    if section is None:
        return None
    where = f'{path} ["{source.path.name}"]'
    if not isinstance(section, dict):
        raise MappingError(source.relpath, f"{where}: must be a table of column = \"field\"")
    out: dict[str, str | None] = {}
    for column, field in section.items():
        if not isinstance(field, str) or (field != IGNORE and field not in FIELDS):
            raise MappingError(source.relpath, f"{where}: {column} = {field!r} is not a field; "
                               f"use one of {', '.join(FIELDS)} or \"{IGNORE}\"")
        if labels is not None and column not in labels:
            raise MappingError(source.relpath, f"{where}: column '{column}' is not in the "
                               f"header ({', '.join(labels)})")
        out[column] = None if field == IGNORE else field
    taken = [f for f in out.values() if f]
    if dupes := sorted({f for f in taken if taken.count(f) > 1}):
        raise MappingError(source.relpath, f"{where}: field '{dupes[0]}' is given to more than "
                           "one column")
    return out
