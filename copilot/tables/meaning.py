"""Planner stage: meaning filters - the words nothing else explained, on the text columns."""

from __future__ import annotations

import re

from copilot.core.schema import TABLES
from copilot.core.text import common_prefix
from copilot.tables import vocab
from copilot.tables.plan import TextFilter
from copilot.tables.question import Found, Question

_QUOTED = re.compile(r"[\"'‘“]([^\"'’”]{2,80})[\"'’”]")


def text_filters(qn: Question, found: Found) -> tuple[tuple[TextFilter, ...], Found]:
    """Words nothing else explained become meaning filters on the text columns (stems,
    failure concepts, KO<->EN glossary); words no row mentions are dropped with a note."""
    q = qn.q
    groups: list[tuple[str, ...]] = []
    for m in _QUOTED.finditer(q):
        if not found.taken(m.start(), m.end()):
            groups.append((m.group(1).strip(),))
            found = found.use(m.span())
    last_end, joined, run = -10, False, 0
    named = _column_words(qn)
    for t in qn.toks:
        if t.text == "or" or t.text == "또는":
            joined = True
            continue
        if found.taken(t.start, t.end) or any(m.start <= t.start < m.end for m in qn.mentions):
            continue
        for w in (t.text.split("-") if t.text.isascii() and not any(
                ch.isdigit() for ch in t.text) else [t.text]):
            if w in vocab.STOP or w in _SCHEMA_WORDS or w.replace(".", "").isdigit() or (
                    len(w) < 3 and w.isascii()) or is_intent_word(w) or any(
                    w.startswith(n) for n in _KO_NOUNS) or _names_column(w, named):
                continue
            group = _term_group(w)
            if not group:
                continue
            if not any(qn.index.known(g.strip()) for g in group if g.strip()):
                found = found.note(f"ignored '{w}' (no {qn.spec.label} mentions it)")
                continue
            if joined and groups and t.start - last_end < 12:  # "oil or hose"
                groups[-1] = tuple(dict.fromkeys((*groups[-1], *group)))
            else:
                groups.append(group)
            run = run + 1 if t.start - last_end <= 1 else 1
            if run >= 3 and len(groups) >= 3:  # "hydraulic oil leak": either modifier
                groups[-3:-1] = [tuple(dict.fromkeys((*groups[-3], *groups[-2])))]
                run = 2
            joined, last_end = False, t.end
    if not groups:
        return (), found
    cause_only = bool(vocab.CAUSE_CUE.search(q)) and qn.spec.has("cause")
    cols = ("cause",) if cause_only and len(groups) == 1 else ()
    phrase = ", ".join(g[0] for g in groups)
    return (TextFilter(tuple(groups), cols, phrase),), found


_SCHEMA_WORDS = frozenset(w for t in TABLES for c in t.columns for s in c.synonyms
                          for w in s.split() if w.isascii()) | frozenset(
    w for t in TABLES for n in t.nouns for w in n.split() if w.isascii())
_KO_NOUNS = tuple(w for t in TABLES for n in (*t.nouns, *(s for c in t.columns
                                                           for s in c.synonyms))
                  for w in n.split() if not w.isascii() and len(w) >= 2)


def _column_words(qn: Question) -> frozenset[str]:
    """The words of the columns the question names ("detection = 5")."""
    return frozenset(w for m in qn.mentions for s in m.column.synonyms for w in s.split()
                     if w.isascii() and len(w) > 3)


def _names_column(word: str, named: frozenset[str]) -> bool:
    """"hardest to detect (detection = 5)": a form of a column the question names is that
    column again, not a word the row's text must contain."""
    return len(word) > 3 and any(n.startswith(word) or word.startswith(n) for n in named)


def is_intent_word(w: str) -> bool:
    return w in vocab.WORDS.intent


def _term_group(word: str) -> tuple[str, ...]:
    """A word -> the substrings that count as mentioning it (stem, concept words, glossary)."""
    from copilot.core.glossary import KO_EN, translations
    from copilot.core.text import ABBREVIATIONS, korean_tokens
    from copilot.core.text import stem as stem_of

    if not word.isascii():
        known = next((k for k in sorted(KO_EN, key=len, reverse=True)
                      if word.startswith(k) and len(k) >= 2), None)
        if known:
            core = known
            if core in vocab.STOP:
                return ()
        else:
            morphs = [m for m in korean_tokens(word) if len(m) >= 2 and m not in vocab.STOP]
            if not morphs:
                return ()
            core = morphs[0]
        alts = [core, *KO_EN.get(core, ())]
        alts += [a for en in KO_EN.get(core, ()) for a, exp in ABBREVIATIONS.items()
                 if exp == (en,) and len(a) >= 3 and a.isalpha()]
    else:
        expanded = ABBREVIATIONS.get(word)
        base = " ".join(expanded) if expanded else word
        stem = stem_of(base) if " " not in base else base
        prefix = base[:max(3, len(common_prefix(base, stem)))] if stem else base
        alts = [prefix, *translations(stem)]
        if expanded:
            alts.append(word)
        alts += [a for a, exp in ABBREVIATIONS.items()
                 if len(exp) == 1 and stem_of(exp[0]) == stem and len(a) >= 3 and a.isalpha()]
    for concept, forms in vocab.CONCEPTS.items():
        if any(a.startswith(concept[:5]) or (concept.startswith(a) and len(a) >= 4)
               for a in alts if a.isascii()) or any(a in forms for a in alts):
            alts.extend(forms)
    return tuple(dict.fromkeys(a for a in alts if a))

