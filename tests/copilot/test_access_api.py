"""Access at the HTTP edge, against the real app (API + Gradio UI on one FastAPI app): every
role x action allowed or refused on the server, 401 without a login (Gradio's own routes too),
login / logout, the audit trail with the user, removal reasons, rate limits and headers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from copilot.api import create_app
from copilot.audit import verify
from copilot.core.access import ROLE_ACTIONS, Action, Role
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.fakes import ScriptedGenerator
from tests.fixtures_plant import PFMEA_CSV, write_plant

pytestmark = pytest.mark.integration

LOTO = """# Lockout / tagout for press maintenance

Document No.: WI-MNT-001
Revision: B
Station: MNT

## 4. Procedure
DANGER: Stored hydraulic energy can move the ram.
1. Apply LOTO at the main disconnect before opening the guard.
2. Try the start button to prove zero energy.
"""
PASSWORD = "plant-floor-2026"


@dataclass
class Plant:
    copilot: Copilot
    client: TestClient
    tokens: dict[Role, str]

    def as_role(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def audit(self) -> list[dict[str, Any]]:
        path = self.copilot.settings.log_dir / "audit.jsonl"
        return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Plant]:
    root = tmp_path_factory.mktemp("access")
    docs = write_plant(root / "plant")
    (docs / "wi" / "WI-MNT-001_LOTO.md").write_text(LOTO, encoding="utf-8")
    # every role makes dozens of requests here: the rate limit has its own test below
    settings = load_settings(env={"COPILOT_HOME": str(root / "home"),
                                  "COPILOT_RATE_BURST": "100000"})
    copilot = Copilot(settings, embedder=embedder,
                      generator=ScriptedGenerator("Tighten to 25 Nm [1]."))
    assert not copilot.ingest([docs]).errors
    tokens = {}
    for role in Role:
        copilot.accounts.add(role.value, role, PASSWORD)
        tokens[role] = copilot.accounts.new_token(role.value)
    with TestClient(create_app(copilot, with_ui=True), raise_server_exceptions=False) as client:
        yield Plant(copilot, client, tokens)
    copilot.close()


# One request per action: what a caller with that action's right would send.
CALLS: dict[Action, tuple[str, str, dict[str, Any]]] = {
    Action.ASK: ("POST", "/api/ask", {"json": {"question": "OP30 housing bolt torque?"}}),
    Action.SEARCH: ("POST", "/api/search", {"json": {"query": "housing bolt torque"}}),
    Action.VIEW_SOURCE: ("GET", "/api/documents", {}),
    Action.FEEDBACK: ("POST", "/api/feedback",
                      {"json": {"question": "torque?", "answer": {}, "verdict": "up"}}),
    Action.LEARN: ("GET", "/api/learn/stations", {}),
    Action.VIEW_TRAINING: ("GET", "/api/learn/progress", {"params": {"trainee": "T-0142"}}),
    Action.PFMEA_DRAFT: ("POST", "/api/pfmea/draft",
                         {"json": {"step": "OP30 tighten housing bolts", "station": "OP30"}}),
    Action.PFMEA_EXPORT: ("POST", "/api/pfmea/export",
                          {"json": {"step": "OP30 tighten housing bolts", "station": "OP30"}}),
    Action.PFMEA_REVIEW: ("POST", "/api/pfmea/review",
                          {"files": {"workbook": ("pfmea.csv", PFMEA_CSV.encode())}}),
    Action.UPLOAD: ("POST", "/api/documents",
                    {"files": [("files", ("note.md", b"# Note\n\n1. Wipe the fixture FX-30.\n"))]}),
    Action.REMOVE: ("POST", "/api/remove", {"json": {"source": "no-such-document.md"}}),
    Action.REINGEST: ("POST", "/api/reingest", {}),
    Action.MANAGE_USERS: ("GET", "/api/users", {}),
    Action.READ_AUDIT: ("GET", "/api/audit/verify", {}),
    Action.HEALTH: ("GET", "/api/health", {}),
}
# A release names a document that is not pending: allowed roles get a 404, not a 403.
CALLS[Action.RELEASE] = ("POST", "/api/documents/approve",
                         {"json": {"source": "no-such-document.md"}})


def test_every_action_has_a_route() -> None:
    assert set(CALLS) == set(Action)


@pytest.mark.parametrize("action", list(CALLS), ids=lambda a: a.value)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_role_x_action_on_the_server(plant: Plant, role: Role, action: Action) -> None:
    method, path, kwargs = CALLS[action]
    response = plant.client.request(method, path, headers=plant.as_role(role), **kwargs)
    if action in ROLE_ACTIONS[role]:
        assert response.status_code not in (401, 403), response.text
        assert response.status_code < 500, response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"] == "ForbiddenError"


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/ask"), ("GET", "/api/health"), ("POST", "/api/remove"),
    ("GET", "/api/documents"), ("POST", "/gradio_api/queue/join"),
    ("POST", "/gradio_api/call/remove_document"), ("POST", "/gradio_api/upload"),
    ("GET", "/config"), ("GET", "/gradio_api/info"), ("GET", "/gradio_api/queue/data"),
])
def test_anonymous_requests_are_refused_gradio_routes_included(plant: Plant, method: str,
                                                               path: str) -> None:
    response = plant.client.request(method, path, json={"data": ["cmms.csv", ""]})
    assert response.status_code == 401
    assert response.json()["error"] == "NotAuthenticatedError"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_bad_token_is_401_and_audited(plant: Plant) -> None:
    response = plant.client.get("/api/health", headers={"Authorization": "Bearer fct_forged"})
    assert response.status_code == 401
    assert plant.audit()[-1]["event"] == "login_failed"


def test_the_page_sends_a_browser_to_the_login_form(plant: Plant) -> None:
    response = plant.client.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2F"
    form = plant.client.get("/login?lang=ko")
    assert form.status_code == 200 and "로그인" in form.text and 'name="password"' in form.text


def test_login_cookie_then_logout(plant: Plant) -> None:
    client = TestClient(plant.client.app, raise_server_exceptions=False)
    bad = client.post("/login", data={"user": "trainer", "password": "wrong-password"},
                      follow_redirects=False)
    assert bad.status_code == 401 and "wrong" in bad.text
    ok = client.post("/login", data={"user": "trainer", "password": PASSWORD, "next": "/"},
                     follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "fc_session=" in cookie
    me = client.get("/api/me").json()
    assert me["user"] == "trainer" and me["role"] == "trainer"
    assert "view_training" in me["actions"] and "upload" not in me["actions"]
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 200  # the UI
    events = [e["event"] for e in plant.audit()[-3:]]
    assert "login_failed" in events and "login" in events
    client.get("/logout", follow_redirects=False)
    client.cookies.clear()
    assert client.get("/api/me").status_code == 401
    assert plant.audit()[-1]["event"] == "logout"


def test_a_redirect_after_login_never_leaves_the_server(plant: Plant) -> None:
    client = TestClient(plant.client.app)
    ok = client.post("/login", data={"user": "auditor", "password": PASSWORD,
                                     "next": "//evil.example/x"}, follow_redirects=False)
    assert ok.headers["location"] == "/"


def _gradio_call(plant: Plant, role: Role, api_name: str, data: list[Any]) -> str:
    headers = plant.as_role(role)
    start = plant.client.post(f"/gradio_api/call/{api_name}", headers=headers,
                              json={"data": data})
    assert start.status_code == 200, start.text
    return plant.client.get(f"/gradio_api/call/{api_name}/{start.json()['event_id']}",
                            headers=headers).text


def test_forged_gradio_events_are_refused_on_the_server(plant: Plant, tmp_path: Path) -> None:
    """A technician posts the UI's admin events straight to Gradio's API."""
    folder = write_plant(tmp_path / "more")
    before = len(plant.copilot.documents())
    out = _gradio_call(plant, Role.TECHNICIAN, "ingest_folder", [str(folder)])
    assert "may not upload" in out
    assert len(plant.copilot.documents()) == before
    out = _gradio_call(plant, Role.TECHNICIAN, "remove_document", ["cmms.csv", "", None])
    assert "event: error" in out or "may not remove" in out
    assert any(d["source"].endswith("cmms.csv") for d in plant.copilot.documents())
    # the same event from an admin goes through to the service (folder ingest is off here)
    assert "COPILOT_INGEST_ROOTS" in _gradio_call(plant, Role.ADMIN, "ingest_folder",
                                                  [str(folder)])


def test_technicians_see_only_their_own_training_records(plant: Plant) -> None:
    tech = plant.as_role(Role.TECHNICIAN)
    assert plant.client.get("/api/learn/progress", headers=tech).status_code == 200
    assert plant.client.get("/api/learn/progress", params={"trainee": "technician"},
                            headers=tech).status_code == 200
    other = plant.client.get("/api/learn/progress", params={"trainee": "T-0142"}, headers=tech)
    assert other.status_code == 403 and "only their own" in other.json()["detail"]
    assert plant.client.post("/api/learn/quiz", json={"station": "OP30", "trainee": "T-0142"},
                             headers=tech).status_code == 403
    trainer = plant.as_role(Role.TRAINER)
    assert plant.client.get("/api/learn/progress", params={"trainee": "T-0142"},
                            headers=trainer).status_code == 200


def test_asks_and_searches_are_audited_with_user_chunks_and_revisions(plant: Plant) -> None:
    tech = plant.as_role(Role.TECHNICIAN)
    assert plant.client.post("/api/ask", headers=tech,
                             json={"question": "OP30 housing bolt torque?"}).status_code == 200
    ask = plant.audit()[-1]
    assert ask["event"] == "ask" and ask["user"] == "technician" and ask["role"] == "technician"
    assert ask["question"] == "OP30 housing bolt torque?" and ask["citations"]
    assert all(c["chunk_id"] and "revision" in c for c in ask["citations"])
    plant.client.post("/api/search", headers=tech, json={"query": "lockout"})
    search = plant.audit()[-1]
    assert search["event"] == "search" and search["hits"][0]["chunk_id"]
    assert verify(plant.copilot.settings.log_dir / "audit.jsonl").ok


def test_removing_a_safety_procedure_needs_a_reason(plant: Plant) -> None:
    admin = plant.as_role(Role.ADMIN)
    source = next(d["source"] for d in plant.copilot.documents() if "LOTO" in d["source"])
    refused = plant.client.post("/api/remove", headers=admin, json={"source": source})
    assert refused.status_code == 422 and refused.json()["field"] == "reason"
    assert "safety content" in refused.json()["detail"]
    done = plant.client.post("/api/remove", headers=admin,
                             json={"source": source, "reason": "replaced by Rev C"})
    assert done.status_code == 200 and done.json()["chunks"] > 0
    entry = plant.audit()[-1]
    assert entry["event"] == "remove" and entry["reason"] == "replaced by Rev C"
    assert entry["safety"] is True and entry["user"] == "admin" and entry["chunk_ids"]
    plain = next(d["source"] for d in plant.copilot.documents() if d["source"].endswith(".csv"))
    assert not plant.copilot.is_safety_document(plain)


def test_folder_ingest_from_the_api_is_off_without_roots(plant: Plant) -> None:
    response = plant.client.post("/api/ingest", headers=plant.as_role(Role.ADMIN),
                                 json={"folder": "/etc"})
    assert response.status_code == 422 and "COPILOT_INGEST_ROOTS" in response.json()["detail"]


def test_security_headers(plant: Plant) -> None:
    api = plant.client.get("/api/health", headers=plant.as_role(Role.AUDITOR))
    page = plant.client.get("/login")
    for response in (api, page):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "no-referrer"
    assert api.headers["cache-control"] == "no-store"


def _small_app(tmp_path: Path, embedder: Embedder, **env: str) -> tuple[Copilot, TestClient]:
    settings = load_settings(env={"COPILOT_HOME": str(tmp_path / "home"), **env})
    copilot = Copilot(settings, embedder=embedder, generator=ScriptedGenerator("x"))
    return copilot, TestClient(create_app(copilot), raise_server_exceptions=False,
                               client=("127.0.0.1", 5000))


def test_rate_limit_per_user_with_retry_after(tmp_path: Path, embedder: Embedder) -> None:
    copilot, client = _small_app(tmp_path, embedder, COPILOT_RATE_BURST="3",
                                 COPILOT_RATE_PER_MINUTE="1")
    copilot.accounts.add("kim", Role.TECHNICIAN, PASSWORD)
    copilot.accounts.add("lee", Role.TECHNICIAN, PASSWORD)
    kim = {"Authorization": f"Bearer {copilot.accounts.new_token('kim')}"}
    lee = {"Authorization": f"Bearer {copilot.accounts.new_token('lee')}"}
    codes = [client.get("/api/me", headers=kim).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/me", headers=kim)
    assert int(limited.headers["retry-after"]) >= 1 and "kim" in limited.json()["detail"]
    assert client.get("/api/me", headers=lee).status_code == 200  # per user
    guesses = [client.get("/api/me", headers={"Authorization": "Bearer fct_guess"}).status_code
               for _ in range(4)]
    assert guesses == [401, 401, 401, 429]  # guessing tokens is limited per address
    copilot.close()


def test_trusted_proxy_header(tmp_path: Path, embedder: Embedder) -> None:
    copilot, client = _small_app(tmp_path, embedder, COPILOT_AUTH_PROXY_HEADER="X-Remote-User")
    copilot.accounts.add("qe1", Role.QUALITY_ENGINEER, None)
    me = client.get("/api/me", headers={"X-Remote-User": "qe1"})
    assert me.status_code == 200 and me.json()["role"] == "quality_engineer"
    assert client.get("/api/me", headers={"X-Remote-User": "stranger"}).status_code == 401
    untrusted = TestClient(client.app, client=("10.1.2.3", 5000))
    assert untrusted.get("/api/me", headers={"X-Remote-User": "qe1"}).status_code == 401
    copilot.close()


def test_proxy_users_are_provisioned_as_technicians_when_configured(
        tmp_path: Path, embedder: Embedder) -> None:
    copilot, client = _small_app(tmp_path, embedder, COPILOT_AUTH_PROXY_HEADER="X-Remote-User",
                                 COPILOT_AUTH_PROXY_PROVISION="1")
    me = client.get("/api/me", headers={"X-Remote-User": "new.hire"}).json()
    assert me["user"] == "new.hire" and me["role"] == "technician"
    copilot.close()


def test_without_accounts_loopback_keeps_the_local_operator(tmp_path: Path,
                                                            embedder: Embedder) -> None:
    copilot, client = _small_app(tmp_path, embedder)
    me = client.get("/api/me").json()
    assert me["user"] == "local" and me["role"] == "admin" and not me["login_required"]
    copilot.close()
    copilot, client = _small_app(tmp_path / "b", embedder, COPILOT_AUTH="required")
    assert client.get("/api/me").status_code == 401
    copilot.close()
