"""Folder walks never leave their root, and every input left out is listed with its reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from copilot.service import Copilot
from copilot.store.ingest import discover_all

pytestmark = pytest.mark.integration
WI = "Document No.: WI-D1\nRevision: A\n\n## 4. Procedure\n1. Check the torque of bolt {n}.\n"


def _hostile_tree(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("SECRET salary table", encoding="utf-8")
    root = tmp_path / "plant"
    (root / "wi").mkdir(parents=True)
    (root / "wi" / "a.md").write_text(WI.format(n=1), encoding="utf-8")
    (root / "link_secret.md").symlink_to(outside / "secret.md")
    (root / "link_outdir").symlink_to(outside, target_is_directory=True)
    (root / "link_up").symlink_to(tmp_path, target_is_directory=True)
    (root / "dangling.md").symlink_to(root / "nope.md")
    (root / "link_inside.md").symlink_to(root / "wi" / "a.md")
    (root / ".hidden.md").write_text(WI.format(n=2), encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config.md").write_text(WI.format(n=3), encoding="utf-8")
    (root / "~$a.docx").write_bytes(b"lock")
    (root / "drafts").mkdir()
    (root / "drafts" / "d.md").write_text(WI.format(n=4), encoding="utf-8")
    (root / "x.tmp").write_text("scratch", encoding="utf-8")
    (root / ".copilotignore").write_text("# comment\ndrafts\n*.tmp\n", encoding="utf-8")
    os.mkfifo(root / "pipe.md")
    return root


def test_walk_stays_inside_and_lists_every_skip(tmp_path: Path) -> None:
    root = _hostile_tree(tmp_path)
    d = discover_all([root])
    assert [s.relpath for _, s in d.files] == ["plant/wi/a.md"]
    why = {Path(f.source).name: f.reason or "" for f in d.skipped}
    assert all(f.status == "skipped" for f in d.skipped)
    assert "outside the folder" in why["link_secret.md"] and "secret.md" in why["link_secret.md"]
    assert "outside the folder" in why["link_outdir"]
    assert "outside the folder" in why["link_up"]
    assert "does not exist" in why["dangling.md"]
    assert "ingested from its real place" in why["link_inside.md"]
    assert "hidden file" in why[".hidden.md"] and "hidden folder" in why[".git"]
    assert "Office lock file" in why["~$a.docx"]
    assert "'drafts' in .copilotignore" in why["drafts"]
    assert "'*.tmp' in .copilotignore" in why["x.tmp"]
    assert "not a regular file" in why["pipe.md"]
    assert len(d.skipped) == 11


def test_a_file_named_explicitly_is_taken_as_given(tmp_path: Path) -> None:
    root = _hostile_tree(tmp_path)
    d = discover_all([root / "wi" / "a.md"])
    assert [s.relpath for _, s in d.files] == ["a.md"] and d.skipped == []


def test_ingest_reports_skips_and_never_indexes_outside_files(app: Copilot,
                                                            tmp_path: Path) -> None:
    root = _hostile_tree(tmp_path)
    report = app.ingest([root])
    assert report.count("added") == 1 and report.errors == []
    assert report.summary()["skipped"] == 11
    texts = [c.text for batch in app.catalog.iter_chunks() for c in batch]
    assert texts and not any("SECRET" in t for t in texts)
