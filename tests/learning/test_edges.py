"""The CLI (parser + handlers, JSON contract) and the Learn tab's handlers, called directly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from copilot.cli import build_parser
from copilot.service import Copilot
from tests.conftest import REPO
from ui.learn_tab import MAX_QUESTIONS, LearnHandlers, QuizState
from ui.session import Session

pytestmark = pytest.mark.integration


def cli(app: Copilot, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    args = build_parser().parse_args(["learn", *argv])
    assert args.func(app, args) == 0
    return capsys.readouterr().out


def test_cli_quiz_json_then_answers(plant: Copilot, capsys: pytest.CaptureFixture[str],
                                    tmp_path: Path) -> None:
    data = json.loads(cli(plant, capsys, "quiz", "OP30", "--trainee", "T-0142", "--n", "8",
                          "--json", "--with-keys", "--seed", "0"))
    assert data["station"] == "OP30" and len(data["questions"]) == 8
    assert data["revisions"] == {"WI-OP30-001": "C", "WI-OP30-002": "B"}
    q0 = data["questions"][0]
    assert {"id", "kind", "prompt", "choices", "answer_type", "doc_id", "revision", "key",
            "chunk_id", "source", "quote"} <= set(q0)
    plain = json.loads(cli(plant, capsys, "quiz", "OP30", "--trainee", "T-0142", "--json",
                           "--seed", "0"))
    assert "key" not in plain["questions"][0]
    answers = {q["id"]: q["key"] for q in data["questions"]}
    answers[q0["id"]] = "wrong"
    f = tmp_path / "answers.json"
    f.write_text(json.dumps(answers), encoding="utf-8")
    result = json.loads(cli(plant, capsys, "quiz", "OP30", "--trainee", "T-CLI", "--answers",
                            str(f), "--json"))
    assert result["score"] == 0.875 and result["passed"]
    assert [r["correct"] for r in result["results"]].count(False) == 1
    assert all(r["source"] and r["chunk_id"] for r in result["results"])
    rows = json.loads(cli(plant, capsys, "progress", "--trainee", "T-CLI", "--json"))
    assert rows[0]["status"] == "passed"
    matrix = tmp_path / "training.csv"
    cli(plant, capsys, "progress", "--csv", str(matrix))
    assert "T-CLI,OP30,passed" in matrix.read_text(encoding="utf-8-sig")


def test_cli_briefing_text_and_json(plant: Copilot, capsys: pytest.CaptureFixture[str]) -> None:
    text = cli(plant, capsys, "briefing", "OP40")
    assert "Station briefing OP40" in text and "<WI-OP40-001 Rev C" in text
    data = json.loads(cli(plant, capsys, "briefing", "OP30", "--lang", "ko", "--json"))
    assert [s["key"] for s in data["sections"]][:3] == ["purpose", "ppe", "tools"]
    assert all(ln["chunk_id"] for s in data["sections"] for ln in s["lines"])


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-m", "copilot", "learn", "briefing", "OP30"],
                         env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "error: no current work instruction for station 'OP30' (known: none - ingest the "
        "work instructions first)"]


def test_ui_handlers(plant: Copilot) -> None:
    h = LearnHandlers(plant)
    assert h.stations()["choices"] == ["OP10", "OP20", "OP30", "OP40", "OP50", "OP60"]
    session = Session(lang="ko")
    html = h.briefing("OP30", session)
    assert "OP30 공정 브리핑" in html and "WI-OP30-002 Rev B" in html
    session.lang = "en"
    out = h.start("OP50", "T-UI", session)
    state = out[0]
    assert isinstance(state, QuizState) and len(state.questions) == MAX_QUESTIONS
    radios, boxes = out[1:1 + MAX_QUESTIONS], out[1 + MAX_QUESTIONS:1 + 2 * MAX_QUESTIONS]
    for r, b, q in zip(radios, boxes, state.questions, strict=True):
        assert r["visible"] == bool(q.choices) and b["visible"] == (not q.choices)
    values = [q.key if q.choices else "" for q in state.questions]
    values += ["" if q.choices else q.key for q in state.questions]
    result = h.submit(state, session, None, *values)
    assert "100%" in result and "Passed" in result
    assert state.questions[0].citation.locator.split(",")[0] in result
