"""Text bytes -> str for CSV exports and plain-text documents: a BOM or valid UTF-8 is certain,
CP949 that reads as Korean words nearly so; anything else is charset-normalizer's guess, with a
confidence so that a shaky guess is flagged rather than trusted."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from copilot.core.errors import CorruptFileError, EncodingError

LOW_CONFIDENCE = 0.8  # below this a decoded file gets a warning
UNREADABLE = 0.1  # a guessed encoding this unsure is junk bytes, not a document
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used and how sure the detection was (0-1)."""

    text: str
    encoding: str
    confidence: float


def low_confidence_note(encoding: str, confidence: float) -> str:
    return (f"text encoding guessed as {encoding} with low confidence ({confidence:.0%}): "
            "accented or non-Latin characters may be wrong; save the file as UTF-8 to be sure")


def detect_text(raw: bytes, label: str) -> Decoded:
    """Decode text bytes with a confidence: a BOM or valid UTF-8 is certain, CP949 that reads as
    Korean words nearly so; anything else is charset-normalizer's guess, whose confidence is
    (1 - chaos) x language coherence, so a short Latin-1 file is flagged rather than trusted."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), codec, 1.0)
            except UnicodeDecodeError as exc:
                raise EncodingError(label, f"has a {codec} byte-order mark but {exc}") from exc
    if b"\x00" in raw:
        raise EncodingError(label, "contains NUL bytes: binary data, not a text CSV")
    for codec in ("utf-8", "cp949"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _plausible_korean(text):
            return Decoded(text, codec, 1.0 if codec == "utf-8" else 0.9)
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.3 or best.encoding.startswith(("utf_16", "utf_32")) or (
            not _mostly_printable(str(best))):  # BOM-less UTF-16 guesses are how it reads junk
        raise EncodingError(label, "not UTF-8, CP949/EUC-KR or any encoding charset-normalizer "
                            "recognises; save the file as UTF-8 (Excel: 'CSV UTF-8')")
    return Decoded(str(best), best.encoding, round((1 - best.chaos) * best.coherence, 2))


def decode_text(raw: bytes, label: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), then CP949/EUC-KR, then charset-normalizer."""
    decoded = detect_text(raw, label)
    return decoded.text, decoded.encoding


def decode_document(data: bytes, relpath: str) -> tuple[str, tuple[str, ...]]:
    """A plain-text document's text (newlines normalised) plus a warning when its encoding was
    a low-confidence guess; binary data and unreadable guesses are refused."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorruptFileError(relpath, "binary data in a text file")
    decoded = detect_text(data, relpath)
    if "\x00" in decoded.text:
        raise CorruptFileError(relpath, "binary data in a text file")
    if decoded.confidence < UNREADABLE:
        raise EncodingError(relpath, f"not UTF-8 or CP949, and the best guess ({decoded.encoding})"
                            " does not read as any language; save the file as UTF-8")
    warnings = () if decoded.confidence >= LOW_CONFIDENCE else (
        low_confidence_note(decoded.encoding, decoded.confidence),)
    return decoded.text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _mostly_printable(text: str) -> bool:
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:20000])
    return printable >= 0.98 * min(len(text), 20000)


def _plausible_korean(text: str) -> bool:
    """CP949 decodes many Latin-1 files too; real Korean has runs of Hangul, not lone syllables."""
    runs = _HANGUL_RUN.findall(text)
    hangul = sum(len(r) for r in runs)
    if not hangul:
        return False
    in_words = sum(len(r) for r in runs if len(r) > 1)
    return in_words >= 0.6 * hangul and hangul >= 0.7 * len(_NON_ASCII.findall(text))
