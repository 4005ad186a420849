"""Hybrid retriever: BM25 + vector candidates fused by weighted reciprocal rank fusion."""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import QueryError
from copilot.core.glossary import concepts, expand_query_tokens
from copilot.core.lexicon.codes import DOC_ID, REVISION, normalize_codes
from copilot.core.lexicon.names import (
    ARTICLE_KIND,
    ASSET_KIND,
    Name,
    asked_names,
    unknown_names,
)
from copilot.core.schema import machine_words
from copilot.core.text import has_hangul, tokenize
from copilot.core.types import Hit
from copilot.retrieval.port import IDENTITY, SearchResult
from copilot.store import names_table
from copilot.store.catalog import Catalog
from copilot.store.embedders import Embedder
from copilot.store.index.base import Index, Query, Where
from copilot.store.index.fusion import reciprocal_rank_fusion

RARE = 2  # an identifier held by at most this many chunks (a row saved twice) names a record
# The English ranking of a Korean question counts half the question's own BM25 ranking (1.0
# pushed Korean statute and WI answers out on the blind sets: evals/README "Session 10").
EN_FOR_KOREAN = 0.5
_ID_TOKEN = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9][a-z0-9\-/]+$")  # "wo-24-00336", "wo366933"


@runtime_checkable
class Vocabulary(Protocol):
    """A keyword index that can tell which words occur in no document (BM25 can)."""

    def unknown_terms(self, tokens: Sequence[str],
                      scope: AccessScope = UNRESTRICTED) -> list[str]: ...


@runtime_checkable
class VectorLookup(Protocol):
    """A vector index that can return the stored vectors of given chunks (Chroma can)."""

    def vectors(self, ids: Collection[str]) -> dict[str, npt.NDArray[np.float32]]: ...


