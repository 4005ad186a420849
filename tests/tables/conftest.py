"""Table-question fixtures: catalogs filled from real files through the real converters.

Records reach the typed tables through ``Catalog.replace_file`` exactly as in ingestion; the
vector and keyword indexes are not needed for planning and SQL, so these catalogs skip them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from copilot.store.catalog import Catalog
from copilot.tables.qa import TableQA
from evals.tables_eval import fill_catalog
from tests.conftest import SAMPLE_DOCS, SHARED_CORPORA

TODAY = date(2026, 11, 23)
UWA = SHARED_CORPORA / "uwa-fmea" / "fmea_dataset_combined.csv"
EXCAVATOR = SHARED_CORPORA / "excavator-work-orders" / "case_study_pdl.csv"


def fill(catalog: Catalog, files: Iterable[Path]) -> Catalog:
    fill_catalog(catalog, files)
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


CHILLERS = SHARED_CORPORA / "assetopsbench-chillers" / "chiller_work_orders.csv"


@pytest.fixture(scope="session")
def chiller_qa(tmp_path_factory: pytest.TempPathFactory) -> TableQA:
    """The chiller CMMS export, whose header no synonym knows: columns mapped by inference."""
    if not CHILLERS.exists():
        pytest.skip(f"chiller corpus not found under {SHARED_CORPORA}")
    cat = fill(Catalog(tmp_path_factory.mktemp("chillers") / "catalog.sqlite"), [CHILLERS])
    return TableQA(cat, today=lambda: TODAY)
