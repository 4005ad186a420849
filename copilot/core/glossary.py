"""Korean <-> English plant vocabulary for cross-lingual keyword search.

At query time only, keyword search adds the other language's terms for the question's words,
so "스핀들 베어링 과열" also matches an English "spindle bearing overheating" step and
"sealant bead width" matches a Korean FIPG instruction. The vector index handles meaning;
this covers the domain terms a small multilingual embedder misses. Extend per plant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from copilot.core import lexicon

# Korean term (as kiwipiepy yields it) -> English words (before stemming): lexicon/glossary.toml
KO_EN: dict[str, tuple[str, ...]] = {
    ko: tuple(en) for ko, en in lexicon.load("glossary").items()}


@lru_cache(maxsize=1)
def _en_ko() -> dict[str, tuple[str, ...]]:
    from copilot.core.text import ascii_tokens

    out: dict[str, list[str]] = {}
    for ko, ens in KO_EN.items():
        for en in ens:
            for tok in ascii_tokens(en):
                out.setdefault(tok, []).append(ko)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def translations(token: str) -> tuple[str, ...]:
    """The glossary's other-language tokens for one token (may be empty)."""
    from copilot.core.text import ascii_tokens

    if token in KO_EN:
        return tuple(t for en in KO_EN[token] for t in ascii_tokens(en))
    return _en_ko().get(token, ())


@dataclass(frozen=True)
class Concept:
    """One asked word and its glossary translations (each translation a list of tokens).

    Keyword search scores a concept once, by its best-matching form, so a word and its
    translation do not count twice, and a translation never weighs more than the asked word
    where the corpus has that word: an English "check" must not make every short Korean
    "점검" chunk outrank the English steps that say "check"."""

    token: str
    translations: tuple[tuple[str, ...], ...] = ()

    def found_in(self, tokens: set[str]) -> bool:
        """The word, or every token of one of its translations, is among ``tokens``."""
        return self.token in tokens or any(set(f) <= tokens for f in self.translations)


def concepts(tokens: list[str]) -> tuple[Concept, ...]:
    """The question's tokens as concepts (the same token twice is asked twice)."""
    from copilot.core.text import ascii_tokens

    out: list[Concept] = []
    for t in tokens:
        if t in KO_EN:
            forms = tuple(tuple(ascii_tokens(en)) for en in KO_EN[t])
        else:
            forms = tuple((ko,) for ko in _en_ko().get(t, ()))
        out.append(Concept(t, tuple(f for f in forms if f)))
    return tuple(out)


def expand_query_tokens(tokens: list[str],
                        asked: Sequence[Concept] | None = None) -> list[str]:
    """The tokens plus their translations (English stems for Korean terms and vice versa);
    ``asked`` is ``concepts(tokens)`` when the caller has it already."""
    extra = [t for c in (concepts(tokens) if asked is None else asked)
             for form in c.translations for t in form]
    seen = set(tokens)
    return tokens + [t for t in dict.fromkeys(extra) if t not in seen]
