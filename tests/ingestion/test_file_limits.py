"""Per-file limits: zip bombs refused before parsing, chunk counts bounded, figures named."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import pytest

from copilot.core.errors import FileTooLargeError
from copilot.service import Copilot
from copilot.store.ingest import FileLimits, check_pdf, check_zip, embed_estimate

STEPS = "Document No.: WI-L1\nRevision: A\n\n## 4. Procedure\n" + "".join(
    f"{i}. Step {i}: check the clamp and the torque value {i} Nm before release.\n"
    for i in range(1, 41))


def _bomb(path: Path, inflated_mb: int) -> Path:
    """A real workbook with a padding entry of zeros that compresses ~1000:1."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Process Step", "Failure Mode", "S", "O", "D"])  # type: ignore[union-attr]
    wb.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/pad.bin", b"\0" * (inflated_mb * 1024 * 1024))
    return path


@pytest.mark.unit
def test_check_zip_names_size_ratio_and_entries(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.xlsx", 20)
    with pytest.raises(FileTooLargeError, match=r"over the limit of 5 MB.*COPILOT_MAX_UNZIPPED_MB"):
        check_zip(bomb, "bomb.xlsx", FileLimits(max_unzipped_mb=5))
    with pytest.raises(FileTooLargeError, match=r"inflates \d[\d,]*x .*ratio limit of 100x"):
        check_zip(bomb, "bomb.xlsx", FileLimits())
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(30):
            zf.writestr(f"word/e{i}.xml", "<x/>")
    with pytest.raises(FileTooLargeError, match="30 entries, over the limit of 10"):
        check_zip(many, "many.docx", FileLimits(max_zip_entries=10))
    check_zip(tmp_path / "bomb.xlsx", "ok", FileLimits(max_zip_ratio=1e6))  # within limits
    (tmp_path / "plain.md").write_text("not a zip", encoding="utf-8")
    check_zip(tmp_path / "plain.md", "plain.md", FileLimits())  # not a zip: not its business


@pytest.mark.integration
def test_pipeline_refuses_bombs_and_huge_files_and_keeps_the_rest(app: Copilot,
                                                                 tmp_path: Path) -> None:
    root = tmp_path / "plant"
    root.mkdir()
    (root / "ok.md").write_text(STEPS.replace("WI-L1", "WI-OK"), encoding="utf-8")
    app.ingest([root])
    before = app.catalog.all_chunk_ids()
    _bomb(root / "bomb.xlsx", 20)
    (root / "long.md").write_text(STEPS, encoding="utf-8")
    app.settings = dataclasses.replace(app.settings, max_chunks_per_file=10)
    report = app.ingest([root])
    errors = {Path(f.source).name: f.error or "" for f in report.errors}
    assert "zip bomb" in errors["bomb.xlsx"] and "COPILOT_MAX_ZIP_RATIO" in errors["bomb.xlsx"]
    assert "over the limit of 10 per file" in errors["long.md"]
    assert "COPILOT_MAX_CHUNKS_PER_FILE" in errors["long.md"]
    assert report.count("unchanged") == 1 and app.catalog.all_chunk_ids() == before


@pytest.mark.integration
def test_a_large_file_is_ingested_with_a_warning(app: Copilot, tmp_path: Path) -> None:
    from copilot.store import ingest as pipeline

    (tmp_path / "long.md").write_text(STEPS, encoding="utf-8")
    (tmp_path / "long2.md").write_text(STEPS.replace("WI-L1", "WI-L2"), encoding="utf-8")
    app_limits = FileLimits(warn_chunks=5)
    pipe = pipeline.IngestPipeline(app.catalog, list(app._indexes()), app.embedder, app.registry,
                                   limits=app_limits)
    report = pipe.run([tmp_path / "long.md", tmp_path / "long2.md"])
    first, second = report.files
    assert first.status == second.status == "added"
    [warned] = [w for w in first.warnings if "large file" in w]
    assert re.search(r"large file: \d+ chunks to embed, about \d+ s at 10 chunks/s assumed",
                     warned)
    [warned] = [w for w in second.warnings if "large file" in w]
    assert re.search(r"about \d+ (s|min) at [\d,.]+ chunks/s measured in this run", warned)


@pytest.mark.unit
def test_the_embedding_estimate_reads_in_seconds_minutes_or_hours() -> None:
    assert embed_estimate(7_769, None) == (
        "about 13 min at 10 chunks/s assumed (nothing embedded yet in this run)")
    assert embed_estimate(7_769, 10.2) == "about 13 min at 10 chunks/s measured in this run"
    assert embed_estimate(300, 25.0).startswith("about 12 s at 25 chunks/s")
    assert embed_estimate(200_000, 20.0).startswith("about 2.8 h")
    assert embed_estimate(30, 2.5).startswith("about 12 s at 2.5 chunks/s")


def _pdf(path: Path, pages: int) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"{n}. Press the bearing to 12 kN.")
    pdf.output(str(path))
    return path


@pytest.mark.unit
def test_check_pdf_counts_pages_before_parsing(tmp_path: Path) -> None:
    big = _pdf(tmp_path / "manual.pdf", 3)
    with pytest.raises(FileTooLargeError, match=r"manual\.pdf.*3 pages, over the limit of 2.*"
                       r"COPILOT_MAX_PDF_PAGES"):
        check_pdf(big, "manual.pdf", FileLimits(max_pdf_pages=2))
    check_pdf(_pdf(tmp_path / "short.pdf", 2), "short.pdf", FileLimits(max_pdf_pages=2))
    check_pdf(big, "manual.pdf", FileLimits())  # the default allows it
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    check_pdf(tmp_path / "broken.pdf", "broken.pdf", FileLimits(max_pdf_pages=2))


@pytest.mark.integration
def test_the_page_limit_is_a_setting_the_service_applies(app: Copilot, tmp_path: Path) -> None:
    from copilot.core.errors import ConfigError
    from copilot.core.settings import load_settings

    home = str(tmp_path / "h")
    assert load_settings(env={"COPILOT_HOME": home,
                              "COPILOT_MAX_PDF_PAGES": "2"}).max_pdf_pages == 2
    with pytest.raises(ConfigError, match="max_pdf_pages"):
        load_settings(env={"COPILOT_HOME": home, "COPILOT_MAX_PDF_PAGES": "0"})
    app.settings = dataclasses.replace(app.settings, max_pdf_pages=2)
    report = app.ingest([_pdf(tmp_path / "manual.pdf", 3)])
    [res] = report.files
    assert res.status == "failed" and "COPILOT_MAX_PDF_PAGES" in (res.error or "")
