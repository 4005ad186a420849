"""Safety labels (WARNING, CAUTION, DANGER, LOCKOUT, NOTE; 경고, 주의, 위험, 잠금, 참고): one word
list (``safety.toml``) and every rule that reads it: block types for converters, verbatim
warning lines for answers and chunking, line starters for readers."""

from __future__ import annotations

import re

from copilot.core import lexicon

LABELS: dict[str, str] = {w: kind for kind, ws in lexicon.load("safety").items() for w in ws}
TYPES: tuple[str, ...] = tuple(dict.fromkeys(LABELS.values()))
WARNING_TYPES = tuple(t for t in TYPES if t != "NOTE")


def labels(*types: str) -> tuple[str, ...]:
    """The label words of ``types`` (all types when none is given), in file order."""
    return tuple(w for w, t in LABELS.items() if not types or t in types)


def _alternation(items: tuple[str, ...]) -> str:
    """Longest first, so no label matches as the prefix of a longer one."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


def written_forms(*types: str) -> str:
    """Regex alternation of the labels as written in capitals or title case ("WARNING",
    "Warning"; Korean as is), for case-sensitive rules."""
    forms = [f for w in labels(*types) for f in ((w.upper(), w.capitalize()) if w.isascii()
                                                 else (w,))]
    return _alternation(tuple(dict.fromkeys(forms)))


_BLOCK = re.compile(
    rf"^[\W_]{{0,3}}\[?(?P<label>{_alternation(labels())})(?:\s*사항)?\]?", re.IGNORECASE)
# A warning line anywhere in a text, markdown bullets/emphasis before the label allowed.
WARNING_LINE = re.compile(
    rf"^\s*(?:[*_#>\-\s]*)({_alternation(labels(*WARNING_TYPES))})\b[^\n]*",
    re.IGNORECASE | re.MULTILINE)


def safety_type(text: str) -> str | None:
    """Canonical type (WARNING, CAUTION, DANGER, NOTE, LOCKOUT) when ``text`` is a safety block."""
    # A label counts when followed by ':'/'!', when it stands alone, or (English) when written
    # in capitals: "WARNING Hot surface" yes, "Lockout procedure for..." no.
    m = _BLOCK.match(text)
    if m is None:
        return None
    label, rest = m.group("label"), text[m.end():]
    if label.isascii() and not label[0].isupper():
        return None  # "warning: ..." in lower case is a wrapped sentence, not a label
    stripped = rest.strip()
    if not stripped or stripped[0] in ":：!" or rest[:1] in ")]" or (
            label.isupper() and label.isascii() and rest[:1] in (" ", "-", "–", "—")):
        return LABELS[label.lower()]
    return None


def is_warning(line: str) -> bool:
    """A WARNING / CAUTION / DANGER / LOCKOUT block (경고 / 주의 / 위험 / 잠금), not a NOTE."""
    kind = safety_type(line.strip())
    return kind is not None and kind != "NOTE"


def is_label_only(text: str) -> bool:
    """'Note:' or 'WARNING' on a line of its own: the next paragraph is the block's body."""
    m = _BLOCK.match(text)
    return m is not None and not text[m.end():].strip(" :：!-")


def safety_lines(text: str) -> list[str]:
    """The warning lines of ``text``, verbatim but for markdown marks at their start."""
    return [m.group(0).strip(" *_#>-\t") for m in WARNING_LINE.finditer(text)]


CRITICAL_TYPES = ("DANGER", "LOCKOUT")
_LOCKOUT_WORD = re.compile(rf"(?<!\w)({_alternation(labels('LOCKOUT'))})(?!\w)", re.IGNORECASE)


def is_safety_critical(text: str) -> bool:
    """A DANGER or lockout (LOTO / 잠금) block, or a lockout word anywhere: removing such a
    procedure from the index needs a recorded reason."""
    return any(safety_type(line) in CRITICAL_TYPES for line in safety_lines(text)) or bool(
        _LOCKOUT_WORD.search(text))
