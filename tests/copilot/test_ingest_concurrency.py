"""Questions keep working while an ingest runs: search, ask, status and document list answer from
the last committed files; a second writer (ingest or remove) waits for the first.

The ingest is held in the middle of embedding by a gate around the real embedder, so the test
does not depend on timing: before the fix (one lock for the whole run) every call below blocked
until the gate opened and the test failed on its timeout."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from copilot.answering.request import Ask
from copilot.core.settings import Settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder, Matrix
from tests.conftest import SAMPLE_DOCS

pytestmark = pytest.mark.integration

WAIT = 60.0  # seconds a call may take before it counts as blocked by the ingest


class GatedEmbedder(Embedder):
    """The real embedder; document batches wait at the gate once it is closed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.closed = False
        self.reached = threading.Event()
        self.gate = threading.Event()

    def warm_up(self) -> None:
        self.inner.warm_up()

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> Matrix:
        if self.closed and not query:
            self.reached.set()
            assert self.gate.wait(WAIT * 3), "test gate never opened"
        return self.inner.embed_batch(texts, query=query)


def _within(fn: Callable[[], Any], seconds: float = WAIT) -> Any:
    """fn's result, or a failure when it did not return in time (blocked by the ingest)."""
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, f"{getattr(fn, '__name__', fn)} waited for the running ingest"
    return out[0]


def _new_instruction(folder: Path) -> Path:
    path = folder / "WI-OP70-001_Rotor_Balancing.md"
    path.write_text("# WI-OP70-001 Rotor balancing\n\n## Procedure\n\n1. Mount the rotor on "
                    "balancer BAL-07 and run at 1,200 rpm.\n2. Residual unbalance must be below "
                    "0.5 g·mm.\n", encoding="utf-8")
    return path


@pytest.fixture
def gated(settings: Settings, embedder: Embedder) -> Iterator[tuple[Copilot, GatedEmbedder]]:
    gate = GatedEmbedder(embedder)
    app = Copilot(settings, embedder=gate)
    app.ingest([SAMPLE_DOCS / "work_instructions" / "WI-OP40-001_Leak_Test_Housing_Coolant_Jacket.md"])
    yield app, gate
    gate.gate.set()
    app.close()


def test_questions_are_answered_while_an_ingest_is_running(
    gated: tuple[Copilot, GatedEmbedder], tmp_path: Path
) -> None:
    app, gate = gated
    new = _new_instruction(tmp_path)
    gate.closed = True
    report: list[Any] = []
    run = threading.Thread(target=lambda: report.append(app.ingest([new])), daemon=True)
    run.start()
    assert gate.reached.wait(WAIT), "the ingest never started embedding"

    hits = _within(lambda: app.search("leak test pressure", k=3)).hits
    assert hits and "OP40" in hits[0].chunk.doc_id
    answer = _within(lambda: app.ask(Ask("What is the leak test pressure at OP40?")))
    assert answer.citations
    assert _within(app.status)["documents"] == 1  # the file being ingested is not committed yet
    assert _within(app.documents)
    assert run.is_alive(), "the ingest finished early: nothing was tested"

    gate.gate.set()
    run.join(WAIT)
    assert report and report[0].summary()["added"] == 1
    hits = app.search("rotor balancing residual unbalance", k=3).hits
    assert hits and hits[0].chunk.doc_id.startswith("WI-OP70-001")


def test_a_second_writer_waits_for_the_running_ingest(
    gated: tuple[Copilot, GatedEmbedder], tmp_path: Path
) -> None:
    app, gate = gated
    new = _new_instruction(tmp_path)
    gate.closed = True
    run = threading.Thread(target=lambda: app.ingest([new]), daemon=True)
    run.start()
    assert gate.reached.wait(WAIT)
    removed: list[int] = []
    source = app.documents()[0]["source"]
    remover = threading.Thread(target=lambda: removed.append(app.remove_document(source)),
                               daemon=True)
    remover.start()
    remover.join(1.0)
    assert remover.is_alive() and not removed  # waits: one writer at a time
    gate.gate.set()
    run.join(WAIT)
    remover.join(WAIT)
    assert removed and removed[0] > 0
