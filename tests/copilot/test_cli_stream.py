"""``copilot ask`` prints the answer as it is verified, before the model has finished."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from copilot.cli import build_parser, cmd_ask
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.answering.test_answerer import plant_home  # noqa: F401 - fixture
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.integration

REPLY = ("Tighten the M8x25 housing bolts to 25 Nm [1]. "
         "Use a star pattern with nutrunner NR-30 [1].")


def test_ask_prints_the_first_sentence_while_the_model_still_writes(
        plant_home: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    hold = threading.Event()
    gen = ScriptedGenerator(REPLY, hold=hold)
    app = Copilot(load_settings(env={"COPILOT_HOME": str(plant_home)}), embedder=embedder,
                  generator=gen)
    args = build_parser().parse_args(
        ["ask", "What torque for the OP30 M8 housing bolts?", "--mode", "generate"])
    worker = threading.Thread(target=cmd_ask, args=(app, args))
    printed = ""
    try:
        worker.start()
        # poll what the CLI printed so far: the first sentence, while the model is held
        while "25 Nm" not in printed and worker.is_alive():
            hold.wait(0.1)
            printed += capsys.readouterr().out
        assert "25 Nm" in printed
        assert "star pattern" not in printed and "  [1] " not in printed
    finally:
        hold.set()
        worker.join(timeout=120)
        app.close()
    printed += capsys.readouterr().out
    assert "star pattern" in printed
    # the citations come after the text
    assert printed.index("star pattern") < printed.index("  [1] "), printed
