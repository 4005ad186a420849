"""The use cases beside asking, as the edges call them: the source viewer, filter values,
onboarding and the PFMEA assistant. Each checks the caller's role (and, for training records,
whose records) and reads only what the caller's access labels allow, through the scoped
catalog view. Mixed into ``Copilot``, which provides the features, the view and the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from copilot.accounts import AccountStore
from copilot.audit import AuditLog
from copilot.authn import Authentication
from copilot.core.access import LOCAL_OPERATOR, AccessScope, Action, Principal
from copilot.core.errors import ForbiddenError, QueryError
from copilot.core.messages import message
from copilot.learning.briefing import Briefing
from copilot.learning.progress import StationStatus
from copilot.learning.quiz import Question
from copilot.learning.service import Learning, Quiz, Result
from copilot.page_view import PageView, page_view
from copilot.pfmea import PfmeaAssistant
from copilot.pfmea.model import Draft, DraftRow, Review
from copilot.ports import CatalogReader
from copilot.sources import SourceContext, load_context


def authorize(principal: Principal, action: Action) -> None:
    """Raise ForbiddenError unless the principal's role may do the action (server side)."""
    if not principal.may(action):
        raise ForbiddenError(principal.user, principal.role.value, action.value)


class FeatureUseCases:
    """Checked entry points to onboarding and the PFMEA assistant."""

    _audit: AuditLog
    auth: Authentication
    _facets: dict[AccessScope, tuple[int, dict[str, list[str]]]]

    def catalog_view(self, scope: AccessScope) -> CatalogReader:
        raise NotImplementedError

    @property
    def learning(self) -> Learning:
        raise NotImplementedError

    @property
    def accounts(self) -> AccountStore:
        raise NotImplementedError

    def _has_history(self, principal: Principal) -> bool:
        """A logged-in user with an account (the local operator keeps no history)."""
        return principal.user != LOCAL_OPERATOR.user and self.auth.required()

    def _remember(self, principal: Principal, question: str, answer: str) -> None:
        if self._has_history(principal) and self.accounts.get(principal.user) is not None:
            self.accounts.add_turn(principal.user, question, answer)

    def history(self, principal: Principal = LOCAL_OPERATOR) -> list[dict[str, str]]:
        """The caller's own latest questions with answer summaries, oldest first (only
        their own: there is no way to name another user)."""
        authorize(principal, Action.ASK)
        return self.accounts.turns(principal.user) if self._has_history(principal) else []

    @property
    def pfmea(self) -> PfmeaAssistant:
        raise NotImplementedError

    def source(self, chunk_id: str, principal: Principal = LOCAL_OPERATOR) -> SourceContext:
        """The source viewer's data: a chunk with its neighbours and document (and its lines
        flagged as addressed to an assistant). A chunk the principal may not read is reported
        exactly as one that does not exist."""
        authorize(principal, Action.VIEW_SOURCE)
        ctx = load_context(self.catalog_view(principal.scope), chunk_id)
        if ctx is None:
            raise QueryError(f"no indexed source '{chunk_id}' (it may have been removed or "
                             "re-ingested since it was cited)")
        return ctx

    def source_page(self, chunk_id: str,
                    principal: Principal = LOCAL_OPERATOR) -> PageView | None:
        """The printed PDF page of a cited chunk, rendered here, with its passage marked; None
        for a chunk that is not on a PDF page or a file no longer on disk. Same access check
        as ``source``."""
        chunk = self.source(chunk_id, principal).chunk
        if chunk.locator.page is None or not chunk.source.lower().endswith(".pdf"):
            return None
        path = self.catalog_view(principal.scope).path_for_source(chunk.source)
        return page_view(Path(path), chunk.locator.page, chunk.body) if path else None

    def facets(self, principal: Principal = LOCAL_OPERATOR) -> dict[str, list[str]]:
        """Station and asset values offered as filters, from the chunks the principal may read."""
        authorize(principal, Action.SEARCH)
        view = self.catalog_view(principal.scope)
        gen = view.generation()
        cached = self._facets.get(principal.scope)
        if cached is not None and cached[0] == gen:
            return cached[1]
        stations: set[str] = set()
        assets: set[str] = set()
        for batch in view.iter_chunks():
            for chunk in batch:
                for values, key in ((stations, "station"), (assets, "asset")):
                    value = chunk.metadata.get(key)
                    if isinstance(value, str) and value.strip():
                        values.add(value.strip().upper())
        found = {"stations": sorted(stations), "assets": sorted(assets)}
        self._facets[principal.scope] = (gen, found)
        return found

    def learn_stations(self, principal: Principal = LOCAL_OPERATOR) -> list[str]:
        authorize(principal, Action.LEARN)
        return self.learning.stations(principal.scope)

    stations = learn_stations

    def briefing(self, station: str, lang: str = "en",
                 principal: Principal = LOCAL_OPERATOR) -> Briefing:
        authorize(principal, Action.LEARN)
        return self.learning.briefing(station, lang, principal.scope)

    def trainee_of(self, principal: Principal, trainee: str | None) -> str:
        """Whose records a call touches: anyone's for a trainer (or auditor, admin), only
        their own for everyone else (their user name)."""
        asked = (trainee or "").strip()
        if principal.may(Action.VIEW_TRAINING):
            return asked or principal.user
        if asked and asked != principal.user:
            raise ForbiddenError(principal.user, principal.role.value, message(
                "access.own_progress", trainee=asked, role=principal.role.value,
                user=principal.user))
        return principal.user

    def quiz(self, station: str, trainee: str | None = None, n: int = 8, lang: str = "en",
             principal: Principal = LOCAL_OPERATOR) -> Quiz:
        authorize(principal, Action.LEARN)
        return self.learning.quiz(station, self.trainee_of(principal, trainee), n, lang,
                                  scope=principal.scope)

    def grade(self, station: str, trainee: str | None, answers: dict[str, str],
              questions: list[Question] | None = None, lang: str = "en",
              principal: Principal = LOCAL_OPERATOR) -> Result:
        authorize(principal, Action.LEARN)
        return self.learning.grade(station, self.trainee_of(principal, trainee), answers,
                                   questions, lang, principal.scope)

    def training_progress(self, trainee: str | None = None,
                          principal: Principal = LOCAL_OPERATOR) -> list[StationStatus]:
        """The training matrix (trainers, auditors) or the caller's own rows."""
        if principal.may(Action.VIEW_TRAINING):
            return self.learning.progress(trainee or None, principal.scope)
        authorize(principal, Action.LEARN)
        return self.learning.progress(self.trainee_of(principal, trainee), principal.scope)

    def pfmea_draft(self, step: str, station: str | None = None,
                    principal: Principal = LOCAL_OPERATOR, **options: Any) -> Draft:
        authorize(principal, Action.PFMEA_DRAFT)
        return self.pfmea.draft(step, station=station, scope=principal.scope, **options)

    def pfmea_export(self, draft: Draft, path: Path, rows: tuple[DraftRow, ...] | None = None,
                     principal: Principal = LOCAL_OPERATOR) -> Path:
        authorize(principal, Action.PFMEA_EXPORT)
        out = self.pfmea.export(draft, path, rows)
        self._audit.append("export", principal, what="pfmea_draft", step=draft.step,
                           rows=len(rows if rows is not None else draft.rows), path=str(out))
        return out

    def pfmea_review(self, path: Path, label: str | None = None,
                     principal: Principal = LOCAL_OPERATOR) -> Review:
        authorize(principal, Action.PFMEA_REVIEW)
        review = self.pfmea.review(path, label=label, scope=principal.scope)
        self._audit.append("pfmea_review", principal, workbook=label or path.name,
                           findings=len(review.findings))
        return review