class HybridRetriever:
    """Retriever port implementation; any subset of indexes may be enabled by weight."""

    def __init__(self, catalog: Catalog, keyword: Index, vector: Index, embedder: Embedder,
                 weights: Mapping[str, float], rrf_k: int = 60) -> None:
        self.catalog, self.keyword, self.vector, self.embedder = catalog, keyword, vector, embedder
        self.weights = dict(weights)
        self.rrf_k = rrf_k

    def search(self, text: str, k: int = 10, where: Where | None = None,
               include_superseded: bool = False,
               scope: AccessScope = UNRESTRICTED,
               weights: Mapping[str, float] | None = None) -> SearchResult:
        """The ``k`` best chunks ``scope`` may read; each index applies the scope before its
        own top k, and the catalog read applies it again."""
        text = text.strip()
        if not text:
            raise QueryError("the query is empty - type a question or keywords")
        if k <= 0:
            raise QueryError(f"k must be >= 1 (got {k})")
        w = dict(self.weights if weights is None else weights)
        where = normalize_codes(where) if where else None
        timings: dict[str, float] = {}
        t = time.perf_counter()
        # pending revisions (document control) are never searched; superseded ones if asked
        exclude = self.catalog.pending_chunk_ids() | (
            frozenset() if include_superseded else self.catalog.superseded_chunk_ids())
        n = max(3 * k, 30)
        names = asked_names(text)
        rankings: dict[str, list[str]] = {}
        raw: dict[str, dict[str, float]] = {}
        if w.get(self.keyword.name, 0) > 0:
            asked = tokenize(text)
            cs = concepts(asked)
            q = Query(text, tokens=tuple(expand_query_tokens(asked, cs)), concepts=cs)
            found = self.keyword.search(q, n, where, exclude, scope)
            rankings[self.keyword.name] = [i for i, _ in found]
            raw[self.keyword.name] = dict(found)
            heads = [i for m in names if m.kind == ARTICLE_KIND  # "제104조는?": that article
                     for i in names_table.sections_named(self.catalog.query, m, scope)
                     if i not in exclude]
            held = self._holding_ids(asked, where, exclude, scope)
            for ranking, named in (("section", heads), ("id", held)):
                if named:  # identity beats similarity; the quoting reads the signal too
                    rankings[f"{self.keyword.name}_{ranking}"] = named
                    w[f"{self.keyword.name}_{ranking}"] = 2 * w[self.keyword.name]
                    raw.setdefault(IDENTITY, {}).update(dict.fromkeys(named, 1.0))
            if has_hangul(text) and "language" not in (where or {}):
                # a Korean question's own words rank Korean passages first; the English ones
                # (reached through the glossary's translations) get a ranking of their own
                en = self.keyword.search(q, n, {**(where or {}), "language": "en"}, exclude,
                                         scope)
                rankings[f"{self.keyword.name}_en"] = [i for i, _ in en]
                w[f"{self.keyword.name}_en"] = EN_FOR_KOREAN * w[self.keyword.name]
            timings["bm25"] = (time.perf_counter() - t) * 1000
        vec: npt.NDArray[np.float32] | None = None
        if w.get(self.vector.name, 0) > 0:
            t1 = time.perf_counter()
            vec = self.embedder.embed_query(text)
            timings["embed"] = (time.perf_counter() - t1) * 1000
            t2 = time.perf_counter()
            found = self.vector.search(Query(text, vector=vec), n, where, exclude, scope)
            rankings[self.vector.name] = [i for i, _ in found]
            raw[self.vector.name] = dict(found)
            timings["vector"] = (time.perf_counter() - t2) * 1000
        if vec is not None and isinstance(self.vector, VectorLookup):
            t4 = time.perf_counter()
            self._complete_vectors(rankings, raw, vec, w, pool=max(2 * k, 20))
            timings["rerank"] = (time.perf_counter() - t4) * 1000
        fused = reciprocal_rank_fusion(rankings, w, self.rrf_k)
        t3 = time.perf_counter()
        chunks = self.catalog.get_chunks([d for d, _, _ in fused[: k + 20]], scope)
        hits: list[Hit] = []
        for doc_id, score, ranks in fused:
            chunk = chunks.get(doc_id)
            if chunk is None:  # orphan left in an index by an interrupted ingest
                continue
            signals = {name: scores[doc_id] for name, scores in raw.items() if doc_id in scores}
            hits.append(Hit(chunk=chunk, score=score, rank=len(hits) + 1, ranks=ranks,
                            signals=signals))
            if len(hits) == k:
                break
        timings["fetch"] = (time.perf_counter() - t3) * 1000
        timings["total"] = (time.perf_counter() - t) * 1000
        return SearchResult(text, tuple(hits), {k_: round(v, 2) for k_, v in timings.items()},
                            self._unknown(text, scope), self._unnamed(text, names, scope))

    def _complete_vectors(self, rankings: dict[str, list[str]], raw: dict[str, dict[str, float]],
                          vec: npt.NDArray[np.float32], weights: Mapping[str, float],
                          pool: int) -> None:
        """Rerank: the best ``pool`` candidates of the first fusion all get a vector score (a
        step BM25 found below the vector index's own top n gets its real similarity) and the
        vector ranking is redone over them; candidates outside the pool keep their place."""
        name = self.vector.name
        first = reciprocal_rank_fusion(rankings, weights, self.rrf_k)[:pool]
        scores = raw.setdefault(name, {})
        missing = [d for d, _, _ in first if d not in scores]
        if not missing:
            return
        assert isinstance(self.vector, VectorLookup)
        q = np.asarray(vec, dtype=np.float32).reshape(-1)
        q_norm = float(np.linalg.norm(q))
        for doc, v in self.vector.vectors(missing).items():
            scores[doc] = float(np.dot(q, v) / ((q_norm * np.linalg.norm(v)) or 1.0))
        rankings[name] = sorted(scores, key=lambda d: -scores[d])

    def _holding_ids(self, tokens: Sequence[str], where: Where | None,
                     exclude: Collection[str], scope: AccessScope) -> list[str]:
        """The chunks holding a rare identifier the question names ("WO-24-00336": at most
        :data:`RARE` chunks hold it): a question naming a record is about that record."""
        out: list[str] = []
        # "wo-24-00336" and its joined form "wo2400336" (both indexed) are one identifier
        ids: dict[str, str] = {}
        for t in tokens:
            if len(t) >= 5 and _ID_TOKEN.match(t):
                ids.setdefault(re.sub(r"[-/]", "", t), t)
        for t in ids.values():
            found = self.keyword.search(Query(t, tokens=(t,)), RARE + 1, where, exclude, scope)
            if len(found) <= RARE:
                out += [i for i, _ in found if i not in out]
        return out

    def _unnamed(self, text: str, asked: Sequence[Name], scope: AccessScope) -> tuple[str, ...]:
        """The things the query names (``asked``) that no readable document names ("Chiller
        5"), and the revisions of a document that none holds or mentions ("WI-OP30-001 Rev D")."""
        out = []
        if asked:
            known = names_table.read(self.catalog.query, {n.kind for n in asked} | {ASSET_KIND},
                                     scope)
            out = [str(n) for n in unknown_names(asked, known, machine_words())]
        revs = {r.upper() for r in REVISION.findall(text)}
        for doc in dict.fromkeys(DOC_ID.findall(text)) if revs else ():
            have = names_table.revisions(self.catalog.query, doc, scope)
            out += [f"{doc} Rev {r}" for r in sorted(revs - have)] if have is not None else []
        return tuple(out)

    def _unknown(self, text: str, scope: AccessScope) -> tuple[str, ...] | None:
        if not isinstance(self.keyword, Vocabulary):
            return None
        return tuple(self.keyword.unknown_terms(list(dict.fromkeys(tokenize(text))), scope))
