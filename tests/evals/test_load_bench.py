"""The load benchmark, small, against the real app in its own process: concurrent clients on
JSON and streamed /api/ask get no errors and exactly the single-client answers. The index is
the small fixture plant (sample_docs takes minutes to embed on a loaded 2-core box), asked
document, table and Korean questions about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from evals.bench_load import load_rows, questions, reference_answers, run_load, serving
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration
POOL = ["What torque for the OP30 housing bolts?",
        "How many work orders were opened at OP30?",
        "Which nutrunner tightens the housing bolts?",
        "Which failure modes have a severity of 7 or more?",
        "PRS-02 spindle bearing hot - what was done last time?",
        "Total downtime hours of all work orders?",
        "OP30 하우징 볼트 체결 토크는 얼마인가요?",
        "Coolant jacket leak on LKT-40: what is the history?"]


@pytest.fixture(scope="module")
def plant_home(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    base = tmp_path_factory.mktemp("load")
    home = base / "home"
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder)
    try:
        assert app.ingest([write_plant(base / "plant")]).errors == []
    finally:
        app.close()
    return home


def test_the_question_mix_alternates_documents_and_tables() -> None:
    pool = questions(8)
    assert len(pool) == len(set(pool)) == 8
    docs = set(questions(200, "generate"))
    assert [q in docs for q in pool] == [True, False] * 4


def test_four_clients_get_the_single_client_answers(plant_home: Path) -> None:
    rows: list[tuple[str, ...]] = []
    with serving(plant_home) as url:
        reference, single = reference_answers(url, POOL)
    with serving(plant_home) as url:  # answers must not depend on the process either
        result = run_load(url, POOL, 4, reference)
    assert result.asked == 4 * 8
    assert result.errors == []
    assert result.mismatches == []
    assert len(result.latencies_ms) == 32 and result.throughput > 0
    assert result.queue["slots"] == 1 and result.queue["in_flight"] == 0
    result.single_ms = single
    load_rows(result, "quote", lambda *cells: rows.append(cells))
    assert "errors 0" in rows[0] and "differing from single-client 0" in rows[0]
