"""The read use cases limited to what one principal may read: the source viewer, filter values,
station briefings and quizzes, PFMEA drafts and reviews. Mixed into ``Copilot`` (the service
the edges call), over its scoped catalog view and its learning and PFMEA features."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from copilot.core.access import LOCAL_OPERATOR, AccessScope, Action, Principal
from copilot.core.errors import ForbiddenError, QueryError
from copilot.learning.briefing import Briefing
from copilot.learning.service import Learning, Quiz
from copilot.pfmea.model import Draft, Review
from copilot.ports import CatalogReader
from copilot.sources import SourceContext, load_context

if TYPE_CHECKING:
    from copilot.pfmea import PfmeaAssistant


def authorize(principal: Principal, action: Action) -> None:
    """Raise ForbiddenError unless the principal's role may do the action (server side)."""
    if not principal.may(action):
        raise ForbiddenError(principal.user, principal.role.value, action.value)


class ReadsForPrincipal:
    """Use cases that read through ``catalog_view(principal.scope)`` and the features."""

    _facets: dict[AccessScope, tuple[int, dict[str, list[str]]]]

    def catalog_view(self, scope: AccessScope) -> CatalogReader:
        raise NotImplementedError

    @property
    def learning(self) -> Learning:
        raise NotImplementedError

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

    def stations(self, principal: Principal = LOCAL_OPERATOR) -> list[str]:
        authorize(principal, Action.LEARN)
        return self.learning.stations(principal.scope)

    def briefing(self, station: str, lang: str = "en",
                 principal: Principal = LOCAL_OPERATOR) -> Briefing:
        authorize(principal, Action.LEARN)
        return self.learning.briefing(station, lang, principal.scope)

    def quiz(self, station: str, trainee: str | None = None, n: int = 8, lang: str = "en",
             seed: int | None = None, generated: bool = False,
             principal: Principal = LOCAL_OPERATOR) -> Quiz:
        authorize(principal, Action.LEARN)
        return self.learning.quiz(station, trainee, n, lang, seed, generated, principal.scope)

    def pfmea_draft(self, step: str, station: str | None = None, asset: str | None = None,
                    product: str | None = None, limit: int = 10, reword: bool = False,
                    exclude: frozenset[str] = frozenset(),
                    principal: Principal = LOCAL_OPERATOR) -> Draft:
        authorize(principal, Action.PFMEA_DRAFT)
        return self.pfmea.draft(step, station, asset, product, limit, reword, exclude,
                                principal.scope)

    def pfmea_review(self, path: Path, label: str | None = None,
                     principal: Principal = LOCAL_OPERATOR) -> Review:
        authorize(principal, Action.PFMEA_REVIEW)
        return self.pfmea.review(path, label, principal.scope)
