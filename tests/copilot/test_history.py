"""Per-user conversation history: each logged-in user's own latest questions with answer
summaries, kept in the accounts database, restored in the Ask tab at page load and served by
``GET /api/history`` to the caller only. Two users' histories never mix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from copilot.accounts.store import AccountStore
from copilot.answering.request import Ask
from copilot.api import create_app
from copilot.core.access import Principal, Role
from copilot.core.settings import load_settings
from copilot.service import Copilot
from tests.fakes import HashingEmbedder, ScriptedGenerator
from tests.fixtures_plant import write_plant
from ui.handlers import AskHandlers
from ui.session import Session

PASSWORD = "plant-floor-2026"


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[Copilot]:
    app = Copilot(load_settings(env={"COPILOT_HOME": str(tmp_path / "home")}),
                  embedder=HashingEmbedder(), generator=ScriptedGenerator("Tighten to 25 Nm [1]."))
    assert app.ingest([write_plant(tmp_path / "plant")]).errors == []
    app.accounts.add("ana", Role.TECHNICIAN, PASSWORD)
    app.accounts.add("bo", Role.TECHNICIAN, PASSWORD)
    yield app
    app.close()


def _principal(app: Copilot, name: str) -> Principal:
    account = app.accounts.get(name)
    assert account is not None
    return account.principal


@pytest.mark.integration
def test_two_users_histories_never_mix(plant: Copilot) -> None:
    ana, bo = _principal(plant, "ana"), _principal(plant, "bo")
    plant.ask(Ask("OP30 housing bolt torque?"), ana)
    plant.ask(Ask("Which press had the most downtime?"), bo)
    plant.ask(Ask("Nutrunner used at OP30?"), ana)
    assert [h["question"] for h in plant.history(ana)] == ["OP30 housing bolt torque?",
                                                           "Nutrunner used at OP30?"]
    assert [h["question"] for h in plant.history(bo)] == ["Which press had the most downtime?"]
    assert all(h["answer"] for h in plant.history(ana))
    assert plant.history() == []  # the local operator keeps none

    with TestClient(create_app(plant)) as client:
        def served(name: str) -> list[str]:
            token = plant.accounts.new_token(name)
            got = client.get("/api/history", headers={"Authorization": f"Bearer {token}"})
            assert got.status_code == 200, got.text
            return [h["question"] for h in got.json()]

        assert served("bo") == ["Which press had the most downtime?"]
        assert "Which press had the most downtime?" not in served("ana")
        assert client.get("/api/history").status_code == 401

    # the Ask tab restores each user's own conversation at page load
    chat, session = AskHandlers(plant, who=lambda _: ana).restore(Session())
    assert [m["content"] for m in chat if m["role"] == "user"] == [
        "OP30 housing bolt torque?", "Nutrunner used at OP30?"]
    assert "25 Nm" in chat[1]["content"] and len(session.turns) == 2
    chat, _ = AskHandlers(plant, who=lambda _: bo).restore(Session())
    assert [m["content"] for m in chat if m["role"] == "user"] == [
        "Which press had the most downtime?"]


def test_only_the_latest_turns_are_kept_per_user(tmp_path: Path) -> None:
    store = AccountStore(tmp_path / "accounts.sqlite")
    try:
        store.add("ana", Role.TECHNICIAN, PASSWORD)
        store.add("bo", Role.TECHNICIAN, PASSWORD)
        for i in range(7):
            store.add_turn("ana", f"q{i}", "a" * 2000, keep=5)
        store.add_turn("bo", "bo's only question", "short", keep=5)
        kept = store.turns("ana")
        assert [h["question"] for h in kept] == ["q2", "q3", "q4", "q5", "q6"]
        assert len(kept[0]["answer"]) < 2000  # a summary, not the whole answer
        assert [h["question"] for h in store.turns("bo")] == ["bo's only question"]
    finally:
        store.close()
