"""Rankings the hybrid retriever adds of its own: the record a question names by its id, and
the English passages a Korean question would otherwise rank below Korean ones (real index,
real e5 embedder, the sample plant's CMMS export and Korean chiller work instruction)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from copilot.answering.request import Ask
from copilot.core.settings import load_settings
from copilot.retrieval.port import IDENTITY
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.conftest import SAMPLE_DOCS

pytestmark = pytest.mark.integration

QUESTION = "WO-24-00336 칠러 유량 저하 건 원인이 뭐였어요?"


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Copilot]:
    folder = tmp_path_factory.mktemp("docs")
    shutil.copy(SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv", folder)
    shutil.copy(next((SAMPLE_DOCS / "work_instructions").glob("WI-MNT-003*")), folder)
    app = Copilot(load_settings(env={"COPILOT_HOME": str(folder / "home")}), embedder=embedder)
    app.ingest([folder])
    yield app
    app.close()


def test_the_record_a_question_names_by_id_comes_first(plant: Copilot) -> None:
    hits = plant.search(QUESTION, k=5).hits
    assert hits[0].chunk.text.startswith("Work order WO-24-00336")
    assert hits[0].signals.get(IDENTITY) == 1.0
    assert not any(h.signals.get(IDENTITY) for h in hits[1:])
    # a common code ("CHL-01", in many rows) names no single record
    assert not any(h.signals.get(IDENTITY) for h in plant.search("CHL-01 유량 저하", k=5).hits)


def test_a_korean_question_gets_an_english_ranking_of_its_own(plant: Copilot) -> None:
    ranked = plant.search("칠러 유량 저하 원인", k=10).hits
    assert any("bm25_en" in h.ranks for h in ranked)
    assert not any("bm25_en" in h.ranks for h in plant.search("chiller flow low", k=10).hits)


def test_the_quoted_answer_quotes_the_named_record(plant: Copilot) -> None:
    ans = plant.ask(Ask(QUESTION, mode="extract"))
    assert "mech seal" in ans.text and "27.7 L/min" in ans.text
