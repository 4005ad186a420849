"""The OpenAI-compatible endpoint on the real app, spoken in the OpenAI wire format with plain
HTTP (no openai package): /v1/models, /v1/chat/completions with and without ``stream``, the
Bearer token rules of /api/ask, history from earlier user turns, citations in the reply."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from copilot.answering.request import Ask
from copilot.api import create_app
from copilot.core.access import Role
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.fakes import ScriptedGenerator, citing
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration
QUESTION = "What torque for the OP30 housing bolts?"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory,
           embedder: Embedder) -> Iterator[tuple[TestClient, dict[str, str], Copilot]]:
    root = tmp_path_factory.mktemp("openai")
    settings = load_settings(env={"COPILOT_HOME": str(root / "home"),
                                  "COPILOT_RATE_BURST": "1000"})
    gen = ScriptedGenerator(citing("Tighten the M8x25 housing bolts to 25 Nm [{n}]. Use nutrunner"
                                   " NR-30 in a star pattern [{n}].", "25 Nm"))
    copilot = Copilot(settings, embedder=embedder, generator=gen)
    assert not copilot.ingest([write_plant(root / "plant")]).errors
    copilot.accounts.add("tom", Role.TECHNICIAN, "plant-floor-2026")
    token = {"Authorization": f"Bearer {copilot.accounts.new_token('tom')}"}
    with TestClient(create_app(copilot), raise_server_exceptions=False) as client:
        yield client, token, copilot
    copilot.close()


def chat(question: str = QUESTION, **extra: Any) -> dict[str, Any]:
    return {"model": "floor-copilot", "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": question}], **extra}


def test_models_lists_floor_copilot_with_a_token_only(served: Any) -> None:
    client, token, _ = served
    assert client.get("/v1/models").status_code == 401
    r = client.get("/v1/models", headers=token)
    assert r.status_code == 200
    assert [m["id"] for m in r.json()["data"]] == ["floor-copilot"]


def test_chat_completion_needs_the_token_like_api_ask(served: Any) -> None:
    client, token, _ = served
    assert client.post("/v1/chat/completions", json=chat()).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.post("/v1/chat/completions", json=chat(), headers=bad).status_code == 401
    assert client.post("/v1/chat/completions", json=chat(), headers=token).status_code == 200


def test_chat_completion_is_the_cited_answer_of_api_ask(served: Any) -> None:
    client, token, copilot = served
    body = client.post("/v1/chat/completions", json=chat(), headers=token).json()
    asked = client.post("/api/ask", json={"question": QUESTION}, headers=token).json()
    assert body["object"] == "chat.completion" and body["model"] == "floor-copilot"
    (choice,) = body["choices"]
    assert choice["finish_reason"] == "stop" and choice["message"]["role"] == "assistant"
    content = choice["message"]["content"]
    assert content.startswith(asked["answer"]) and "25 Nm" in content
    assert [(c["source"], c["locator"], c["quote"]) for c in body["citations"]] == [
        (c["source"], c["locator"], c["quote"]) for c in asked["citations"]]
    first = body["citations"][0]
    assert f"\n\nSources:\n[{first['n']}] {first['source']}, {first['locator']}" in content
    audit = (copilot.settings.log_dir / "audit.jsonl").read_text(encoding="utf-8")
    assert '"tom"' in audit  # audited as the token's user


def test_earlier_user_turns_are_the_history(served: Any) -> None:
    client, token, _ = served
    messages = [{"role": "user", "content": "Which station assembles the EDU-200 housing?"},
                {"role": "assistant", "content": "OP30 [1]."},
                {"role": "user", "content": "And what torque for its bolts?"}]
    r = client.post("/v1/chat/completions", json={"model": "floor-copilot", "messages": messages},
                    headers=token)
    assert r.status_code == 200, r.text
    plain = client.post("/api/ask", headers=token, json={
        "question": "And what torque for its bolts?",
        "history": ["Which station assembles the EDU-200 housing?"]}).json()
    assert r.json()["choices"][0]["message"]["content"].startswith(plain["answer"])
    assert plain["standalone_question"] != "And what torque for its bolts?"  # history was used


def test_last_message_must_be_the_users_question(served: Any) -> None:
    client, token, _ = served
    body = chat()
    body["messages"].append({"role": "assistant", "content": "OK."})
    r = client.post("/v1/chat/completions", json=body, headers=token)
    assert r.status_code == 422 and r.json()["field"] == "messages"


def sse_data(text: str) -> list[str]:
    return [line[len("data: "):] for line in text.splitlines() if line.startswith("data: ")]


def test_streaming_sends_openai_chunks_then_done(served: Any) -> None:
    client, token, _ = served
    with client.stream("POST", "/v1/chat/completions", json=chat(stream=True),
                       headers=token) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        data = sse_data("".join(r.iter_text()))
    assert data[-1] == "[DONE]"
    chunks = [json.loads(d) for d in data[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    whole = client.post("/v1/chat/completions", json=chat(), headers=token).json()
    assert "25 Nm" in content and content == whole["choices"][0]["message"]["content"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["citations"] == whole["citations"]


def test_streaming_without_a_token_is_refused_before_the_stream(served: Any) -> None:
    client, _, _ = served
    r = client.post("/v1/chat/completions", json=chat(stream=True))
    assert r.status_code == 401


def test_health_shows_the_generation_queue(served: Any) -> None:
    client, token, _ = served
    queue = client.get("/api/health", headers=token).json()["generation"]
    assert queue["slots"] == 1 and queue["in_flight"] == 0 and queue["depth"] == 0
    assert {"wait_last_ms", "wait_p95_ms", "served", "waiting_users"} <= set(queue)


def test_ask_in_generate_mode_goes_through_the_queue(served: Any) -> None:
    client, token, _ = served
    before = client.get("/api/health", headers=token).json()["generation"]["served"]
    r = client.post("/api/ask", headers=token, json={"question": QUESTION, "mode": "generate"})
    assert r.status_code == 200 and "25 Nm" in r.json()["answer"]
    assert client.get("/api/health", headers=token).json()["generation"]["served"] == before + 1


def test_a_question_abandoned_mid_answer_frees_the_generation_slot(served: Any) -> None:
    """What a client that disconnects mid-stream leaves behind: the server closes its stream."""
    _, _, copilot = served
    events = copilot.ask_stream(Ask(QUESTION, mode="generate"))
    first = next(events)
    assert first.kind == "delta" and "25 Nm" in first.text
    assert copilot.generation_queue.stats().in_flight == 1  # the model is mid-answer
    events.close()
    assert copilot.generation_queue.stats().in_flight == 0
    assert "25 Nm" in copilot.ask(Ask(QUESTION, mode="generate")).text  # no deadlock
