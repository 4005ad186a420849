"""The PFMEA facade the service exposes as ``Copilot.pfmea``; CLI and UI call only this."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.pfmea.draft import Drafter
from copilot.pfmea.evidence import PlantEvidence
from copilot.pfmea.model import Draft, DraftRow, Review
from copilot.ports import GeneratorFactory, ScopedCatalogSource
from copilot.retrieval import Retriever

# A retriever over what a caller with this scope may read.
ScopedRetriever = Callable[[AccessScope], Retriever]


class PfmeaAssistant:
    """Draft, review and export PFMEA rows from the catalog and a retriever over its indexes;
    every read (evidence, precedents, WI context) is limited to what the caller's scope allows."""

    def __init__(self, catalog: ScopedCatalogSource, retriever: ScopedRetriever,
                 generator: GeneratorFactory, reword: bool = False) -> None:
        self._catalog, self._retriever, self._generator = catalog, retriever, generator
        self._reword = reword  # the default of draft(reword=None): COPILOT_MODEL_PFMEA_REWORD
        self._evidence: dict[AccessScope, PlantEvidence] = {}

    @property
    def evidence(self) -> PlantEvidence:
        return self.evidence_for(UNRESTRICTED)

    def evidence_for(self, scope: AccessScope) -> PlantEvidence:
        """Work orders and WIs ``scope`` may read in the current catalog (re-read after the
        service reopens it)."""
        catalog = self._catalog(scope)
        found = self._evidence.get(scope)
        if found is None or found.catalog is not catalog:
            found = self._evidence[scope] = PlantEvidence(catalog)
        return found

    def draft(self, step: str, station: str | None = None, asset: str | None = None,
              product: str | None = None, limit: int = 10, reword: bool | None = None,
              exclude: frozenset[str] = frozenset(),
              scope: AccessScope = UNRESTRICTED) -> Draft:
        """Candidate rows for a process step; ``reword`` lets a capable model adapt wording
        (None: the assistant's default, COPILOT_MODEL_PFMEA_REWORD)."""
        draft = Drafter(self._retriever(scope), self.evidence_for(scope)).draft(
            step, station, asset, product, limit, exclude)
        if self._reword if reword is None else reword:
            from copilot.pfmea.reword import reword_draft

            draft = reword_draft(draft, self._generator())
        return draft

    def review(self, path: Path, label: str | None = None,
               scope: AccessScope = UNRESTRICTED) -> Review:
        """Findings for a PFMEA workbook (need not be ingested) against the plant evidence
        ``scope`` may read."""
        from copilot.pfmea.review import review_workbook

        return review_workbook(path, label or path.name, self.evidence_for(scope))

    def export(self, draft: Draft, path: Path, rows: tuple[DraftRow, ...] | None = None) -> Path:
        """Write the draft (or the accepted ``rows``) as an AIAG-VDA form .xlsx."""
        from copilot.pfmea.export import export_draft

        return export_draft(draft, path, rows)
