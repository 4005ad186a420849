"""The one service every edge (CLI, HTTP API, UI) calls."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from copilot.accounts import AccountStore
from copilot.answering.answerer import Answerer, AnswerEvent, AnswerPolicy, final_answer
from copilot.answering.request import Ask
from copilot.answering.router import Router
from copilot.audit import AuditLog
from copilot.authn import Authentication
from copilot.core.access import LOCAL_OPERATOR, UNRESTRICTED, AccessScope, Action, Principal
from copilot.core.errors import IndexUnavailableError, MissingFieldError, QueryError
from copilot.core.messages import message
from copilot.core.settings import Settings
from copilot.core.types import Answer
from copilot.generation.base import Generator
from copilot.generation.queue import GenerationQueue, generating_as
from copilot.generation.registry import create_generator
from copilot.learning.service import Learning
from copilot.limits import RequestLimits
from copilot.pfmea import PfmeaAssistant
from copilot.ports import CatalogReader
from copilot.retrieval import HybridRetriever, Retriever, SearchResult
from copilot.service_documents import DocumentUseCases
from copilot.service_features import FeatureUseCases
from copilot.service_features import authorize as authorize  # the one check, for the edges
from copilot.store.catalog import Catalog
from copilot.store.embedders import Embedder, create_embedder
from copilot.store.embedding import RowProgressFn
from copilot.store.index.base import Index, Where
from copilot.store.index.keyword import BM25Index
from copilot.store.index.vector import open_vector_index
from copilot.store.ingest import (
    FileLimits,
    IngestPipeline,
    IngestReport,
    Progress,
    repair_interrupted,
)
from copilot.store.scoped_catalog import ScopedCatalog
from copilot.tables.llm_plan import llm_planner
from copilot.tables.qa import TableQA
from ingestion.registry import ConverterRegistry, default_registry


class Copilot(DocumentUseCases, FeatureUseCases):
    """Owns the catalog, indexes and models; opens them lazily (first use), closes on exit.

    The composition root: features get narrow ports built here (the current catalog, a
    retriever, the generator on first use), never the service itself."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None,
                 registry: ConverterRegistry | None = None, generator: Generator | None = None,
                 policy: AnswerPolicy | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._generator = generator
        self._owns_generator = generator is None
        self._queue: GenerationQueue | None = None
        self._policy = policy
        self._answerer: Answerer | None = None
        self._router: Router | None = None
        self._audit = AuditLog(settings.log_dir / "audit.jsonl", settings.audit_max_bytes)
        self._accounts: AccountStore | None = None
        self.auth = Authentication(settings, lambda: self.accounts, self._audit)
        self._registry = registry
        self._lock = threading.RLock()
        # Writers (ingest, remove) take turns on their own lock; the lock above only guards the
        # short lazy set-up of components, so questions never wait for a run (each file is
        # committed in its own transaction and the indexes answer from the last commit).
        self._writer = threading.Lock()
        self._catalog: Catalog | None = None
        self._keyword: BM25Index | None = None
        self._vector: Index | None = None
        self._retriever: HybridRetriever | None = None
        self._tables: TableQA | None = None
        self._learning: Learning | None = None
        self._pfmea: PfmeaAssistant | None = None
        self._views: dict[AccessScope, ScopedCatalog] = {}
        self._facets: dict[AccessScope, tuple[int, dict[str, list[str]]]] = {}

    # -- components ---------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = create_embedder(self.settings.embedder)
            return self._embedder

    @property
    def registry(self) -> ConverterRegistry:
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    @property
    def catalog(self) -> Catalog:
        with self._lock:
            if self._catalog is None:
                self._catalog = Catalog(self.settings.catalog_path)
                self._check_embedder(self._catalog)
            return self._catalog

    def catalog_view(self, scope: AccessScope) -> CatalogReader:
        """The catalog as a caller with ``scope`` may read it (what features are handed)."""
        catalog = self.catalog
        with self._lock:
            view = self._views.get(scope)
            if view is None or view.catalog is not catalog:
                view = self._views[scope] = ScopedCatalog(catalog, scope)
            return view

    def _check_embedder(self, catalog: Catalog) -> None:
        used = catalog.get_meta("embedder")
        name = self.embedder.name
        if used is None:
            catalog.set_meta("embedder", name)
        elif used != name:
            raise IndexUnavailableError(
                f"the index in {self.settings.home} was built with embedder '{used}' but "
                f"'{name}' is configured; set COPILOT_EMBEDDER={used} or use a new COPILOT_HOME")

    def _collection_name(self) -> str:
        """This COPILOT_HOME's collection on a shared Chroma server: the setting, or a name made
        once and kept in the catalog (two plants on one server never share a collection; every
        worker over this home uses the same one)."""
        if self.settings.chroma_collection:
            return self.settings.chroma_collection
        return self.catalog.meta_default("chroma_collection", f"copilot-{uuid.uuid4().hex[:12]}")

    def _indexes(self) -> tuple[BM25Index, Index]:
        with self._lock:
            if self._keyword is None or self._vector is None:
                emb = self.embedder
                emb.warm_up()
                self._keyword = BM25Index(self.settings.index_dir / "bm25",
                                          self.settings.keyword_engine)
                s = self.settings
                self._vector = open_vector_index(
                    s.vector_index, s.index_dir / s.vector_index, emb.dim, url=s.chroma_url,
                    collection=self._collection_name() if s.chroma_url else "")
                if self._keyword.tokens_stale():  # tokenizer upgraded since the last ingest
                    self._keyword.retokenize(self.catalog.iter_chunks())
                # A run killed part-way: drop its stale index ids and recheck every revision.
                repair_interrupted(self.catalog, (self._vector, self._keyword))
            return self._keyword, self._vector

    @property
    def retriever(self) -> HybridRetriever:
        with self._lock:
            if self._retriever is None:
                kw, vec = self._indexes()
                self._retriever = HybridRetriever(
                    self.catalog, kw, vec, self.embedder,
                    {kw.name: self.settings.bm25_weight, vec.name: self.settings.vector_weight},
                    self.settings.rrf_k)
            return self._retriever

    @property
    def generator(self) -> Generator:
        with self._lock:
            if self._generator is None:
                self._generator = create_generator(self.settings)
            return self._generator

    @property
    def generation_queue(self) -> GenerationQueue:
        """The generator as the features use it: behind the fair queue (one context per
        process, a server's parallel slots over HTTP; copilot/generation/queue.py)."""
        with self._lock:
            if self._queue is None or self._queue.inner is not self.generator:
                self._queue = GenerationQueue(self.generator)
            return self._queue

    @property
    def answerer(self) -> Answerer:
        with self._lock:
            if self._answerer is None:
                self._answerer = Answerer(
                    self.retriever, lambda: self.generation_queue, self._policy,
                    context_tokens=self.settings.context_tokens,
                    max_answer_tokens=self.settings.max_answer_tokens)
            return self._answerer

    @property
    def router(self) -> Router:
        """The question path: condense once, then tables, documents or both."""
        with self._lock:
            if self._router is None:
                s = self.settings  # each optional model use has its switch (measured)
                self._router = Router(lambda: self.tables, lambda: self.answerer,
                                      lambda: self.generation_queue, s.translate_queries,
                                      s.model_followups)
            return self._router

    @property
    def accounts(self) -> AccountStore:
        """Local accounts, API tokens and login sessions (copilot/accounts)."""
        with self._lock:
            if self._accounts is None:
                self._accounts = AccountStore(self.settings.accounts_path)
            return self._accounts

    @property
    def audit(self) -> AuditLog:
        return self._audit

    @property
    def learning(self) -> Learning:
        """Onboarding: station briefings, quizzes and training records (copilot/learning)."""
        with self._lock:
            if self._learning is None:
                self._learning = Learning(self.catalog_view, lambda: self.generation_queue,
                                          self.settings.home / "learning.sqlite",
                                          self.settings.model_quiz)
            return self._learning

    @property
    def pfmea(self) -> PfmeaAssistant:
        """PFMEA assistant: draft rows from plant evidence, review workbooks (copilot/pfmea)."""
        with self._lock:
            if self._pfmea is None:
                self._pfmea = PfmeaAssistant(self.catalog_view,
                                             lambda scope: _CheckedRetriever(self, scope),
                                             lambda: self.generation_queue,
                                             self.settings.model_pfmea_reword)
            return self._pfmea

    def warm_up(self) -> None:
        """Load models and index structures now, so the first real query is fast."""
        from copilot.core.text import tokenize

        tokenize("warm up 예열")  # loads the Korean morpheme model
        self.retriever.search("warm up", 1)
        self.tables.indexes()  # value-linking indexes of the PFMEA / work-order tables

    @property
    def limits(self) -> RequestLimits:
        """Request sizes every edge enforces through this service (COPILOT_MAX_* settings)."""
        return RequestLimits.from_settings(self.settings)

    # -- use cases ----------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path], prune: bool = False,
               progress: Progress | None = None,
               principal: Principal = LOCAL_OPERATOR,
               release: bool | None = None,
               rows: RowProgressFn | None = None) -> IngestReport:
        """Ingest files and folders. Document control: a file claiming the number of a current
        document held in another file supersedes it only when ``release`` (needs
        Action.RELEASE) or when it sits under a controlled folder (COPILOT_CONTROLLED_ROOTS);
        otherwise it waits as "pending" (see :meth:`approve`). ``release=None``: released when
        the principal may release and no controlled folder is configured. ``rows`` is told the
        embedding progress inside a big file (rows done / total, ETA) after every batch."""
        authorize(principal, Action.UPLOAD)
        if release:
            authorize(principal, Action.RELEASE)
        controlled = self.settings.controlled_folders
        if release is None:
            release = principal.may(Action.RELEASE) and not controlled
        kw, vec = self._indexes()
        pipeline = IngestPipeline(
            self.catalog, [vec, kw], self.embedder, self.registry,
            max_chunk_chars=self.settings.max_chunk_chars,
            batch_size=self.settings.embed_batch_size, limits=FileLimits.from_settings(self.settings),
            index_duplicates=self.settings.index_duplicates, release=release,
            controlled=controlled, compact=self.settings.embed_compact)
        with self._writer:
            report = pipeline.run(paths, prune=prune, progress=progress, rows=rows)
        self._audit.append("upload", principal, paths=[str(p) for p in paths], prune=prune,
                           files=[{"source": f.source, "status": f.status} for f in report.files],
                           superseded=list(report.superseded))
        if report.pending:  # document control: uploads that wait for a release are audited
            self._audit.append("pending", principal, files=list(report.pending))
        return report

    def ingest_folder(self, folder: str, principal: Principal = LOCAL_OPERATOR,
                      progress: Progress | None = None) -> IngestReport:
        """A server folder, from the UI or API: only inside ``COPILOT_INGEST_ROOTS``."""
        authorize(principal, Action.UPLOAD)
        roots = self.settings.roots
        if not roots:
            raise MissingFieldError("folder", message("access.no_roots"))
        path = Path(folder).expanduser().resolve()
        if not any(path == r or path.is_relative_to(r) for r in roots):
            raise MissingFieldError("folder", message(
                "access.outside_roots", folder=folder, roots=", ".join(map(str, roots))))
        if not path.is_dir():
            raise QueryError(f"folder not found: {folder}")
        return self.ingest([path], progress=progress, principal=principal)

    def search(self, query: str, k: int = 10, where: Where | None = None,
               include_superseded: bool = False,
               principal: Principal = LOCAL_OPERATOR) -> SearchResult:
        authorize(principal, Action.SEARCH)
        result = self._search(query, k, where, include_superseded, principal.scope)
        self._audit.append("search", principal, query=query, k=k, where=dict(where or {}),
                           hits=[{"chunk_id": h.chunk.id, "revision": h.chunk.revision,
                                  "source": h.chunk.source} for h in result.hits])
        return result

    def _search(self, query: str, k: int, where: Where | None, include_superseded: bool,
                scope: AccessScope) -> SearchResult:
        """Search without the audit line (the features' own look-ups, e.g. PFMEA evidence)."""
        self.limits.check_search(query, where)
        return self.retriever.search(query, k, where, include_superseded, scope=scope)

    @property
    def tables(self) -> TableQA:
        """Exact answers over PFMEA rows and work orders (plans run as SQL, rows cited)."""
        with self._lock:
            if self._tables is None:
                self._tables = TableQA(self.catalog, fallback=llm_planner(
                    lambda: self.generation_queue) if self.settings.table_model_plans else None)
            return self._tables

    def ask_stream(self, ask: Ask,
                   principal: Principal = LOCAL_OPERATOR) -> Iterator[AnswerEvent]:
        """Verified answer pieces as they are produced; the last event carries the Answer
        (routing between the table engine and the documents: copilot/answering/router.py)."""
        authorize(principal, Action.ASK)
        self.limits.check_ask(ask.question, ask.history, ask.where)
        ask = replace(ask, scope=principal.scope)
        # the fair queue takes turns between users (copilot/generation/queue.py)
        for event in generating_as(principal.user, self.router.ask_stream(ask)):
            if event.answer is not None:
                self._log(event.answer, principal)
                self._remember(principal, ask.question, event.answer.text)
            yield event

    def ask(self, ask: Ask, principal: Principal = LOCAL_OPERATOR) -> Answer:
        return final_answer(self.ask_stream(ask, principal))

    def _log(self, answer: Answer, principal: Principal) -> None:
        meta = {c.chunk_id: {"status": "current"} for c in answer.citations}
        self._audit.record(answer, meta, principal)

    def record_feedback(self, question: str, answer: dict[str, Any], verdict: str,
                        comment: str = "", principal: Principal = LOCAL_OPERATOR,
                        replaces: str = "") -> None:
        """Thumbs up/down next to the audit log, so misses can become eval cases; ``replaces``
        names the verdict this one changes for the same answer (the log stays append-only)."""
        authorize(principal, Action.FEEDBACK)
        if verdict not in ("up", "down") or replaces not in ("", "up", "down"):
            raise QueryError(f"feedback verdict must be 'up' or 'down' (got {verdict!r})")
        self._audit.feedback(question, answer, verdict, comment, principal.user, replaces)

    def close(self) -> None:
        with self._lock:
            if self._learning is not None:
                self._learning.close()
            if self._accounts is not None:
                self._accounts.close()
                self._accounts = None
            for part in (self._keyword, self._vector, self._catalog):
                if part is not None:
                    part.close()
            self._keyword = self._vector = None
            self._catalog = None
            self._views.clear()
            self._facets.clear()
            self._retriever = None
            self._answerer = None
            self._router = None
            self._tables = None
            if self._generator is not None and self._owns_generator:
                self._generator.close()
                self._generator = None
            self._queue = None


class _CheckedRetriever(Retriever):
    """The Retriever the features get: the service's search, request limits checked, limited
    to one caller's access scope (a narrower ``scope`` per call narrows it further)."""

    def __init__(self, copilot: Copilot, scope: AccessScope) -> None:
        self._copilot, self._scope = copilot, scope

    def search(self, query: str, k: int = 10, where: Where | None = None,
               include_superseded: bool = False,
               scope: AccessScope = UNRESTRICTED) -> SearchResult:
        return self._copilot._search(query, k, where, include_superseded,
                                     _narrowest(self._scope, scope))


def _narrowest(a: AccessScope, b: AccessScope) -> AccessScope:
    """The labels both scopes allow."""
    if a.labels is None:
        return b
    if b.labels is None:
        return a
    return AccessScope(a.labels & b.labels)
