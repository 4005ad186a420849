"""The real service, its backends chosen by name through settings: here the registered fakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.answering.request import Ask
from copilot.core.errors import ConfigError
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import CachedQueryEmbedder
from tests.fakes import HashingEmbedder, JsonVectorIndex, ScriptedGenerator
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("vector_index", ["chroma", "json"])
def test_service_ingests_and_searches_with_the_fake_embedder_named_in_settings(
    tmp_path: Path, fake_plugins: None, vector_index: str
) -> None:
    settings = load_settings(env={"COPILOT_HOME": str(tmp_path / "home"),
                                  "COPILOT_EMBEDDER": "fake-hashing",
                                  "COPILOT_VECTOR_INDEX": vector_index,
                                  "COPILOT_GENERATOR": "scripted"})
    app = Copilot(settings)
    try:
        report = app.ingest([write_plant(tmp_path / "plant")])
        assert report.errors == [] and report.count("added") == 4
        assert isinstance(app.embedder, CachedQueryEmbedder)
        assert isinstance(app.embedder.inner, HashingEmbedder)
        assert app.status()["models"]["embedder"] == "fake-hashing"
        assert (settings.index_dir / vector_index).is_dir()
        if vector_index == "json":
            assert isinstance(app._indexes()[1], JsonVectorIndex)
        hits = app.search("M8 housing bolt torque", k=3, where={"kind": "work_instruction"}).hits
        assert hits and all(h.chunk.revision == "C" for h in hits)
        assert any("25 Nm" in h.chunk.text for h in hits)
        answer = app.ask(Ask("What torque for the M8 housing bolts?", mode="generate",
                             route="documents"))
        assert isinstance(app.generator, ScriptedGenerator) and app.generator.prompts
        assert "25 Nm" in answer.text and answer.citations
    finally:
        app.close()


def test_an_unregistered_embedder_name_fails_with_the_choices(tmp_path: Path) -> None:
    settings = load_settings(env={"COPILOT_HOME": str(tmp_path / "home"),
                                  "COPILOT_EMBEDDER": "fake-hashing"})
    app = Copilot(settings)
    try:
        with pytest.raises(ConfigError, match=r"setting 'embedder': unknown embedder "
                           r"'fake-hashing' \(choose from e5-small, minilm"):
            _ = app.embedder
    finally:
        app.close()
