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

# Which plain reason and hint answer which ingest error: a phrase of the error's reason or
# detail (copilot/core/errors.py, the converters), matched case-insensitively, first match wins.
# The converters' specific details come before the general reasons: every CorruptFileError says
# "corrupt, encrypted or ...", so only "password-protected" means there is a password.
_ERROR_HINTS: tuple[tuple[str, str], ...] = (
    ("password-protected", "encrypted"),
    ("truncated or damaged", "damaged"),
    ("so not an excel workbook", "wrong_type"),
    ("file is empty", "empty_file"),
    ("unsupported file type", "unsupported"),
    ("corrupt", "corrupt"),
    ("encoding", "encoding"),
    ("header row", "header_row"),
    ("size limit", "size_limit"),
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


def _error_kind(error: str) -> str:
    low = error.lower()
    return next((kind for phrase, kind in _ERROR_HINTS if phrase in low), "")


def error_hint(error: str, lang: object) -> str:
    """Plain-words advice for an ingest error message ('' when there is none)."""
    kind = _error_kind(error)
    return message(f"error_hint.{kind}", lang) if kind else ""


def error_reason(error: str, lang: object) -> str:
    """What went wrong with a file, in plain words ('' when the error is not a known kind)."""
    kind = _error_kind(error)
    return message(f"error_reason.{kind}", lang) if kind else ""
