"""The sample plant generator reproduces every committed file in sample_docs/ byte for byte.

It runs the real entry point (`scripts/make_sample_plant.py --out DIR`) into a temporary folder.
Byte identity holds for the locked python-docx / openpyxl / fpdf2 versions (fpdf2 2.8.9 writes
the committed PDFs); a different version of one of them shows up here as a changed file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.sample_plant.tomldata import DataError
from scripts.sample_plant.wi_model import load_work_instruction

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DOCS = REPO / "sample_docs"
HAND_KEPT = {".copilotignore"}  # files in sample_docs/ the generator does not write


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.integration
def test_regenerated_sample_docs_are_byte_identical(tmp_path: Path) -> None:
    pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) writes the sample PDFs")
    out = tmp_path / "sample_docs"
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_sample_plant.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert _files(out) == _files(SAMPLE_DOCS) - HAND_KEPT
    changed = [
        name
        for name in sorted(_files(out))
        if (out / name).read_bytes() != (SAMPLE_DOCS / name).read_bytes()
    ]
    assert changed == [], f"regenerated files differ from sample_docs/: {changed}"


@pytest.mark.unit
def test_a_block_of_unknown_kind_names_the_file_and_block(tmp_path: Path) -> None:
    path = tmp_path / "WI-X.toml"
    path.write_text(
        'file = "WI-X.md"\nlang = "en"\nstep_style = "step"\n[header]\n"Document No." = "WI-X"\n'
        '[[section]]\ntitle = "Purpose"\n[[section.block]]\nstpe = "typo"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"WI-X\.toml.*block.*#1.*one of the keys p, bullets"):
        load_work_instruction(path)
