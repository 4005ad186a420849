"""Things named by a kind and an id: "Chiller 6", "Step 12", "Asset C", "제92조".

A question about "Chiller 5" or "제120조" must not be answered from Chiller 6 or 제92조: when the
documents name things of that kind ("Chiller 6", "Chiller 9", ...) but never this one, the
question is about something the plant's documents do not have. The documents' own names are
collected at ingest (:func:`names_in`); the question's names are read by :func:`asked_names`.

A kind counts only where the documents write it as a name, capitalised and followed by an id
("Chiller 6", "Step 4"), for at least :data:`MIN_IDS` different ids: "the last 5 years" or "top
3" name nothing, and a kind the documents never number ("excavator F" where the log says
"Asset F") is not judged by this rule.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

MIN_IDS = 3  # a kind the documents number this many ways is a kind of named thing

# A kind (a word of 3+ letters) and its id (1-3 digits or one capital letter), not followed by
# more of a number or code ("Step 3.2", "Line 2-A", "OP 10A" are other things).
# An id followed by a unit is a quantity ("Within 5 min", "last 3 years"), not a name.
_ID_END = (r"(?![A-Za-z0-9]|[./:-][A-Za-z0-9]|,\d|\s?(?:%|°|(?:mm|cm|m|s|sec|min|h|hrs?|hours?|days?|weeks?"
           r"|months?|years?|nm|kn|n|bar|kg|g|l|ml|v|kw|w|db|hz|rpm|times|x)\b))")
_SEP = r"(?:\s?#\s?|\s)"  # "Chiller 6", "Chiller #6"; never glued ("LOTO" is no "LOT O")
# a table cell "Rev: A" (a revision history) names Rev A too
_DOC_NAME = re.compile(rf"\b([A-Z][a-z]{{2,}}|[A-Z]{{3,}})(?::\s?|{_SEP})(\d{{1,3}}|[A-Z]){_ID_END}")
# "I" is the asker ("what should I check"), not a machine
_ASKED_NAME = re.compile(rf"\b([A-Za-z]{{3,}}){_SEP}(\d{{1,3}}|[A-HJ-Z]){_ID_END}")
ARTICLE = re.compile(r"제\s?(\d{1,4})\s?조(?!\s?의\s?\d)")  # "제92조"; "제92조의2" is another
_KO_REVISION = re.compile(r"개정\s?:?\s?([A-Z])(?![A-Za-z])")  # "개정: A" (개정 이력), "개정B"
ARTICLE_KIND = "조"
ASSET_KIND = "asset"  # how the work-order logs name a machine: "Asset C"
REVISION_KIND = "rev"  # "Rev B" in a revision history


@dataclass(frozen=True, order=True)
class Name:
    """A kind (lower-case) and an id as written ("chiller", "6"; "asset", "C"; "조", "92")."""

    kind: str
    ident: str

    def __str__(self) -> str:
        return f"제{self.ident}조" if self.kind == ARTICLE_KIND else f"{self.kind.title()} {self.ident}"


def names_in(text: str) -> set[Name]:
    """The names a document writes: capitalised kind + id, and Korean statute articles."""
    found = {Name(k.lower(), i) for k, i in _DOC_NAME.findall(text)}
    found |= {Name(REVISION_KIND, r) for r in _KO_REVISION.findall(text)}
    return found | {Name(ARTICLE_KIND, n.lstrip("0") or "0") for n in ARTICLE.findall(text)}


# "5번 칠러", "칠러 7번": a Korean kind word (its glossary English: chiller) and a number
_KO_NUMBERED = re.compile(r"(\d{1,3})\s?번\s?([가-힣]{2,})|([가-힣]{2,})\s?(\d{1,3})\s?번")


def _english_kind(word: str) -> str | None:
    """The glossary's one-word English for a Korean kind, particles after it ignored
    ("칠러는" -> chiller)."""
    from copilot.core.glossary import KO_EN

    for end in range(len(word), 1, -1):
        en = KO_EN.get(word[:end])
        if en and " " not in en[0]:
            return en[0].lower()
    return None


def asked_names(question: str) -> list[Name]:
    """The kind + id names in a question, as the documents would store them (a kind in any
    case: "chiller 5" asks about Chiller 5; a one-letter id only in capitals: "pump a" does not
    name pump A)."""
    out = [Name(k.lower(), i) for k, i in _ASKED_NAME.findall(question)]
    out += [Name(ARTICLE_KIND, n.lstrip("0") or "0") for n in ARTICLE.findall(question)]
    for m in _KO_NUMBERED.finditer(question):
        kind = _english_kind(m.group(2) or m.group(3))
        if kind:
            out.append(Name(kind, m.group(1) or m.group(4)))
    return list(dict.fromkeys(out))


def unknown_names(asked: Iterable[Name], known: Iterable[Name],
                  machine_words: Collection[str] | None = None) -> list[Name]:
    """The asked names of a kind the documents number (:data:`MIN_IDS` ids or more) that the
    documents never name. A kind they never number ("excavator F" where the log writes
    "Asset F") is judged as an asset when its id has the shape of the numbered assets' ids
    (one letter among assets A-E; digits among assets 1-12) and, given ``machine_words``
    (the words that name an asset: "excavator", "machine"), its kind is one of them: "What S"
    or "RPN 300" name no machine."""
    have = set(known)
    idents: dict[str, list[str]] = {}
    for n in have:
        idents.setdefault(n.kind, []).append(n.ident)
    numbered = {kind for kind, ids in idents.items() if len(ids) >= MIN_IDS}
    out = []
    for n in asked:
        judged = n
        if n.kind not in numbered:
            if machine_words is not None and n.kind not in machine_words:
                continue
            judged = Name(ASSET_KIND, n.ident)
            if ASSET_KIND not in numbered or (
                    {i.isdigit() for i in idents[ASSET_KIND]} != {n.ident.isdigit()}):
                continue
        if judged not in have:
            out.append(n)
    return out
