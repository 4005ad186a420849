"""Value linking: the names people type -> the values actually in the table.

"aircon" -> "Air-conditioning", "hyd pump" -> "Hydraulic Pump", "press 2" -> PRS-02,
"the leak tester" -> LKT-40 (via the asset description), "asset D" -> D. Multi-word values are
matched token by token (equal, same stem, abbreviation prefix, known shorthand, compound
prefix, or a close typo); a name found at two levels of a hierarchy (component and
sub-component) is linked to both and reported as ambiguous. Single generic words are left to
the meaning filter instead of being forced onto one column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from copilot.core.schema import TableSpec
from copilot.core.text import common_prefix
from copilot.tables.vocab import WORDS

_WORD = re.compile(r"[0-9a-z]+(?:[-/.][0-9a-z]+)*|[가-힣]+")
_CODE = re.compile(r"^([a-z]{1,4})-?(\d{1,3})$")
_CODE_KEY = "<code>"  # bucket of code values ("PRS-02"): matched by letters + number
# Columns whose values are linked by name (category columns with meaningful names).
LINKED = ("station", "asset", "subsystem", "component", "sub_component", "wo_type",
          "failure_code", "failure_mode", "major_system", "part", "ap", "status",
          "technician", "functional_location", "process_step")
HIERARCHY = ("subsystem", "component", "sub_component", "major_system", "part")
# Values this short or this generic are linked only right after their column's word.
GENERIC = WORDS.generic_values
# Work-order type words -> the codes plants use (CMMS letters and the Korean log's words).
TYPE_ALIASES = WORDS.type_aliases
AP_ALIASES = WORDS.ap_aliases


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(question: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(question.lower())]


@dataclass(frozen=True)
class Link:
    column: str
    values: tuple[str, ...]
    span: tuple[int, int]  # token index range [a, b)
    phrase: str
    alt_columns: tuple[str, ...] = ()
    exact: bool = False  # quoted in the question: equality, not label match
    score: float = 1.0


@lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return frozenset(_stem(w) for w in GENERIC)


@lru_cache(maxsize=20000)
def _stem(word: str) -> str:
    from copilot.core.text import stem

    return stem(word) if word.isascii() else word


def _skeleton(word: str) -> str:
    return word[:1] + re.sub(r"[aeiou]", "", word[1:])


def _word_match(q: str, v: str) -> bool:
    if q == v or _stem(q) == _stem(v):
        return True
    if q in WORDS.stop:
        return False
    from copilot.core.text import ABBREVIATIONS

    if q in ABBREVIATIONS.get(v, ()):  # the value is shorthand the question spelled out
        return True
    if not q.isascii() or not v.isascii():  # Korean: a particle may follow the word
        return not v.isascii() and not q.isascii() and len(v) >= 2 and q.startswith(v)

    if not v.isalpha():
        return False
    if len(q) >= 3 and len(v) > len(q) and (
            (v.startswith(q) and len(q) <= 4)
            or (_skeleton(v).startswith(q) and q == _skeleton(q))):
        return True  # "hyd" -> "hydraulic", "elec" -> "electrical", "drv" -> "drive"
    if len(common_prefix(_stem(q), _stem(v))) >= 6:
        return True  # "conditioner" ~ "conditioning"
    if len(q) >= 5 and len(v) >= 5:
        from rapidfuzz.distance import Levenshtein

        return Levenshtein.distance(q, v) <= (1 if len(v) < 8 else 2)  # typos
    return False



def expand(toks: list[Token]) -> tuple[list[str], list[int]]:
    """Question words with shorthand expanded ("a/c" -> air conditioner), and each word's
    original token index."""
    from copilot.core.text import ABBREVIATIONS

    words: list[str] = []
    origin: list[int] = []
    for i, t in enumerate(toks):
        for w in ABBREVIATIONS.get(t.text, (t.text,)):
            words.append(w)
            origin.append(i)
    return words, origin


def _match_at(q: Sequence[str], i: int, form: Sequence[str]) -> int:
    """Question tokens consumed when ``form`` matches at q[i] (0 = no match)."""
    j, k = i, 0
    while k < len(form):
        if j >= len(q):
            return 0
        qt = q[j]
        if _word_match(qt, form[k]):
            j, k = j + 1, k + 1
            continue
        # compound: "aircon" covers "air" + "conditioning"; "lube" stays a word match
        joined = ""
        m = k
        while m < len(form) and len(joined) < len(qt):
            joined += form[m]
            m += 1
        if (m - k >= 2 and joined.startswith(qt) and len(qt) > len(form[k])) or (
                m - k >= 2 and qt.startswith(joined)):
            j, k = j + 1, m
            continue
        if j + 1 < len(q) and len(qt) >= 3 and (qt + q[j + 1]).isalpha() and \
                (qt + q[j + 1]).isascii() and _word_match(qt + q[j + 1], form[k]):
            j, k = j + 2, k + 1  # "turbo charger" is one word in the sheet
            continue
        if form[k] in ("and", "of", "the", "&"):
            k += 1
            continue
        return 0
    return j - i


def _words(text: str) -> tuple[str, ...]:
    """Words of a value: "air-conditioning" -> air, conditioning; codes such as prs-02 stay."""
    out: list[str] = []
    for w in _WORD.findall(text.replace("_", " ")):
        if re.search(r"[-/]", w) and not re.search(r"\d", w):
            out.extend(p for p in re.split(r"[-/]", w) if p)
        else:
            out.append(w)
    return tuple(out)


_TAIL = ("system", "systems", "assembly", "unit", "units")


def _forms(value: str) -> list[tuple[str, ...]]:
    main = _words(re.sub(r"\(([^)]*)\)", " ", value.lower()))
    out = [main]
    whole = tuple(_WORD.findall(re.sub(r"\(([^)]*)\)", " ", value.lower()).replace("_", " ")))
    if whole != main:
        out.append(whole)  # codes such as "leak-clt" also match whole
    if len(main) >= 3 and main[-1] in _TAIL:
        out.append(main[:-1])  # "fire suppression" names "Fire Suppression System"
    for acro in re.findall(r"\(([a-z]{2,5})\)", value.lower()):
        out.append((acro,))  # "(PLC)", "(ECM)"
    return [f for f in out if f]


@dataclass
class ValueIndex:
    """Distinct values per linked column of one table (rebuilt when the catalog changes)."""

    spec: TableSpec
    values: dict[str, list[str]]
    descriptions: dict[str, list[str]]  # asset -> its descriptions
    doc_words: dict[str, list[str]]  # distinctive word of a file name -> doc ids
    words: frozenset[str]  # every ASCII word in the table's text and values
    hangul: str  # the table's Korean text, for substring checks
    words_by_head: dict[str, list[str]]
    ids: dict[str, str] = field(default_factory=dict)  # lower-case record id -> id
    _buckets: dict[str, list[tuple[str, str, list[tuple[str, ...]]]]] | None = None
    _grams: dict[tuple[str, ...], str] | None = None

    def buckets(self) -> dict[str, list[tuple[str, str, list[tuple[str, ...]]]]]:
        """(column, value, forms) by the first two letters of each form's first word, so a
        question is compared only with values that could start at one of its words."""
        if self._buckets is None:
            b: dict[str, list[tuple[str, str, list[tuple[str, ...]]]]] = {}
            for col, vals in self.values.items():
                for v in vals:
                    forms = _forms(v)
                    keys = {f[0][:2] for f in forms} | {_CODE_KEY}
                    for k in keys if _CODE.match(v.lower()) else keys - {_CODE_KEY}:
                        b.setdefault(k, []).append((col, v, forms))
            self._buckets = b
        return self._buckets

    def link(self, question: str, toks: list[Token]) -> list[Link]:
        q, origin = expand(toks)
        upper = set(re.findall(r"(?<![\w-])([A-Z0-9]{1,4})s?(?![A-Za-z0-9_-])", question))
        cands: list[Link] = []
        expanded = frozenset(j for j, w in enumerate(q) if w != toks[origin[j]].text)
        b, seen = self.buckets(), set[tuple[str, str]]()
        for key in {w[:2] for w in q} | {_CODE_KEY}:
            for col, v, forms in b.get(key, ()):
                if (col, v) not in seen:
                    seen.add((col, v))
                    cands.extend(self._links(col, v, forms, q, upper, expanded))
        cands += [*self._description_links(q), *self._unknown_numbered(q), *self._doc_links(q)]
        mapped = [Link(c.column, c.values, (origin[c.span[0]], origin[c.span[1] - 1] + 1),
                       c.phrase, c.alt_columns, c.exact, c.score) for c in cands]
        mapped.extend(_quoted_links(question, toks, self.values))
        return _resolve(mapped)

    def _doc_links(self, q: list[str]) -> list[Link]:
        """A word that names a source file ("CMMS", "정비일지") filters to those documents."""
        out: list[Link] = []
        for i, w in enumerate(q):
            docs = self.doc_words.get(w) or next(
                (d for k, d in self.doc_words.items() if not k.isascii() and w.startswith(k)),
                None)  # "정비일지에": a particle after the name
            if docs:
                out.append(Link("doc_id", tuple(docs), (i, i + 1), w, score=0.5))
        return out

    def known(self, word: str) -> bool:
        """Does the word occur anywhere in the table's text (used to ignore stray words)?"""
        if word.isascii():
            return word in self.words or any(k.startswith(word) for k in self.prefixes(word))
        return word in self.hangul

    def prefixes(self, word: str) -> list[str]:
        return [k for k in self.words_by_head.get(word[:3], ()) if k.startswith(word)]

    def _links(self, col: str, value: str, forms: list[tuple[str, ...]], q: list[str],
               upper: set[str], expanded: frozenset[int] = frozenset()) -> list[Link]:
        """Where ``value`` is named in ``q`` (``expanded``: words a shorthand stands for)."""
        out: list[Link] = []
        code = _CODE.match(value.lower())
        for i in range(len(q)):
            for form in forms:
                n = _match_at(q, i, form)
                if n == 0 and value in upper and q[i] == value.lower() + "s":
                    n = 1  # "PMs"
                if n == 0 and code and i + 1 < len(q) and q[i + 1].isdigit() and \
                        int(q[i + 1]) == int(code.group(2)) and len(code.group(1)) >= 2 and \
                        _skeleton(q[i]).startswith(_skeleton(code.group(1))):
                    n = 2  # "press 2" -> PRS-02
                if n == 0 and code and _CODE.match(q[i]):
                    qc = _CODE.match(q[i])
                    if qc and qc.group(1) == code.group(1) and int(qc.group(2)) == int(
                            code.group(2)):
                        n = 1  # "prs2", "op-20"
                if n == 0:
                    continue
                # an acronym ("GET") written as the ordinary word ("get", "gets") needs
                # capitals; "sensor" -> SENS and a shorthand ("hyd" -> HYD) name it anyway
                v = value.lower()
                acronym = value.isalpha() and value.isupper() and len(value) <= 4 and (
                    i not in expanded) and " ".join(q[i:i + n]) in (
                        v, f"{v}s", f"{v}es", f"{v}ed", f"{v}ing", f"{v}{v[-1]}ing")
                generic = len(form) == 1 and (_stem(form[0]) in _generic_stems()
                                              or len(form[0]) <= 2 or acronym)
                if generic and not _cued(self.spec, col, q, i, n) and not (
                        2 <= len(value) <= 4 and value in upper):
                    continue
                phrase = " ".join(q[i:i + n])
                out.append(Link(col, (value,), (i, i + n), phrase, score=len(form) + 0.5 * (
                    phrase.replace(" ", "") == "".join(form))))
        return out

    def description_grams(self) -> dict[tuple[str, ...], str]:
        """Word runs of asset descriptions that name exactly one asset ("leak tester" ->
        LKT-40): runs of two or more words, or the description's last word if long enough.
        Built once per index, not per question."""
        if self._grams is None:
            heads: dict[tuple[str, ...], set[str]] = {}
            for asset, descs in self.descriptions.items():
                for d in descs:
                    main = re.sub(r"\([^)]*\)", " ", d.lower().split(" - ")[0])
                    every = _WORD.findall(main)
                    words = [w for w in every if not w[0].isdigit()]
                    for a in range(len(words)):
                        for b in range(a + 1, len(words) + 1):
                            if b - a >= 2 or (b == len(words) and len(words[a]) >= 5):
                                heads.setdefault(tuple(words[a:b]), set()).add(asset)
                    for a, b in _numbered(every):  # "chiller 14": a name with its number
                        heads.setdefault(tuple(every[a:b]), set()).add(asset)
            self._grams = {g: next(iter(a)) for g, a in heads.items() if len(a) == 1}
        return self._grams

    def _unknown_numbered(self, q: list[str]) -> list[Link]:
        """"Chiller 5" where the assets are named "Chiller 1" ... "Chiller 14" without a 5: a
        name of the table's own shape that no asset has. It becomes a filter on that name, so
        the answer is "no work order matches Chiller 5", not every chiller's work orders."""
        named = {g for g in self.description_grams() if len(g) == 2 and g[1].isdigit()}
        shapes = {g[0] for g in named}
        return [Link("asset", (f"{q[a].title()} {q[a + 1]}",), (a, b), f"{q[a]} {q[a + 1]}",
                     exact=True, score=0.5)
                for a, b in _numbered(q) if q[a] in shapes and (q[a], q[a + 1]) not in named]

    def _description_links(self, q: list[str]) -> list[Link]:
        out: list[Link] = []
        for gram, asset in self.description_grams().items():
            for i in range(len(q) - len(gram) + 1):
                if all(_word_match(q[i + k], g) and (q[i + k] == g or len(q[i + k]) >= 4)
                       for k, g in enumerate(gram)):
                    out.append(Link("asset", (asset,), (i, i + len(gram)),
                                    " ".join(q[i:i + len(gram)]), score=len(gram)))
        return out


