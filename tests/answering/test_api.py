"""HTTP API through FastAPI's test client, scripted generator, real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from copilot.api import create_app
from copilot.generation.probe import GeneratorProbe
from copilot.store.embedders import Embedder
from tests.answering.test_answerer import make_app, plant_home  # noqa: F401 - fixture
from tests.fakes import citing

pytestmark = pytest.mark.integration


@pytest.fixture
def client(plant_home: Path, embedder: Embedder):  # noqa: F811
    app = make_app(plant_home, embedder,
                   citing("Tighten the M8x25 housing bolts to 25 Nm [{n}].", "25 Nm"))
    with TestClient(create_app(app)) as c:
        yield c
    app.close()


def test_health(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.json()["model"] == "scripted-fake"
    assert r.json()["generator_check"] is None  # not started by `serve`: no check ran


def test_health_shows_the_start_up_generator_check(plant_home: Path, embedder: Embedder) -> None:  # noqa: F811
    app = make_app(plant_home, embedder, "ok")
    probe = GeneratorProbe(True, "loaded in 0.4 s, wrote 8 tokens in 0.2 s: 'ready'",
                           model="smollm2", system_info="CPU : AVX2 = 1 |")
    try:
        with TestClient(create_app(app, generator_check=probe)) as c:
            check = c.get("/api/health").json()["generator_check"]
    finally:
        app.close()
    assert check == {"ok": True, "detail": probe.detail, "fix": ""}


def test_ask_json(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": "What torque for the OP30 housing bolts?"})
    body = r.json()
    assert r.status_code == 200
    assert set(body) >= {"answer", "citations", "abstained", "extractive", "timings_ms"}
    assert body["citations"] and "25 Nm" in body["answer"]


def test_ask_streams_sse(client: TestClient) -> None:
    with client.stream("POST", "/api/ask", json={"question": "OP30 bolt torque?",
                                                 "stream": True}) as r:
        text = "".join(r.iter_text())
    events = [b for b in text.split("\n\n") if b.strip()]
    assert events[0].startswith("event: delta")
    last = events[-1]
    assert last.startswith("event: answer")
    payload = json.loads(last.split("data: ", 1)[1])
    assert payload["citations"]


def test_search_and_errors(client: TestClient) -> None:
    r = client.post("/api/search", json={"query": "coolant leak", "k": 3, "kind": "maintenance_log"})
    assert r.status_code == 200 and all(h["kind"] == "maintenance_log" for h in r.json()["hits"])
    assert client.post("/api/search", json={"query": ""}).status_code == 422
    assert client.post("/api/search", json={"query": "   "}).status_code == 400
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_table_question_through_the_api(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": "How many work orders had downtime of at "
                                                  "least 1.5 hours?"})
    body = r.json()
    assert r.status_code == 200 and body["route"] == "table"
    assert body["plan"]["filters"][0] == {"column": "downtime_h", "op": ">=", "values": [1.5],
                                          "phrase": "at least 1.5"}
    assert body["table"]["matched"] == 2  # WO-24-00017 (1.5 h) and WO-24-00019 (2.0 h)
    assert {c["locator"].split(" ")[0] for c in body["citations"]} == {"WO-24-00017",
                                                                       "WO-24-00019"}
    r = client.post("/api/ask", json={"question": "What is a work order?", "route": "table"})
    assert r.status_code == 400 and "not a table question" in r.json()["detail"]


def test_table_follow_up_swaps_the_asset(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": "and for NR-30?", "history": [
        "How many work orders did PRS-02 get in 2024?"]})
    body = r.json()
    assert body["route"] == "table"
    assert {"column": "asset", "op": "in", "values": ["NR-30"], "phrase": "nr-30"} in body[
        "plan"]["filters"]
    assert body["table"]["matched"] == 1 and "WO-24-00019" in body["answer"]
