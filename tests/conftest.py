"""Shared fixtures: real embedder (loaded once), isolated COPILOT_HOME, network guard."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from copilot.core.offline import enforce_offline
from copilot.core.settings import Settings, load_settings
from copilot.generation.registry import GENERATORS
from copilot.service import Copilot
from copilot.store.embedders import EMBEDDERS, Embedder, create_embedder
from copilot.store.index.vector import VECTOR_INDEXES
from tests.fakes import HashingEmbedder, JsonVectorIndex, ScriptedGenerator, citing

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DOCS = REPO / "sample_docs"
SHARED_CORPORA = REPO.parent / "shared" / "corpora"

enforce_offline()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    emb = create_embedder("e5-small")
    emb.warm_up()
    return emb


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(env={"COPILOT_HOME": str(tmp_path / "home")})


@pytest.fixture
def app(settings: Settings, embedder: Embedder) -> Iterator[Copilot]:
    a = Copilot(settings, embedder=embedder)
    yield a
    a.close()


SCRIPTED_REPLY = "Tighten the bolts to 25 Nm [{n}]."


@pytest.fixture
def fake_plugins() -> Iterator[None]:
    """The fakes registered by name, like any plugin: embedder 'fake-hashing', generator
    'scripted' (cites the first source with 'Nm') and vector index 'json'; removed afterwards."""
    EMBEDDERS.register("fake-hashing", HashingEmbedder)
    GENERATORS.register("scripted", lambda _settings: ScriptedGenerator(
        citing(SCRIPTED_REPLY, "Nm")))
    VECTOR_INDEXES.register("json", JsonVectorIndex)
    yield
    EMBEDDERS.unregister("fake-hashing")
    GENERATORS.unregister("scripted")
    VECTOR_INDEXES.unregister("json")


class NetworkBlockedError(RuntimeError):
    pass


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        return host.startswith("127.") or host in ("::1", "localhost", "0.0.0.0")
    return True  # AF_UNIX paths


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Any connection to a non-loopback address raises (and is recorded)."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            attempts.append(address)
            raise NetworkBlockedError(f"network access attempted: {address}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            attempts.append(address)
            raise NetworkBlockedError(f"network access attempted: {address}")
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "localhost") and not str(host).startswith(("127.", "::1")):
            attempts.append(host)
            raise NetworkBlockedError(f"DNS lookup attempted: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts
