"""The service with its vectors on a real Chroma server: per-home collections, and an absent
server reported by doctor and /api/health with its URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from copilot.api import create_app
from copilot.core.settings import Settings, load_settings
from copilot.doctor import _guarded, check_index
from copilot.service import Copilot
from tests.chroma_server import chroma_url as chroma_url
from tests.chroma_server import free_port
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration


def _settings(home: Path, url: str, **extra: str) -> Settings:
    return load_settings(env={"COPILOT_HOME": str(home), "COPILOT_EMBEDDER": "fake-hashing",
                              "COPILOT_GENERATOR": "scripted", "COPILOT_CHROMA_URL": url,
                              **{f"COPILOT_{k.upper()}": v for k, v in extra.items()}})


def test_two_homes_on_one_server_keep_their_own_collections(
        tmp_path: Path, fake_plugins: None, chroma_url: str) -> None:
    plant = write_plant(tmp_path / "plant")
    first = Copilot(_settings(tmp_path / "a", chroma_url))
    second = Copilot(_settings(tmp_path / "b", chroma_url))
    try:
        assert first.ingest([plant]).count("added") == 4
        held = first.status()["index"]["vector"]
        assert held > 0 and second.status()["index"]["vector"] == 0
        name = first.catalog.get_meta("chroma_collection")
        assert name and name != second.catalog.get_meta("chroma_collection")
        assert not (first.settings.index_dir / "chroma").exists()  # nothing embedded on disk
        assert any("25 Nm" in h.chunk.text for h in first.search("M8 housing bolt torque").hits)
        assert check_index(first).ok and chroma_url in check_index(first).detail
    finally:
        first.close()
        second.close()
    again = Copilot(_settings(tmp_path / "a", chroma_url))  # a restart finds its collection
    try:
        assert again.catalog.get_meta("chroma_collection") == name
        assert again.status()["index"]["vector"] == held
    finally:
        again.close()


def test_the_collection_setting_wins(tmp_path: Path, fake_plugins: None, chroma_url: str) -> None:
    app = Copilot(_settings(tmp_path / "a", chroma_url, chroma_collection="plant-7-line-2"))
    try:
        app.ingest([write_plant(tmp_path / "plant")])
        assert app._collection_name() == "plant-7-line-2"
        assert app.catalog.get_meta("chroma_collection") is None
    finally:
        app.close()


def test_an_absent_server_fails_doctor_and_health_naming_the_url(
        tmp_path: Path, fake_plugins: None) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    app = Copilot(_settings(tmp_path / "home", url))
    try:
        # before any ingest too: the server is checked first; as run_doctor runs it
        check = _guarded("index", lambda: check_index(app))
        assert not check.ok and url in check.detail and "chroma run" in check.fix
        with TestClient(create_app(app), raise_server_exceptions=False) as client:
            got = client.get("/api/health")
        assert got.status_code == 503
        assert got.json()["error"] == "IndexUnavailableError" and url in got.json()["detail"]
    finally:
        app.close()


def test_two_workers_on_one_home_see_each_others_ingest(
        tmp_path: Path, fake_plugins: None, chroma_url: str) -> None:
    """Two service objects over one home (each with its own connections and in-memory BM25,
    as two worker processes have): what one ingests, the other finds on its next search."""
    home = tmp_path / "home"
    reader, writer = Copilot(_settings(home, chroma_url)), Copilot(_settings(home, chroma_url))
    try:
        assert not reader.search("M8 housing bolt torque").hits  # loads the empty indexes
        assert writer.ingest([write_plant(tmp_path / "plant")]).count("added") == 4
        assert reader._collection_name() == writer._collection_name()
        hits = reader.search("M8 housing bolt torque").hits
        assert any("25 Nm" in h.chunk.text and "bm25" in h.ranks for h in hits)
        assert any("vector" in h.ranks for h in hits)
    finally:
        reader.close()
        writer.close()
