"""The document and administration use cases as the edges call them: the document list,
approval of pending revisions, removal (a safety procedure only with a reason), re-ingest,
health counts, the audit check and the user's language. Each checks the caller's role and
counts only what the caller may read. Mixed into ``Copilot``, which provides the catalog, the
indexes, the writer lock and the audit log."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from copilot.accounts import AccountStore
from copilot.audit import AuditLog, Verification, verify
from copilot.authn import Authentication
from copilot.core.access import LOCAL_OPERATOR, Action, Principal
from copilot.core.errors import MissingFieldError, QueryError
from copilot.core.lexicon.safety import is_safety_critical
from copilot.core.messages import message
from copilot.core.settings import Settings
from copilot.service_features import authorize
from copilot.store.catalog import Catalog
from copilot.store.embedders import Embedder
from copilot.store.index.base import Index
from copilot.store.index.keyword import BM25Index
from copilot.store.ingest import IngestReport


class DocumentUseCases:
    """Checked entry points to the indexed documents and the service's own health."""

    settings: Settings
    auth: Authentication
    _audit: AuditLog
    _writer: threading.Lock

    @property
    def catalog(self) -> Catalog:
        raise NotImplementedError

    @property
    def embedder(self) -> Embedder:
        raise NotImplementedError

    @property
    def accounts(self) -> AccountStore:
        raise NotImplementedError

    def _indexes(self) -> tuple[BM25Index, Index]:
        raise NotImplementedError

    def ingest(self, paths: list[Path], prune: bool = False, progress: Any = None,
               principal: Principal = LOCAL_OPERATOR,
               release: bool | None = None) -> IngestReport:
        raise NotImplementedError

    def documents(self, principal: Principal = LOCAL_OPERATOR) -> list[dict[str, Any]]:
        """Indexed documents the principal may read: kind, revision, status (current /
        superseded / pending), access label, chunk count, chunks flagged as injection."""
        authorize(principal, Action.SEARCH)
        return self.catalog.documents(principal.scope)

    def approve(self, source: str,
                principal: Principal = LOCAL_OPERATOR) -> list[tuple[str, str, str]]:
        """Document control: a pending document (a claimed new revision) becomes a revision
        of its document number; the newest is current. Returns (source, doc_id, revision) of
        the documents it superseded."""
        authorize(principal, Action.RELEASE)
        with self._writer:
            path = self.catalog.path_for_source(source, principal.scope)
            if path is None:
                raise QueryError(f"no indexed document named '{source}'")
            if not self.catalog.is_pending(path):
                raise QueryError(f"'{source}' is not waiting for approval")
            superseded = self.catalog.approve(path)
        self._audit.append("approve", principal, source=source,
                           superseded=[list(s) for s in superseded])
        return superseded

    def is_safety_document(self, source: str) -> bool:
        """The document holds DANGER or lockout content (its removal needs a reason)."""
        path = self.catalog.path_for_source(source)
        return path is not None and any(is_safety_critical(c.text)
                                        for c in self.catalog.chunks_of(path))

    def remove_document(self, source: str, principal: Principal = LOCAL_OPERATOR,
                        reason: str = "") -> int:
        """Remove one indexed file (by its source name) from catalog and indexes; a safety
        procedure only with a reason. Both are audited."""
        authorize(principal, Action.REMOVE)
        kw, vec = self._indexes()
        reason = reason.strip()[:1000]
        with self._writer:
            path = self.catalog.path_for_source(source, principal.scope)
            if path is None:
                raise QueryError(f"no indexed document named '{source}'")
            safety = self.is_safety_document(source)
            if safety and not reason:
                raise MissingFieldError("reason", message("access.reason_required",
                                                          source=source))
            ids = self.catalog.remove_file(path)
            for index in (vec, kw):
                index.delete(ids)
        self._audit.append("remove", principal, source=source, chunks=len(ids),
                           chunk_ids=sorted(ids), safety=safety, reason=reason)
        return len(ids)

    def reingest(self, principal: Principal = LOCAL_OPERATOR) -> IngestReport:
        """Re-read every indexed file that is still on disk (changed ones are updated)."""
        authorize(principal, Action.REINGEST)
        paths = [Path(p) for p in self.catalog.file_paths() if Path(p).is_file()]
        return self.ingest(paths, principal=principal)

    def language_of(self, principal: Principal) -> str:
        """The UI language the user chose last time ('' when none, or no account)."""
        if principal.user == LOCAL_OPERATOR.user or not self.auth.required():
            return ""
        account = self.accounts.get(principal.user)
        return account.lang if account else ""

    def remember_language(self, principal: Principal, lang: str) -> None:
        if principal.user != LOCAL_OPERATOR.user and self.auth.required():
            self.accounts.set_lang(principal.user, lang)

    def verify_audit(self, principal: Principal = LOCAL_OPERATOR) -> Verification:
        authorize(principal, Action.READ_AUDIT)
        return verify(self._audit.path)

    def status(self, principal: Principal = LOCAL_OPERATOR) -> dict[str, Any]:
        authorize(principal, Action.HEALTH)
        kw, vec = self._indexes()
        scope = principal.scope
        docs = self.catalog.documents(scope)
        out: dict[str, Any] = {
            "home": str(self.settings.home),
            "documents": len(docs),
            "documents_by_kind": _count(d["kind"] for d in docs),
            "superseded_documents": sum(1 for d in docs if d["status"] == "superseded"),
            "pending_documents": sum(1 for d in docs if d["status"] == "pending"),
            "flagged_chunks": sum(int(d.get("flagged") or 0) for d in docs),
            "chunks": self.catalog.chunk_counts(scope),
            "index": {"keyword_engine": self.settings.keyword_engine},
            "models": {"embedder": self.embedder.name, "generator": self.settings.generator},
            "ingest": self.catalog.run_state().to_dict(),
            "document_list": docs,
        }
        if scope.unrestricted:
            size = sum(f.stat().st_size for f in self.settings.index_dir.rglob("*")
                       if f.is_file())
            out["index"] |= {"bm25": kw.count(), "vector": vec.count(), "bytes": size}
        return out

    def index_drift(self) -> dict[str, tuple[int, int]]:
        """Per index: (catalog chunks it lacks, ids it holds that the catalog does not).

        The ingest invariant (copilot/store/catalog.py) allows only the second kind, left by an
        interrupted run, dropped by searches and reconciled by the next ingest; any of the
        first kind means the index is broken.
        """
        kw, vec = self._indexes()
        known = self.catalog.all_chunk_ids()
        drift: dict[str, tuple[int, int]] = {}
        for index in (kw, vec):
            held = index.ids()
            drift[index.name] = (len(known - held), len(held - known))
        return drift


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out
