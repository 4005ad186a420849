"""Every message a user reads (CLI, API, UI, briefings, fixed answer text), looked up by key.

The catalogue is data: one TOML file per language in ``copilot/core/locale/`` (``en.toml``,
``ko.toml``), with the same keys and the same ``{placeholders}`` in each, so a translator edits
one file. A key is ``section.name`` (``"ui.subtitle"``, ``"learning.q_param"``); the files are
read on first use, not on import.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from copilot.core.data import load_toml

Lang = Literal["en", "ko"]
LANGS: tuple[Lang, ...] = ("en", "ko")
_KO_PREFIXES = ("ko", "한")  # "ko", "ko_KR", "Korean", "한국어"

# Which hint answers which ingest error: a phrase of the error's reason (copilot/core/errors.py),
# matched case-insensitively, first match wins.
_ERROR_HINTS: tuple[tuple[str, str], ...] = (
    ("file is empty", "error_hint.empty_file"),
    ("unsupported file type", "error_hint.unsupported"),
    ("corrupt", "error_hint.corrupt"),
    ("encoding", "error_hint.encoding"),
    ("header row", "error_hint.header_row"),
    ("size limit", "error_hint.size_limit"),
)


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """All messages of one language, keyed ``section.name`` (nested tables flattened)."""
    return dict(_flatten(load_toml("copilot.core.locale", f"{lang}.toml")))


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            out += _flatten(value, f"{prefix}{key}.")
        else:
            out.append((prefix + key, str(value)))
    return out


def as_lang(value: object) -> Lang:
    """A language code from a code, a name ('English', '한국어') or a locale ('ko_KR');
    English when it names no known language."""
    text = str(value or "").strip().lower()
    return "ko" if text.startswith(_KO_PREFIXES) else "en"


def has_message(key: str) -> bool:
    """True when ``key`` is in the catalogue (for names with a tidy fallback)."""
    return key in catalogue("en")


def message(key: str, lang: object = "en", **values: object) -> str:
    """The message ``key`` in ``lang`` (English if that language lacks it), ``{name}`` filled in.

    Raises KeyError for a key that is in no catalogue: a typo is a bug, not a blank label."""
    text = catalogue(as_lang(lang)).get(key)
    if text is None:
        text = catalogue("en")[key]
    return text.format(**values) if values else text


def language_name(lang: Lang) -> str:
    """The language's own name, as its toggle shows it ('English', '한국어')."""
    return message("language.name", lang)


def kind_name(kind: str, lang: object) -> str:
    """Human name of a document kind (the kind itself when the catalogue has none)."""
    return message(f"kind.{kind}", lang) if has_message(f"kind.{kind}") else kind


def field_name(name: str, lang: object) -> str:
    """Column header for a metadata field (known names translated, others tidied up)."""
    if has_message(f"field.{name}"):
        return message(f"field.{name}", lang)
    return name.replace("_", " ").strip().capitalize()


def error_hint(error: str, lang: object) -> str:
    """Plain-words advice for an ingest error message ('' when there is none)."""
    low = error.lower()
    for phrase, key in _ERROR_HINTS:
        if phrase in low:
            return message(key, lang)
    return ""
