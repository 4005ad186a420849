"""Access rules in the service itself, on a real index: folder ingest only inside the configured
roots (symlinks resolved), whose training records a caller may touch, per-user language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from copilot.api import create_app
from copilot.core.access import AccessScope, Principal, Role
from copilot.core.errors import ForbiddenError, MissingFieldError
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.integration

TECH = Principal("kim", Role.TECHNICIAN, AccessScope(frozenset({"everyone"})))
TRAINER = Principal("park", Role.TRAINER, AccessScope(frozenset({"everyone"})))
ADMIN = Principal("lee", Role.ADMIN)


@pytest.fixture
def rooted(tmp_path: Path, embedder: Embedder) -> Iterator[tuple[Copilot, Path]]:
    root = tmp_path / "plant-docs"
    (root / "wi").mkdir(parents=True)
    (root / "wi" / "WI-OP10-001.md").write_text(
        "# Press-fit\n\nDocument No.: WI-OP10-001\nRevision: A\n\n## Steps\n"
        "1. Press the bearing to 12 kN.\n", encoding="utf-8")
    settings = load_settings(env={"COPILOT_HOME": str(tmp_path / "home"),
                                  "COPILOT_INGEST_ROOTS": f"{root}:/nonexistent/other"})
    copilot = Copilot(settings, embedder=embedder, generator=ScriptedGenerator("x"))
    yield copilot, root
    copilot.close()


def test_folder_ingest_inside_the_roots_only(rooted: tuple[Copilot, Path],
                                             tmp_path: Path) -> None:
    copilot, root = rooted
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "vpn.txt").write_text("VPN password: hunter2", encoding="utf-8")
    with pytest.raises(MissingFieldError, match="COPILOT_INGEST_ROOTS") as refused:
        copilot.ingest_folder(str(hr), ADMIN)
    assert refused.value.field == "folder"
    (root / "escape").symlink_to(hr)  # a link inside the root that points out of it
    with pytest.raises(MissingFieldError, match="not inside"):
        copilot.ingest_folder(str(root / "escape"), ADMIN)
    with pytest.raises(MissingFieldError):
        copilot.ingest_folder(str(root / ".." / "hr"), ADMIN)
    with pytest.raises(ForbiddenError):
        copilot.ingest_folder(str(root), TECH)
    report = copilot.ingest_folder(str(root / "wi"), ADMIN)
    assert report.summary()["added"] == 1
    assert not any("vpn" in d["source"] for d in copilot.documents())


def test_whose_training_records(rooted: tuple[Copilot, Path]) -> None:
    copilot, _ = rooted
    assert copilot.trainee_of(TECH, None) == "kim"
    assert copilot.trainee_of(TECH, "kim") == "kim"
    with pytest.raises(ForbiddenError, match="only their own"):
        copilot.trainee_of(TECH, "T-0142")
    assert copilot.trainee_of(TRAINER, "T-0142") == "T-0142"
    assert copilot.training_progress(None, TECH) == []
    with pytest.raises(ForbiddenError):
        copilot.training_progress("T-0142", TECH)


def test_each_user_keeps_their_language(rooted: tuple[Copilot, Path]) -> None:
    copilot, _ = rooted
    copilot.accounts.add("kim", Role.TECHNICIAN, "password-1")
    assert copilot.language_of(TECH) == ""
    copilot.remember_language(TECH, "ko")
    assert copilot.language_of(TECH) == "ko"


def test_login_and_api_bodies_are_limited(rooted: tuple[Copilot, Path]) -> None:
    copilot, _ = rooted
    copilot.accounts.add("kim", Role.TECHNICIAN, "password-1")
    client = TestClient(create_app(copilot), raise_server_exceptions=False)
    huge = client.post("/login", content=b"user=" + b"x" * 2_000_000,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413 and huge.json()["field"] == "body"
    assert client.post("/api/login", json={"user": "kim", "password": "password-1"}
                       ).json()["role"] == "technician"
    assert client.get("/api/me").json()["user"] == "kim"  # the cookie from /api/login
