"""Table-question fixtures: catalogs filled from real files through the real converters.

Records reach the typed tables through ``Catalog.replace_file`` exactly as in ingestion; the
vector and keyword indexes are not needed for planning and SQL, so these catalogs skip them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from copilot.catalog import Catalog, FileRow
from copilot.tables.qa import TableQA
from ingestion.base import SourceFile
from ingestion.chunking import chunk_document
from ingestion.registry import default_registry
from tests.conftest import SAMPLE_DOCS, SHARED_CORPORA

TODAY = date(2026, 11, 23)
UWA = SHARED_CORPORA / "uwa-fmea" / "fmea_dataset_combined.csv"
EXCAVATOR = SHARED_CORPORA / "excavator-work-orders" / "case_study_pdl.csv"


def fill(catalog: Catalog, files: Iterable[Path]) -> Catalog:
    reg = default_registry()
    for path in files:
        sf = SourceFile(path, path.name)
        conv = reg.pick(sf)[0]
        doc = conv.convert(sf)
        row = FileRow(str(path), path.name, hashlib.sha256(path.read_bytes()).hexdigest(),
                      path.stat().st_size, conv.ident)
        catalog.replace_file(row, doc.info, chunk_document(doc))
    catalog.recompute_status()
    return catalog


def sample_table_files() -> list[Path]:
    return sorted(p for p in (SAMPLE_DOCS / "pfmea").iterdir()) + sorted(
        p for p in (SAMPLE_DOCS / "maintenance").iterdir())


@pytest.fixture(scope="session")
def sample_qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    cat = fill(Catalog(tmp_path_factory.mktemp("sample") / "catalog.sqlite"),
               sample_table_files())
    return TableQA(cat, today=lambda: TODAY)


@pytest.fixture(scope="session")
def shared_qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    if not UWA.exists() or not EXCAVATOR.exists():
        pytest.skip(f"shared corpora not found under {SHARED_CORPORA}")
    cat = fill(Catalog(tmp_path_factory.mktemp("shared") / "catalog.sqlite"), [UWA, EXCAVATOR])
    return TableQA(cat, today=lambda: TODAY)
