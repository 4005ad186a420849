"""Hostile requests against the real FastAPI app: 4xx naming the field, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from copilot.api import create_app
from copilot.store.embedders import Embedder
from tests.answering.test_answerer import make_app, plant_home  # noqa: F401 - fixture

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(plant_home: Path, embedder: Embedder) -> Iterator[TestClient]:  # noqa: F811
    app = make_app(plant_home, embedder, "Tighten to 25 Nm [1].")
    with TestClient(create_app(app), raise_server_exceptions=False) as c:
        yield c
    app.close()


def _field(body: dict[str, Any]) -> str:
    """The field a 4xx names: ours (``field``) or FastAPI's validation ``loc``."""
    if "field" in body:
        return str(body["field"])
    return ".".join(str(p) for p in body["detail"][0]["loc"][1:])


ASK_CASES: list[tuple[str, Any, int, str]] = [
    ("question too long", {"question": "q" * 2001}, 422, "question"),
    ("question empty", {"question": ""}, 422, "question"),
    ("question not text", {"question": 123}, 422, "question"),
    ("question missing", {}, 422, "question"),
    ("history items", {"question": "torque?", "history": ["a"] * 21}, 422, "history"),
    ("history chars", {"question": "torque?", "history": ["h" * 8001]}, 422, "history"),
    ("history not list", {"question": "torque?", "history": "abc"}, 422, "history"),
    ("history of numbers", {"question": "torque?", "history": [{"a": 1}]}, 422, "history.0"),
    ("history 1 MB", {"question": "torque?", "history": ["x" * 1_000_000]}, 413, "body"),
    ("filter operator", {"question": "torque?", "where": {"$and": "x"}}, 422, "where"),
    ("filter empty name", {"question": "torque?", "where": {"": "x"}}, 422, "where"),
    ("filter list value", {"question": "torque?", "where": {"station": ["OP20"]}}, 422,
     "where.station"),
    ("filter value long", {"question": "torque?", "where": {"station": "x" * 201}}, 422,
     "where.station"),
    ("too many filters", {"question": "torque?", "where": {f"f{i}": "x" for i in range(9)}},
     422, "where"),
    ("where not object", {"question": "torque?", "where": ["station"]}, 422, "where"),
    ("bad kind", {"question": "torque?", "kind": "secret"}, 422, "kind"),
    ("bad route", {"question": "torque?", "route": "sql"}, 422, "route"),
    ("bad mode", {"question": "torque?", "mode": "shell"}, 422, "mode"),
    ("stream too long history", {"question": "t?", "history": ["a"] * 21, "stream": True}, 422,
     "history"),
]


@pytest.mark.parametrize(("name", "body", "status", "field"), ASK_CASES,
                         ids=[c[0] for c in ASK_CASES])
def test_ask_rejects_with_the_field_named(client: TestClient, name: str, body: Any, status: int,
                                          field: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert _field(r.json()).startswith(field)


SEARCH_CASES: list[tuple[str, Any, str]] = [
    ("query too long", {"query": "q" * 2001}, "query"),
    ("k zero", {"query": "torque", "k": 0}, "k"),
    ("k text", {"query": "torque", "k": "many"}, "k"),
    ("filter operator", {"query": "torque", "where": {"$or": 1}}, "where"),
    ("filter nested", {"query": "torque", "where": {"station": {"$ne": "x"}}}, "where.station"),
]


@pytest.mark.parametrize(("name", "body", "field"), SEARCH_CASES, ids=[c[0] for c in SEARCH_CASES])
def test_search_rejects_with_the_field_named(client: TestClient, name: str, body: Any,
                                             field: str) -> None:
    r = client.post("/api/search", json=body)
    assert r.status_code == 422, r.text
    assert _field(r.json()).startswith(field)


@pytest.mark.parametrize("raw", [b"", b"{", b"null", b"[]", b'"question"', b"\xff\xfe",
                                 b'{"question": "\\ud800"}', b'{"query": "\\udfff"}',
                                 b'{"question": "t?", "history": ["ok", "\\ud800"]}',
                                 b'{"question": "t?", "where": {"\\ud800": 1}}',
                                 b'{"question": "t?", "where": {"station": "\\ud800"}}'])
def test_malformed_bodies_are_4xx(client: TestClient, raw: bytes) -> None:
    for path in ("/api/ask", "/api/search"):
        r = client.post(path, content=raw, headers={"content-type": "application/json"})
        assert 400 <= r.status_code < 500, (path, raw, r.status_code, r.text)


@pytest.mark.parametrize("question", ["\x00\x00", "?" * 2000, "🔧" * 500, "OP30 '; DROP TABLE--",
                                      "station:OP20 AND 1=1", "   torque   "])
def test_odd_but_legal_questions_are_answered(client: TestClient, question: str) -> None:
    r = client.post("/api/ask", json={"question": question, "history": ["OP30"] * 20,
                                      "where": {"station": "OP30", "kind": "work_instruction"}})
    assert r.status_code in (200, 400), r.text  # 400: a QueryError such as an empty query


def test_filters_within_limits_still_work(client: TestClient) -> None:
    r = client.post("/api/search", json={"query": "housing bolt torque", "k": 3,
                                         "where": {"station": "op30"}})
    assert r.status_code == 200 and r.json()["hits"]
