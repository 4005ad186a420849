"""The UI's section of the one message catalogue (``copilot/core/locale/*.toml``, ``[ui]``)."""

from __future__ import annotations

from copilot.core.messages import (
    LANGS,
    Lang,
    as_lang,
    error_hint,
    error_reason,
    field_name,
    kind_name,
    language_name,
)
from copilot.core.messages import message as _message

__all__ = ["LANGS", "Lang", "as_lang", "error_hint", "error_reason",
           "field_name", "kind_name", "language_name",
           "t"]


def t(key: str, lang: str, **values: object) -> str:
    """The UI string ``ui.<key>`` in ``lang`` (English if missing), with ``{name}`` filled in."""
    return _message(f"ui.{key}", lang, **values)
