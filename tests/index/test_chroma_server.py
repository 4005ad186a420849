"""The Chroma backend on a real ``chroma run`` server: the same conformance suite, and the
errors a plant sees when the server is away."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from copilot.core.errors import ConfigError, IndexUnavailableError
from copilot.core.settings import load_settings
from copilot.store.index.base import Query
from copilot.store.index.conformance import IndexConformance, make_chunks
from copilot.store.index.vector import ChromaIndex, open_vector_index, server_address
from tests.chroma_server import chroma_server, free_port
from tests.chroma_server import chroma_url as chroma_url

pytestmark = pytest.mark.integration


def _collection(directory: Path) -> str:
    return "t-" + hashlib.sha1(str(directory).encode()).hexdigest()[:16]


class TestChromaServerIndex(IndexConformance):
    """Every check, against the server (one collection per test directory)."""

    url = ""

    @pytest.fixture(autouse=True)
    def _server(self, chroma_url: str) -> None:
        self.url = chroma_url

    def make_index(self, directory: Path) -> ChromaIndex:
        return ChromaIndex(directory, 384, url=self.url, collection=_collection(directory))


def _unit(n: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_collections_on_one_server_do_not_see_each_other(chroma_url: str, tmp_path: Path) -> None:
    chunks = make_chunks()
    plant_a = ChromaIndex(tmp_path, 8, url=chroma_url, collection="plant-a")
    plant_b = ChromaIndex(tmp_path, 8, url=chroma_url, collection="plant-b")
    plant_a.upsert(chunks, _unit(len(chunks)))
    assert plant_a.count() == len(chunks)
    assert plant_b.count() == 0
    assert plant_b.search(Query("x", vector=_unit(1)[0]), 3) == []
    assert not (tmp_path / "chroma.sqlite3").exists()  # the server holds the data, not the client


def test_unreachable_server_is_index_unavailable_naming_the_url(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(IndexUnavailableError, match=f"Chroma server at {url}.* - start it"):
        ChromaIndex(tmp_path, 8, url=url, collection="nobody-home")


def test_a_server_that_goes_away_is_index_unavailable(tmp_path: Path) -> None:
    chunks = make_chunks()
    with chroma_server(tmp_path / "srv") as url:
        index = ChromaIndex(tmp_path, 8, url=url, collection="going-away")
        index.upsert(chunks, _unit(len(chunks)))
        assert len(index.search(Query("x", vector=_unit(1)[0]), 2)) == 2
    with pytest.raises(IndexUnavailableError, match=f"Chroma server at {url}"):
        index.search(Query("x", vector=_unit(1)[0]), 2)


def test_a_collection_built_for_other_dimensions_is_refused(chroma_url: str,
                                                            tmp_path: Path) -> None:
    ChromaIndex(tmp_path, 8, url=chroma_url, collection="dims-8")
    with pytest.raises(IndexUnavailableError, match=r"collection dims-8.* 8-d embeddings"):
        ChromaIndex(tmp_path, 16, url=chroma_url, collection="dims-8")


@pytest.mark.unit
def test_server_url_settings_are_checked(tmp_path: Path) -> None:
    home = {"COPILOT_HOME": str(tmp_path)}
    assert server_address("http://chroma.plant.lan:8001") == ("chroma.plant.lan", 8001, False)
    assert server_address("https://chroma.plant.lan") == ("chroma.plant.lan", 443, True)
    assert load_settings(env=home | {"COPILOT_CHROMA_URL": "http://10.0.0.5:8001"}).chroma_url
    for bad in ("10.0.0.5:8001", "http://host:8001/api", "ftp://host"):
        with pytest.raises(ConfigError, match="chroma_url"):
            load_settings(env=home | {"COPILOT_CHROMA_URL": bad})
    with pytest.raises(ConfigError, match="chroma_collection"):
        load_settings(env=home | {"COPILOT_CHROMA_COLLECTION": "a b"})
    with pytest.raises(ConfigError, match="vector_index = chroma"):
        open_vector_index("json", tmp_path, 8, url="http://127.0.0.1:1")
