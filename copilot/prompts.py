"""Prompt templates live as files in ``prompts/``; this loads and fills them."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from copilot.core.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_DOC_COMMENT = re.compile(r"\A\s*<!--.*?-->\s*", re.DOTALL)


@lru_cache(maxsize=32)
def load_template(name: str, directory: Path = PROMPTS_DIR) -> string.Template:
    """Template body without its leading documentation comment."""
    path = directory / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"prompt template {path} cannot be read: {exc}") from exc
    return string.Template(_DOC_COMMENT.sub("", raw).strip())


def render(name: str, **values: str) -> str:
    """Fill a template; a missing variable is a ConfigError naming it."""
    try:
        return load_template(name).substitute(**values)
    except KeyError as exc:
        raise ConfigError(f"prompt '{name}' needs variable {exc}") from exc
