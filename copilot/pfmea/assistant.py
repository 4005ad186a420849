"""The PFMEA facade the service exposes as ``Copilot.pfmea``; CLI and UI call only this."""

from __future__ import annotations

from pathlib import Path

from copilot.pfmea.draft import Drafter
from copilot.pfmea.evidence import PlantEvidence
from copilot.pfmea.model import Draft, DraftRow, Review
from copilot.ports import CatalogSource, GeneratorFactory
from copilot.retrieval import Retriever


class PfmeaAssistant:
    """Draft, review and export PFMEA rows from the catalog and a retriever over its indexes."""

    def __init__(self, catalog: CatalogSource, retriever: Retriever,
                 generator: GeneratorFactory) -> None:
        self._catalog, self._retriever, self._generator = catalog, retriever, generator
        self._evidence: PlantEvidence | None = None

    @property
    def evidence(self) -> PlantEvidence:
        """Work orders and WIs of the current catalog (re-read after the service reopens it)."""
        catalog = self._catalog()
        if self._evidence is None or self._evidence.catalog is not catalog:
            self._evidence = PlantEvidence(catalog)
        return self._evidence

    def draft(self, step: str, station: str | None = None, asset: str | None = None,
              product: str | None = None, limit: int = 10, reword: bool = False,
              exclude: frozenset[str] = frozenset()) -> Draft:
        """Candidate rows for a process step; ``reword`` lets a capable model adapt wording."""
        draft = Drafter(self._retriever, self.evidence).draft(step, station, asset, product, limit,
                                                              exclude)
        if reword:
            from copilot.pfmea.reword import reword_draft

            draft = reword_draft(draft, self._generator())
        return draft

    def review(self, path: Path, label: str | None = None) -> Review:
        """Findings for a PFMEA workbook (need not be ingested) against the plant evidence."""
        from copilot.pfmea.review import review_workbook

        return review_workbook(path, label or path.name, self.evidence)

    def export(self, draft: Draft, path: Path, rows: tuple[DraftRow, ...] | None = None) -> Path:
        """Write the draft (or the accepted ``rows``) as an AIAG-VDA form .xlsx."""
        from copilot.pfmea.export import export_draft

        return export_draft(draft, path, rows)
