"""Command line: write the sample plant documents (default into sample_docs/)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import build
from .common import SAMPLE_DOCS
from .tomldata import DataError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make_sample_plant.py",
        description="Generate the sample plant documents from scripts/sample_plant/data/.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=SAMPLE_DOCS,
        help="output folder (default: sample_docs/); the hand-written part of PLANT.md is "
        "always taken from sample_docs/PLANT.md",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    try:
        files = build(out)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:
        print(
            f"error: {exc.name} is missing; the generator needs python-docx, openpyxl and fpdf2 "
            "(pip install -e '.[dev]')",
            file=sys.stderr,
        )
        return 1
    for path in files:
        print(f"{path.stat().st_size:>8}  {path.relative_to(out).as_posix()}")
    return 0