def _numbered(words: list[str]) -> list[tuple[int, int]]:
    """Spans of a word followed by a number ("chiller 14", "press 2"), as (start, end)."""
    return [(i, i + 2) for i in range(len(words) - 1)
            if not words[i][0].isdigit() and len(words[i]) >= 3 and words[i + 1].isdigit()]


def _cued(spec: TableSpec, col: str, q: list[str], i: int, n: int) -> bool:
    """A generic value counts only next to its column's word ("asset D", "AP H")."""
    words = set(spec.column(col).synonyms) | {col.replace("_", " ")}
    before = q[i - 1] if i > 0 else ""
    two = " ".join(q[max(0, i - 2):i])
    after = q[i + n] if i + n < len(q) else ""
    return before in words or two in words or after in words


def _quoted_links(question: str, toks: list[Token], values: dict[str, list[str]]) -> list[Link]:
    """'Leak' in quotes means exactly that value."""
    out: list[Link] = []
    for m in re.finditer(r"[\"'‘“]([^\"'’”]{1,60})[\"'’”]", question):
        inner = m.group(1).strip().lower()
        for col, vals in values.items():
            for v in vals:
                if v.lower() == inner:
                    idx = [k for k, t in enumerate(toks) if m.start() <= t.start < m.end()]
                    if idx:
                        out.append(Link(col, (v,), (idx[0], idx[-1] + 1), inner, exact=True,
                                        score=100.0))
    return out


