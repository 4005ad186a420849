"""Training records: a new WI revision marks trainees for re-training; CSV training matrix."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from copilot.core.errors import QueryError
from copilot.service import Copilot
from tests.fixtures_plant import WI_OP30_REV_C, write_plant

pytestmark = pytest.mark.integration


def _pass(app: Copilot, trainee: str) -> None:
    quiz = app.learning.quiz("OP30", trainee, n=8)
    assert quiz.questions
    result = app.learning.grade("OP30", trainee, {q.id: q.key for q in quiz.questions})
    assert result.passed and result.score == 1.0


def test_new_revision_marks_trainee_for_retraining(app: Copilot, tmp_path: Path) -> None:
    """Real embedder, real ingest: Rev C passed, then Rev D is ingested."""
    root = write_plant(tmp_path / "plant")
    app.ingest([root])
    _pass(app, "T-0142")
    failed = app.learning.quiz("OP30", "T-0007", n=8)
    app.learning.grade("OP30", "T-0007", {q.id: "0 bar" for q in failed.questions})
    status = {r.trainee: r for r in app.learning.progress()}
    assert status["T-0142"].status == "passed"
    assert status["T-0142"].revisions == {"WI-OP30-001": "C"}
    assert status["T-0007"].status == "not_passed"

    rev_d = WI_OP30_REV_C.replace("Revision: C", "Revision: D").replace("25 Nm", "27 Nm")
    (root / "wi" / "WI-OP30-001_RevD.md").write_text(rev_d, encoding="utf-8")
    app.ingest([root])
    row = app.learning.progress("T-0142")[0]
    assert row.status == "retrain" and row.changed == ("WI-OP30-001 C -> D",)
    assert all(q.revision == "D" for q in app.learning.questions("OP30"))

    out = tmp_path / "training.csv"
    assert app.learning.export_csv(out) == 2
    with out.open(encoding="utf-8-sig") as f:
        rows = {r["trainee"]: r for r in csv.DictReader(f)}
    assert rows["T-0142"]["status"] == "retrain"
    assert rows["T-0142"]["changed_documents"] == "WI-OP30-001 C -> D"

    _pass(app, "T-0142")  # retaking on Rev D clears it
    assert app.learning.progress("T-0142")[0].status == "passed"
    assert app.learning.progress("T-0142")[0].attempts == 2
    assert (app.settings.home / "learning.sqlite").is_file()


def test_stale_question_ids_and_bad_trainee_are_clear_errors(app: Copilot,
                                                             tmp_path: Path) -> None:
    app.ingest([write_plant(tmp_path / "plant")])
    with pytest.raises(QueryError, match="take a new quiz"):
        app.learning.grade("OP30", "T-1", {"deadbeef": "25 Nm"})
    q = app.learning.quiz("OP30", n=1).questions[0]
    with pytest.raises(QueryError, match="trainee id"):
        app.learning.grade("OP30", "  ", {q.id: q.key})
