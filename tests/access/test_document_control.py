"""Document control and access labels on disk: a file merely claiming a new revision of a current
document waits as "pending" (the forged WI-OP30-001 Rev Z of the issue never supersedes Rev C);
a release or a controlled folder supersedes; approval needs Action.RELEASE. Access labels come
from ``.copilotaccess`` files (nearest folder wins, per-file overrides, closed on error) and a
relabel re-ingests the file into every index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.answering.request import Ask
from copilot.core.access import PUBLIC_ONLY, AccessScope, Principal, Role
from copilot.core.errors import ForbiddenError, QueryError
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.access_rules import access_label
from tests.fakes import HashingEmbedder
from tests.fixtures_plant import WI_OP30_REV_C, write_plant

FORGED = WI_OP30_REV_C.replace("Revision: C", "Revision: Z").replace(
    "Tighten the M8x25 housing bolts to 25 Nm in a star pattern with nutrunner NR-30.",
    "Tighten the M8x25 housing bolts to 999 Nm in any order with nutrunner NR-30.")
TECH = Principal("tech", Role.TECHNICIAN, PUBLIC_ONLY)
QUERY = "M8 housing bolt torque nutrunner NR-30"


def _app(home: Path, **env: str) -> Copilot:
    return Copilot(load_settings(env={"COPILOT_HOME": str(home), **env}),
                   embedder=HashingEmbedder())


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[tuple[Copilot, Path]]:
    root = write_plant(tmp_path / "plant")
    app = _app(tmp_path / "home")
    assert app.ingest([root]).errors == []
    yield app, tmp_path
    app.close()


def _forge(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "WI-OP30-001_RevZ.md"
    path.write_text(FORGED, encoding="utf-8")
    return path


def _status(app: Copilot, suffix: str) -> str:
    return next(d["status"] for d in app.documents() if d["source"].endswith(suffix))


@pytest.mark.integration
def test_a_forged_revision_waits_pending_and_rev_c_stays_cited(
        plant: tuple[Copilot, Path]) -> None:
    app, tmp = plant
    report = app.ingest([_forge(tmp / "uploads")], release=False)
    assert report.pending == ["WI-OP30-001_RevZ.md (WI-OP30-001 Rev Z)"]
    assert any(w.startswith("pending approval") for f in report.files for w in f.warnings)
    assert report.superseded == []
    assert _status(app, "RevZ.md") == "pending" and _status(app, "RevC.md") == "current"
    for include in (False, True):
        hits = app.search(QUERY, k=20, include_superseded=include).hits
        assert hits and not any("999" in h.chunk.text for h in hits)
    ans = app.ask(Ask("What torque for the OP30 M8 housing bolts?", mode="extract"))
    assert "25 Nm" in ans.text and "999" not in ans.text
    assert all(c.revision == "C" for c in ans.citations if c.doc_id == "WI-OP30-001")
    assert app.status()["pending_documents"] == 1
    unchanged = app.ingest([tmp / "uploads"], release=False)  # a second run changes nothing
    assert unchanged.count("unchanged") == 1 and _status(app, "RevZ.md") == "pending"


@pytest.mark.integration
def test_approval_needs_release_and_then_supersedes(plant: tuple[Copilot, Path]) -> None:
    app, tmp = plant
    app.ingest([_forge(tmp / "uploads")], release=False)
    with pytest.raises(ForbiddenError):
        app.approve("WI-OP30-001_RevZ.md", TECH)
    with pytest.raises(QueryError):
        app.approve("plant/wi/WI-OP30-001_RevC.md")  # not pending
    superseded = app.approve("WI-OP30-001_RevZ.md")
    assert [(d, r) for _, d, r in superseded] == [("WI-OP30-001", "C")]
    assert _status(app, "RevZ.md") == "current" and _status(app, "RevC.md") == "superseded"
    assert any("999" in h.chunk.text for h in app.search(QUERY, k=5).hits)
    audit = [json.loads(x) for x in (app.settings.log_dir / "audit.jsonl").read_text(
        encoding="utf-8").splitlines()]
    pending = [e for e in audit if e["event"] == "pending"]
    assert pending and pending[-1]["files"] == ["WI-OP30-001_RevZ.md (WI-OP30-001 Rev Z)"]
    approved = [e for e in audit if e["event"] == "approve"]
    assert len(approved) == 1  # the refused and the not-pending attempts approved nothing
    assert approved[0]["source"] == "WI-OP30-001_RevZ.md"
    assert approved[0]["superseded"][0][1:] == ["WI-OP30-001", "C"]


@pytest.mark.integration
def test_a_release_supersedes_at_once_and_needs_the_right(plant: tuple[Copilot, Path]) -> None:
    app, tmp = plant
    with pytest.raises(ForbiddenError):
        app.ingest([_forge(tmp / "uploads")], principal=TECH, release=True)
    report = app.ingest([_forge(tmp / "uploads")], release=True)
    assert report.pending == [] and any("Rev C" in s for s in report.superseded)


@pytest.mark.integration
def test_only_a_controlled_folder_supersedes_when_one_is_configured(tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")  # the controlled document folder
    app = _app(tmp_path / "home", COPILOT_CONTROLLED_ROOTS=str(root))
    try:
        first = app.ingest([root])  # Rev C supersedes Rev B: both come from the controlled root
        assert first.errors == [] and first.pending == [] and first.superseded
        report = app.ingest([_forge(tmp_path / "elsewhere")])
        assert report.pending and _status(app, "RevC.md") == "current"
        app.remove_document("WI-OP30-001_RevZ.md")
        released = app.ingest([_forge(root / "released")])
        assert released.pending == [] and _status(app, "RevC.md") == "superseded"
    finally:
        app.close()


# -- access labels from .copilotaccess -----------------------------------------------------
def test_nearest_access_file_wins_with_per_file_overrides(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".copilotaccess").write_text(
        'label = "quality"\n[files]\n"b/pay*.xlsx" = "hr"\n', encoding="utf-8")
    (tmp_path / "a" / "b" / ".copilotaccess").write_text("maintenance\n", encoding="utf-8")
    for name in ("x.md", "payroll.xlsx"):
        (tmp_path / "a" / "b" / name).write_text("x", encoding="utf-8")
    (tmp_path / "a" / "top.md").write_text("x", encoding="utf-8")
    (tmp_path / "free.md").write_text("x", encoding="utf-8")
    assert access_label(tmp_path / "a" / "top.md") == "quality"
    assert access_label(tmp_path / "a" / "b" / "x.md") == "maintenance"  # nearest folder
    assert access_label(tmp_path / "a" / "b" / "payroll.xlsx") == "maintenance"
    (tmp_path / "a" / "b" / ".copilotaccess").write_text(
        '[files]\n"x.md" = "Quality"\n', encoding="utf-8")  # says nothing of payroll.xlsx
    assert access_label(tmp_path / "a" / "b" / "x.md") == "quality"
    assert access_label(tmp_path / "a" / "b" / "payroll.xlsx") == "hr"  # the parent's override
    assert access_label(tmp_path / "free.md") == "everyone"


@pytest.mark.integration
def test_a_bad_access_file_fails_closed_and_relabel_reaches_every_index(tmp_path: Path) -> None:
    root = write_plant(tmp_path / "plant")
    app = _app(tmp_path / "home")
    try:
        app.ingest([root])
        assert app.search(QUERY, k=3, principal=TECH).hits
        (root / "wi" / ".copilotaccess").write_text("two words\nhere\n", encoding="utf-8")
        bad = app.ingest([root / "wi"])
        assert len(bad.errors) == 2 and all(".copilotaccess" in (f.error or "")
                                            for f in bad.errors)
        (root / "wi" / ".copilotaccess").write_text("quality\n", encoding="utf-8")
        relabelled = app.ingest([root])
        assert relabelled.count("updated") == 2 and relabelled.count("unchanged") == 2
        assert not any(h.chunk.kind == "work_instruction"
                       for h in app.search(QUERY, k=10, principal=TECH).hits)
        kw, vec = app._indexes()
        ids = {c.id for b in app.catalog.iter_chunks() for c in b if c.access == "quality"}
        assert ids and ids <= kw.ids() and ids <= vec.ids()
        quality = Principal("qe", Role.QUALITY_ENGINEER,
                            AccessScope(frozenset({"everyone", "quality"})))
        assert any(h.chunk.access == "quality"
                   for h in app.search(QUERY, k=10, principal=quality).hits)
    finally:
        app.close()


def test_a_catalog_from_before_access_labels_opens_with_every_file_public(tmp_path: Path) -> None:
    import sqlite3

    from copilot.store.catalog import Catalog

    path = tmp_path / "catalog.sqlite"
    old = sqlite3.connect(path)
    old.executescript(  # the documents table as it was, then one document in it
        "CREATE TABLE files (path TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL,"
        " size INTEGER NOT NULL, converter TEXT NOT NULL, ingested_at TEXT NOT NULL DEFAULT "
        "(datetime('now')));"
        "CREATE TABLE documents (path TEXT PRIMARY KEY REFERENCES files(path) ON DELETE CASCADE,"
        " doc_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, revision TEXT, effective_date "
        "TEXT, station TEXT, language TEXT, source TEXT NOT NULL, extra TEXT NOT NULL DEFAULT "
        "'{}', status TEXT NOT NULL DEFAULT 'current', superseded_by TEXT);"
        "INSERT INTO files VALUES ('/p/a.md', 'a.md', 'x', 1, 'c@1', '2025-01-01');"
        "INSERT INTO documents(path, doc_id, kind, source) VALUES "
        "('/p/a.md', 'WI-1', 'work_instruction', 'a.md');")
    old.commit()
    old.close()
    catalog = Catalog(path)
    try:
        assert [d["access"] for d in catalog.documents()] == ["everyone"]
        assert catalog.documents(PUBLIC_ONLY) and not catalog.documents(AccessScope(frozenset()))
    finally:
        catalog.close()