def _resolve(cands: list[Link]) -> list[Link]:
    """Longest, best-scoring links first; same span in two hierarchy columns -> one link."""
    cands.sort(key=lambda c: (-(c.span[1] - c.span[0]), -c.score, c.span[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[Link] = []
    for c in cands:
        same = [x for x in chosen if x.span == c.span]
        if same:
            x = same[0]
            if c.column != x.column and c.column not in x.alt_columns and (
                    c.column in HIERARCHY and x.column in HIERARCHY) and c.score == x.score \
                    and c.values[0].lower() == x.values[0].lower():
                chosen[chosen.index(x)] = Link(x.column, x.values, x.span, x.phrase,
                                               (*x.alt_columns, c.column), x.exact, x.score)
            elif c.column == x.column and c.score == x.score and c.values[0] not in x.values:
                chosen[chosen.index(x)] = Link(x.column, (*x.values, *c.values), x.span,
                                               x.phrase, x.alt_columns, x.exact, x.score)
            continue
        if any(c.span[0] < b and a < c.span[1] for a, b in taken):
            continue
        taken.append(c.span)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.span)


def build_index(spec: TableSpec, distinct: dict[str, list[str]],
                descriptions: dict[str, list[str]], doc_ids: list[str],
                texts: list[str], ids: Sequence[str] = ()) -> ValueIndex:
    cols = {c: v for c, v in distinct.items() if c in LINKED and spec.has(c)}
    words: set[str] = set()
    hangul: list[str] = []
    for text in [*texts, *(v for vals in distinct.values() for v in vals)]:
        low = text.lower()
        words.update(_WORD.findall(low))
        if not low.isascii():
            hangul.append(low)
    nouns = {w for n in spec.nouns for w in n.split()}
    doc_words: dict[str, list[str]] = {}
    for d in doc_ids:
        for seg in d.lower().split("_"):  # code-like parts of a file name: "op20-op40"
            if "-" in seg and any(ch.isdigit() for ch in seg) and len(seg) >= 5:
                doc_words.setdefault(seg, []).append(d)
        for w in set(re.findall(r"[a-z]+|[가-힣]+", d.lower())):
            if len(w) >= 4 and w not in nouns and w not in WORDS.doc_generic:
                doc_words.setdefault(w, []).append(d)
    heads: dict[str, list[str]] = {}
    for w in words:
        if len(w) >= 3:
            heads.setdefault(w[:3], []).append(w)
    return ValueIndex(spec, cols, descriptions, doc_words, frozenset(words), "\n".join(hangul),
                      heads, {i.lower(): i for i in ids})
