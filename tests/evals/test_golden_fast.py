"""The fast part of the eval in CI: retrieval + abstention on the sample plant (no LLM).

Thresholds sit a little below the values measured when they were set (evals/README.md), so a
change that makes retrieval or abstention worse fails the test suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from evals.golden_format import load_golden
from evals.runner import run_items, summarize
from tests.conftest import REPO, SAMPLE_DOCS

pytestmark = pytest.mark.integration

MIN_HYBRID_RECALL_AT_10 = 0.82  # measured 0.886 (e5-small, bm25 1.0 / vector 0.3, rrf_k 20)
MIN_HYBRID_MRR = 0.58  # measured 0.670
MIN_ABSTENTION_RECALL = 0.2  # measured 0.25


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Copilot:
    home = tmp_path_factory.mktemp("golden") / "home"
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder)
    report = app.ingest([SAMPLE_DOCS])
    assert report.errors == []
    return app


def test_golden_set_shape() -> None:
    items = load_golden(REPO / "evals" / "golden" / "sample_plant.jsonl")
    assert len(items) >= 60
    assert sum(i.lang == "ko" for i in items) >= 15
    assert sum(not i.answerable for i in items) >= 10
    assert sum(i.category == "cross_lingual" for i in items) >= 5
    shared = load_golden(REPO / "evals" / "golden" / "shared_corpora.jsonl")
    assert len(shared) >= 40


def test_retrieval_and_abstention_do_not_regress(sample_app: Copilot, tmp_path: Path) -> None:
    items = load_golden(REPO / "evals" / "golden" / "sample_plant.jsonl")
    summary = summarize(run_items(sample_app, items, k=10, answers=False), answers=False)
    overall = summary["overall"]
    assert overall["hybrid_recall@k"] >= MIN_HYBRID_RECALL_AT_10, overall
    assert overall["hybrid_mrr"] >= MIN_HYBRID_MRR, overall
    assert overall["abstention_recall"] >= MIN_ABSTENTION_RECALL, overall
    # hybrid must not be worse than the vector-only baseline computed in the same run
    assert overall["hybrid_recall@k"] >= overall["vector_recall@k"]
