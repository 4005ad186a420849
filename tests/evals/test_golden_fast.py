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
from evals.golden_format import fact_present, load_golden
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


@pytest.mark.slow  # embeds ~250 windows of 1,000 characters (~1 s each on 2 cores)
def test_naive_peer_baseline_runs_beside_us(sample_app: Copilot) -> None:
    """The naive peer (1,000/200-char windows + RRF + top-3 quotes) is scored on the same items."""
    from evals.naive import NaiveBaseline

    items = load_golden(REPO / "evals" / "golden" / "sample_plant.jsonl")[:24]
    naive = NaiveBaseline(sample_app.catalog, sample_app.embedder,
                          sample_app.settings.home / "evals-naive")
    assert len(naive) > 0
    summary = summarize(run_items(sample_app, items, k=10, answers=False, baseline=naive),
                        answers=True)  # extract-mode answers are scored too
    overall = summary["overall"]
    assert overall["naive_recall@k"] is not None and overall["naive_exact"] is not None
    # the peer really retrieves (a broken peer would make every comparison look good for us);
    # who wins is a measurement, reported by evals.blind_report, not asserted: on these 24 items
    # the peer quoted more facts (exact 0.875 vs 0.75, 2026-12-01), see evals/README.md
    assert overall["naive_recall@k"] >= 0.5, overall


def test_naive_windows_overlap() -> None:
    from evals.naive import windows

    text = "".join(chr(ord("a") + i % 26) for i in range(2500))
    w = windows(text)
    assert [len(x) for x in w] == [1000, 1000, 900]
    assert w[0][800:] == w[1][:200]


def test_a_citation_marker_is_not_the_fact_it_looks_like() -> None:
    from evals.golden_format import GoldenItem, score_answer

    item = GoldenItem(id="x", question="how many?", lang="en", answerable=True, evidence=(),
                      facts=("9",), category="count")
    assert score_answer(item, {"answer": "Seven failure modes [9]."})["exact"] == 0.0
    assert score_answer(item, {"answer": "Nine: 9 failure modes [1, 2]."})["exact"] == 1.0


def test_a_date_fact_is_found_in_any_format_and_a_number_stays_a_number() -> None:
    assert fact_present("11/20/20", "WO366933 2020-11-20 CWC04006")  # the log's M/D/YY
    assert not fact_present("11/20/20", "WO366933 2020-11-21")
    assert fact_present("40700", "cost 40,700") and not fact_present("12345", "2033-10-18")
