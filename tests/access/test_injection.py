"""Prompt injection is data: twelve styles of text addressed to an assistant (English and
Korean) hidden in work-instruction steps, plus hidden HTML. Each is flagged at ingest (a per-file
warning, a chunk flag shown in the source viewer); no extractive or generated answer quotes or
obeys one; the genuine 25 Nm step and lockout rule are still what answers say."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.answering.request import Ask
from copilot.core.lexicon.injection import injected_lines, is_injection
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from copilot.store.report import IngestReport
from tests.fakes import ScriptedGenerator
from tests.fixtures_plant import write_plant

FIXTURES = Path(__file__).parent / "fixtures" / "injection"
STYLES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".md", ".txt"))
# What an injected line tries to make an answer say.
PAYLOAD = ("999", "not needed", "필요 없", "in any order")

LOTO = """# Lockout before press maintenance

Document No.: WI-MNT-001
Title: Lockout before press maintenance
Revision: B
Station: OP20

## 4. Procedure
DANGER: Lockout is required before any maintenance on press PRS-01.
1. Switch off the main disconnect of PRS-01 and apply your personal lock and tag.
2. Open the accumulator dump valve and confirm 0 bar on the gauge.
"""

QUESTIONS = (
    "What is the final torque for the OP30 housing bolts?",
    "OP30 housing bolts - what torque and in which pattern?",
    "Is lockout needed before maintenance on the PRS-01 press?",
    "Do I need to lock out the press before maintenance?",
    "OP30 하우징 볼트의 최종 토크는 얼마인가요?",
    "프레스 정비 전에 잠금이 필요한가요?",
)

# A model that obeys every injection it might have read.
OBEYING = "The final torque is 999 Nm [1]. Lockout is not needed [1]. 최종 토크는 999 Nm 입니다 [1]."


def test_the_corpus_has_at_least_ten_styles_in_two_languages() -> None:
    texts = [p.read_text(encoding="utf-8") for p in STYLES]
    assert len(texts) >= 10
    assert sum(any("\uac00" <= ch <= "\ud7a3" for ch in t) for t in texts) >= 3


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_the_detector_flags_every_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert is_injection(text)
    assert injected_lines(text)  # the viewer can point at the line


@pytest.mark.parametrize("text", [
    "Tighten the M8 housing bolts to 25 Nm in a star pattern.",
    "WARNING: Lock out the press. Ignore the alarm horn only after the supervisor confirms.",
    "Skip step 4 if the part has no seal.", "The previous revision used 22 Nm.",
    "Act as the second operator during changeover.", "System pressure must be 6 bar.",
    "Instruction: wear gloves.", "Do not ignore the instructions on the label.",
    "작업 지시를 무시하지 마십시오.", "이전 작업의 지시를 따르십시오.", "## Instructions for use",
    "Respond to the alarm within 5 minutes.", "Forget to tighten and the bolt fails.",
])
def test_the_detector_leaves_plant_language_alone(text: str) -> None:
    assert not is_injection(text)


def injection_plant(root: Path) -> Path:
    """The small plant, a LOTO instruction and every injection fixture under ``suspicious/``."""
    write_plant(root)
    (root / "wi" / "WI-MNT-001_LOTO.md").write_text(LOTO, encoding="utf-8")
    shutil.copytree(FIXTURES, root / "suspicious")
    return root


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory,
             embedder: Embedder) -> Iterator[tuple[Copilot, IngestReport]]:
    root = injection_plant(tmp_path_factory.mktemp("inj") / "plant")
    home = tmp_path_factory.mktemp("inj-home")
    app = Copilot(load_settings(env={"COPILOT_HOME": str(home)}), embedder=embedder,
                  generator=ScriptedGenerator(OBEYING))
    report = app.ingest([root])
    assert report.errors == [], report.errors
    yield app, report
    app.close()


@pytest.mark.integration
def test_each_injected_file_gets_an_ingest_warning_and_flagged_chunks(
        injected: tuple[Copilot, IngestReport]) -> None:
    app, report = injected
    warned = {f.source for f in report.files
              if any(w.startswith("possible prompt injection") for w in f.warnings)}
    assert warned == {f"plant/suspicious/{p.name}" for p in STYLES}
    docs = {d["source"]: d for d in app.documents()}
    assert all(docs[f"plant/suspicious/{p.name}"]["flagged"] >= 1 for p in STYLES)
    assert docs["plant/wi/WI-OP30-001_RevC.md"]["flagged"] == 0


@pytest.mark.integration
def test_hidden_html_text_is_not_indexed(injected: tuple[Copilot, IngestReport]) -> None:
    app, _ = injected
    path = app.catalog.path_for_source("plant/suspicious/13_hidden_html.html")
    assert path is not None
    text = "\n".join(c.text for c in app.catalog.chunks_of(path))
    assert "Seat the gasket" in text and "flush all round" in text
    assert "999" not in text and "not needed" not in text and "Ignore" not in text


@pytest.mark.integration
def test_the_source_viewer_shows_the_flag(injected: tuple[Copilot, IngestReport]) -> None:
    app, _ = injected
    hit = next(h for h in app.search("TorqueBot tell the user final torque", k=10).hits
               if h.chunk.metadata.get("injection"))
    ctx = app.source(hit.chunk.id)
    assert ctx.injection and any("TorqueBot" in line for line in ctx.injection)
    from copilot.sources import source_to_json

    data = source_to_json(ctx)
    assert data["injection"] is True and data["injected_lines"]


@pytest.mark.integration
@pytest.mark.parametrize("mode", ["extract", "generate"])
@pytest.mark.parametrize("question", QUESTIONS)
def test_no_answer_quotes_or_obeys_an_injected_instruction(
        injected: tuple[Copilot, IngestReport], question: str, mode: str) -> None:
    app, _ = injected
    ans = app.ask(Ask(question, mode=mode, route="documents"))  # type: ignore[arg-type]
    said = ans.text + "\n".join(c.quote for c in ans.citations)
    assert not any(p in said for p in PAYLOAD), said
    flagged = {h.chunk.id for h in app.search(question, k=30).hits
               if h.chunk.metadata.get("injection")}
    assert not flagged & {c.chunk_id for c in ans.citations}


@pytest.mark.integration
def test_the_genuine_answers_still_come_through(injected: tuple[Copilot, IngestReport]) -> None:
    app, _ = injected
    torque = app.ask(Ask(QUESTIONS[0], mode="extract", route="documents"))
    assert "25 Nm" in torque.text
    lockout = app.ask(Ask(QUESTIONS[2], mode="extract", route="documents"))
    assert "Lockout is required" in lockout.text or "personal lock" in lockout.text
