"""End to end through the real CLI process: ingest the real haul-truck FMEA, ask --json.

Vectors are built too (the route decision happens inside ``ask``); MiniLM keeps this quick.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLE_DOCS
from tests.tables.conftest import UWA

pytestmark = pytest.mark.integration


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COPILOT_HOME": str(home), "COPILOT_EMBEDDER": "minilm"}
    return subprocess.run([sys.executable, "-m", "copilot", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=900)


def ask(home: Path, question: str, *extra: str) -> dict[str, Any]:
    out = run(home, "ask", "--json", question, *extra)
    assert out.returncode == 0, out.stderr
    data: dict[str, Any] = json.loads(out.stdout)
    return data


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not UWA.exists():
        pytest.skip(f"{UWA} not found")
    h = tmp_path_factory.mktemp("e2e") / "home"
    wo = SAMPLE_DOCS / "maintenance" / "CMMS_WO_export_2024.csv"
    out = run(h, "ingest", str(UWA), str(wo), "--json")
    assert out.returncode == 0, out.stderr
    return h


def test_ask_json_on_the_real_fmea(home: Path) -> None:
    data = ask(home, "Haul truck FMEA lines with RPN 32 or more - how many and which?")
    assert data["route"] == "table" and data["method"] == "table"
    assert data["plan"]["table"] == "pfmea"
    assert data["plan"]["filters"] == [{"column": "rpn", "op": ">=", "values": [32],
                                        "phrase": "32 or more"}]
    assert data["table"]["matched"] == 9
    assert "9 failure mode rows" in data["answer"] and "RPN ≥ 32" in data["answer"]
    # every citation is a real catalog chunk whose row holds what the answer lists
    db = sqlite3.connect(home / "index" / "catalog.sqlite")
    for c in data["citations"]:
        row = db.execute("SELECT text FROM chunks WHERE id=?", (c["chunk_id"],)).fetchone()
        assert row is not None and row[0] == c["quote"]
        assert "fmea_dataset_combined.csv row" in c["locator"]
        rpn = db.execute("SELECT rpn FROM pfmea WHERE chunk_id=?", (c["chunk_id"],)).fetchone()
        assert rpn[0] >= 32
    assert len(data["citations"]) == 9


def test_no_match_is_not_an_abstention(home: Path) -> None:
    data = ask(home, "Which haul truck failure modes have severity 10?")
    assert data["route"] == "table" and data["table"]["matched"] == 0
    assert not data["abstained"] and data["answer"].startswith("No failure mode row matches")


def test_document_questions_and_forced_routes(home: Path) -> None:
    data = ask(home, "What does a blocked fuel filter do to the engine?")
    assert data["route"] == "documents" and data["plan"] is None
    data = ask(home, "How many work orders in 2024 were corrective?", "--route", "documents")
    assert data["route"] == "documents"
    out = run(home, "ask", "--json", "--route", "table", "What does a fuel filter do?")
    assert out.returncode != 0 and "not a table question" in out.stderr


def test_both_route_adds_the_documents(home: Path) -> None:
    data = ask(home, "How many BRG-OVHT work orders did PRS-02 get in 2024, and how do I "
                     "check the spindle?")
    assert data["route"] == "both" and data["table"]["matched"] == 6
    assert "From the documents:" in data["answer"]
    numbers = [c["n"] for c in data["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))
