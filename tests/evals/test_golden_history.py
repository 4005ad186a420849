"""Follow-up items: the golden loader keeps ``history`` and the runner asks with it."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from copilot.answering.request import Ask
from copilot.core.types import Answer
from copilot.retrieval import SearchResult
from evals.golden_format import load_golden
from evals.runner import run_items

pytestmark = pytest.mark.unit


def test_history_is_loaded_and_passed_to_the_ask(tmp_path: Path) -> None:
    golden = tmp_path / "f.jsonl"
    golden.write_text(json.dumps({"id": "f1", "question": "and for OP40?", "facts": ["12 Nm"],
                                  "history": ["OP30 plug torque?"]}) + "\n"
                      + json.dumps({"id": "f2", "question": "OP30 plug torque?"}) + "\n")
    items = load_golden(golden)
    assert [i.history for i in items] == [("OP30 plug torque?",), ()]
    asked: list[Ask] = []

    def ask(a: Ask) -> Answer:
        asked.append(a)
        return Answer(question=a.question, text="12 Nm")

    def search(*args: Any, **kwargs: Any) -> SearchResult:
        return SearchResult(query="", hits=())

    app: Any = SimpleNamespace(ask=ask, retriever=SimpleNamespace(search=search))
    results = run_items(app, items, 5, answers=False)
    assert [a.history for a in asked] == [("OP30 plug torque?",), ()]
    assert results[0].metrics["exact"] == 1.0
