"""CLI JSON contract (later evaluations depend on it) and exit codes, through a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration

HIT_KEYS = {"rank", "chunk_id", "doc_id", "kind", "source", "locator", "text", "score", "metadata"}


def run(home: Path, *args: str, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COPILOT_HOME": str(home), **(env or {})}
    return subprocess.run([sys.executable, "-m", "copilot", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=600, input=stdin)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cli")
    root = write_plant(base / "plant")
    (root / "broken.xlsx").write_bytes(b"not a workbook")
    home = base / "home"
    out = run(home, "ingest", str(root), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["summary"]["added"] == 4 and report["summary"]["failed"] == 1
    assert report["errors"][0]["source"].endswith("broken.xlsx")
    assert "broken.xlsx" in report["errors"][0]["error"]
    return home


def test_search_json_contract(indexed: Path) -> None:
    out = run(indexed, "search", "spindle bearing overheating on the OP20 press", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"query", "hits", "timings_ms"}
    assert data["hits"], "expected hits"
    for n, hit in enumerate(data["hits"], start=1):
        assert set(hit) == HIT_KEYS
        assert hit["rank"] == n
        assert hit["locator"]
        assert hit["kind"] in {"work_instruction", "pfmea", "maintenance_log"}
    assert data["timings_ms"]["total"] > 0


def test_search_filters_by_kind_and_where(indexed: Path) -> None:
    out = run(indexed, "search", "bearing", "--kind", "maintenance_log", "--where",
              "station=op20", "--json")
    hits = json.loads(out.stdout)["hits"]
    assert hits and all(h["kind"] == "maintenance_log" for h in hits)
    assert all(h["metadata"]["station"] == "OP20" for h in hits)


def test_queries_file_gives_json_lines(indexed: Path, tmp_path: Path) -> None:
    qf = tmp_path / "q.txt"
    qf.write_text("housing bolt torque\n\ncoolant leak OP40\n스핀들 베어링 과열\n", encoding="utf-8")
    out = run(indexed, "search", "--queries-file", str(qf), "--json", "-k", "3")
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["query"] for x in lines] == ["housing bolt torque", "coolant leak OP40",
                                           "스핀들 베어링 과열"]
    assert all(len(x["hits"]) <= 3 for x in lines)


def test_status_json(indexed: Path) -> None:
    data = json.loads(run(indexed, "status", "--json").stdout)
    assert data["documents"] == 4
    assert data["superseded_documents"] == 1
    assert set(data["chunks"]) == {"work_instruction", "pfmea", "maintenance_log"}
    assert data["models"]["embedder"] == "e5-small"
    assert data["index"]["bm25"] == data["index"]["vector"] == sum(data["chunks"].values())


def test_exit_code_2_when_nothing_could_be_ingested(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.xlsx").write_bytes(b"junk")
    (bad / "b.md").write_bytes(b"")
    out = run(tmp_path / "home", "ingest", str(bad))
    assert out.returncode == 2
    assert "a.xlsx" in out.stderr and "b.md" in out.stderr


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    out = run(tmp_path / "home", "ingest", str(tmp_path / "nope"))
    assert out.returncode == 1
    assert out.stderr.strip().startswith("error: path not found")
    assert "Traceback" not in out.stderr
    out = run(tmp_path / "home", "search", "   ")
    assert out.returncode == 1 and "empty" in out.stderr


def test_approve_releases_a_pending_revision(tmp_path: Path) -> None:
    from tests.access.test_document_control import FORGED

    root = write_plant(tmp_path / "plant")
    home = tmp_path / "home"
    env = {"COPILOT_CONTROLLED_ROOTS": str(root)}
    assert run(home, "ingest", str(root), env=env).returncode == 0
    forged = tmp_path / "elsewhere" / "WI-OP30-001_RevZ.md"
    forged.parent.mkdir()
    forged.write_text(FORGED, encoding="utf-8")
    out = run(home, "ingest", str(forged), "--json", env=env)
    assert json.loads(out.stdout)["summary"]["pending"] == 1, out.stdout
    denied = run(home, "approve", "plant/wi/WI-OP30-001_RevC.md", env=env)
    assert denied.returncode == 1 and "not waiting for approval" in denied.stderr
    out = run(home, "approve", "WI-OP30-001_RevZ.md", "--json", env=env)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert [(s["doc_id"], s["revision"]) for s in got["superseded"]] == [("WI-OP30-001", "C")]
    status = json.loads(run(home, "status", "--json", env=env).stdout)
    assert status["pending_documents"] == 0
