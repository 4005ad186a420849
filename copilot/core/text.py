"""Language detection and BM25 tokenization for English + Korean plant text.

English: lowercase, light suffix stemming, a short stop list; codes such as "M8", "A101",
"OP20", "L/H", "WO-24-00017" stay whole (and are also split into their parts so "OP-20" finds
"OP20"). Korean: content morphemes from kiwipiepy (nouns, verb/adjective stems, roots), so
"베어링이" and "베어링을" both match "베어링".
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any, Protocol

TOKENIZER_VERSION = "5"  # bump when tokens change: keyword indexes re-tokenize on open
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
# ASCII words and codes: letters/digits joined by - / . (not at the ends).
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*")
_SIZE_SPEC = re.compile(r"^([a-z]{1,3}\d{1,3})x(\d{1,4}(?:\.\d+)?)$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_STOP = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "should", "that", "the", "their", "then", "there", "these", "this", "to", "was", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your", "me", "my", "we", "our", "can"]
)
# Technician shorthand seen in CMMS exports (cf. ../shared/corpora/maintnorm): a document token
# also emits its expansion so "bearing" finds "L/H BRG HOT". Keep entries unambiguous.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "brg": ("bearing",), "brgs": ("bearing",), "spdl": ("spindle",), "cyl": ("cylinder",),
    "l/h": ("left",), "r/h": ("right",), "lh": ("left",), "rh": ("right",),
    "hyd": ("hydraulic",), "temp": ("temperature",), "trq": ("torque",), "mtr": ("motor",),
    "pmp": ("pump",), "vlv": ("valve",), "repl": ("replace",), "rplc": ("replace",),
    "chg": ("change",), "insp": ("inspect",), "recal": ("recalibrate",), "calib": ("calibrate",),
    "lkg": ("leak",), "lk": ("leak",), "clt": ("coolant",), "cool": ("coolant",),
    "ovht": ("overheat",), "o/h": ("overheat",), "elec": ("electrical",), "sens": ("sensor",),
    "snsr": ("sensor",), "aircon": ("air", "conditioner"), "a/c": ("air", "conditioner"),
    "assy": ("assembly",), "chk": ("check",), "adj": ("adjust",), "lub": ("lubricate",),
    "lube": ("lubricate",), "grs": ("grease",), "vib": ("vibration",), "pres": ("pressure",),
    "press.": ("pressure",), "rej": ("reject",), "flt": ("fault",), "alm": ("alarm",),
}
_KO_TAGS = ("NNG", "NNP", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "MAG", "NNB")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up a fair share of the letters, else 'en'."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if hangul == 0:
        return "en"
    # Hangul syllables carry ~2-3 Latin letters' worth of information each.
    return "ko" if hangul * 2.5 >= latin * 0.5 else "en"


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


# Snowball splits a few plant words badly ("overheating" -> "overh"); pin those families.
_STEM_PINS = ("overheat", "regrease", "torque")


@lru_cache(maxsize=65536)
def common_prefix(a: str, b: str) -> str:
    """The characters two words share at the start ("conditioner", "conditioning" -> "condition")."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def stem(word: str) -> str:
    """Snowball (Porter2) English stem, same on both sides of the match."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for pin in _STEM_PINS:
        if word.startswith(pin):
            return pin
    return str(_stemmer().stemWord(word))


_CODE_PART = re.compile(r"^(?=[^/]*[a-z])(?=[^/]*\d)[a-z0-9.\-]{2,}$")


def ascii_tokens(text: str) -> list[str]:
    """Tokens of the non-Hangul part of a text."""
    out: list[str] = []
    for m in _ASCII_TOKEN.finditer(text):
        out.extend(_token_forms(m.group(0).lower()))
    return out


@lru_cache(maxsize=131072)
def _token_forms(raw: str) -> tuple[str, ...]:
    """The BM25 forms of one lower-cased token (cached: logs repeat their words by the
    thousand, and stemming was a third of a 100,000-row ingest's index time)."""
    tok = raw.strip(".")
    if not tok or tok in _STOP:
        return ()
    out: list[str] = []
    alternatives = tok.split("/")
    if len(alternatives) > 1 and all(_CODE_PART.match(a) for a in alternatives):
        # "PRS-01/PRS-02" names two codes, not one code "prs01prs02"
        return tuple(f for a in alternatives for f in _token_forms(a))
    expansion = ABBREVIATIONS.get(tok)
    if expansion:
        out.extend(stem(e) for e in expansion)
    spec = _SIZE_SPEC.match(tok)
    if spec:  # bolt spec "m8x25" also matches "m8"
        out.extend((tok, spec.group(1), spec.group(2)))
    elif _NUMBER.match(tok):
        out.append(tok)  # "2.0", "25" stay whole
    elif any(c in tok for c in "-/.") and any(ch.isdigit() for ch in tok):
        out.append(tok)  # whole code, e.g. "wo-24-00017", "op-20"
        joined = re.sub(r"[-/.]", "", tok)
        if joined != tok:
            out.append(joined)  # "op20"
        out.extend(p for p in re.split(r"[-/.]", tok) if len(p) > 1 and p not in _STOP)
    elif any(c in tok for c in "-/."):
        out.append(tok)  # "l/h", "o-ring"
        out.extend(stem(p) for p in re.split(r"[-/.]", tok) if len(p) > 1 and p not in _STOP)
    else:
        out.append(stem(tok))
    return tuple(out)


class _Kiwi(Protocol):
    def tokenize(self, text: str) -> Any: ...


_kiwi_lock = threading.Lock()


@lru_cache(maxsize=1)
def _kiwi() -> _Kiwi:
    from kiwipiepy import Kiwi

    return Kiwi()  # type: ignore[no-any-return]


def korean_tokens(text: str) -> list[str]:
    """Content morphemes of the Hangul parts (ASCII parts are tokenized by ``ascii_tokens``)."""
    with _kiwi_lock:  # Kiwi instances are not documented as thread-safe
        tokens = _kiwi().tokenize(text)
    out: list[str] = []
    for t in tokens:
        if t.tag.startswith(_KO_TAGS) and _HANGUL.search(t.form):
            out.append(t.form)
    return out


def word_forms(text: str) -> list[frozenset[str]]:
    """The tokens that stand for each whole word of ``text`` ("LKT-40" -> lkt-40, lkt40; its
    parts lkt and 40 would match any LKT or any 40): counting words, not tokens, a code does not
    weigh four times a plain word, and "WO-25-00664" is found only where that work order is."""
    out = [w for m in _ASCII_TOKEN.finditer(text) if (w := _whole_forms(m.group(0).lower()))]
    if _HANGUL.search(text):
        out.extend(frozenset((t,)) for t in korean_tokens(text))
    return out


def _whole_forms(raw: str) -> frozenset[str]:
    forms = set(_token_forms(raw))
    parts = set(re.split(r"[-/.]", raw.strip("."))) if re.search(r"\w[-/.]\w", raw) else set()
    return frozenset(forms - parts or forms)


def tokenize(text: str) -> list[str]:
    """BM25 tokens for any mix of English and Korean."""
    toks = ascii_tokens(text)
    if _HANGUL.search(text):
        toks.extend(korean_tokens(text))
    return toks

