"""Prompt templates live as files in ``prompts/``; this loads and fills them.

The top-level ``prompts/`` folder is the source; a wheel installs the same files inside the
package as ``copilot/prompt_templates/`` (pyproject.toml maps one onto the other), so a checkout
and an installed copy both find them.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from copilot.core.errors import ConfigError

_PACKAGE = Path(__file__).resolve().parent
INSTALLED_DIR = _PACKAGE / "prompt_templates"  # in a wheel install
CHECKOUT_DIR = _PACKAGE.parent / "prompts"  # in a source checkout (and an editable install)
_DOC_COMMENT = re.compile(r"\A\s*<!--.*?-->\s*", re.DOTALL)


def prompts_dir() -> Path:
    """Where the templates are: the installed copy if there is one, else the checkout's."""
    return INSTALLED_DIR if INSTALLED_DIR.is_dir() else CHECKOUT_DIR


@lru_cache(maxsize=32)
def load_template(name: str, directory: Path | None = None) -> string.Template:
    """Template body without its leading documentation comment."""
    path = (directory or prompts_dir()) / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"prompt template {path} cannot be read: {exc}; reinstall "
                          "floor-copilot or run from a checkout that has prompts/") from exc
    return string.Template(_DOC_COMMENT.sub("", raw).strip())


def styled(name: str, style: str, directory: Path | None = None) -> str:
    """``name_style`` when that template exists (a model family's variant), else ``name``."""
    if style and ((directory or prompts_dir()) / f"{name}_{style}.md").is_file():
        return f"{name}_{style}"
    return name


def render(name: str, **values: str) -> str:
    """Fill a template; a missing variable is a ConfigError naming it."""
    try:
        return load_template(name).substitute(**values)
    except KeyError as exc:
        raise ConfigError(f"prompt '{name}' needs variable {exc}") from exc
