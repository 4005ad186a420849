"""Load the data files, run every writer, refresh PLANT.md: the whole sample set in one call."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from .action_priority import check_ap_table
from .area_log_gen import generate_area_log
from .cmms_gen import WorkOrder, generate_cmms
from .common import DATA_DIR, SAMPLE_DOCS
from .maintenance_model import MaintenanceData, load_maintenance
from .pfmea_model import load_workbook
from .tomldata import DataError, load_toml
from .wi_model import WorkInstruction, load_work_instruction
from .writers.area_log_csv import write_area_log_csv
from .writers.cmms_csv import write_cmms_csv
from .writers.cmms_xlsx import write_cmms_xlsx
from .writers.pfmea_xlsx import write_pfmea
from .writers.plant_md import GeneratedSet, plant_section, update_plant_md
from .writers.wi_docx import write_docx
from .writers.wi_html import write_html
from .writers.wi_md import write_md
from .writers.wi_pdf import write_pdf
from .writers.wi_txt import write_txt

# a writer returns the page count where the format has fixed pages (listed in PLANT.md)
WiWriter = Callable[[WorkInstruction, Path], int | None]
WI_WRITERS: dict[str, WiWriter] = {
    ".md": write_md,
    ".html": write_html,
    ".txt": write_txt,
    ".docx": write_docx,
    ".pdf": write_pdf,
}
MAX_FILE_BYTES = 300_000  # sample documents stay small enough to commit


def build(out: Path, plant_md: Path = SAMPLE_DOCS / "PLANT.md") -> list[Path]:
    """Write every sample document under out; PLANT.md's hand-written part is read from plant_md."""
    check_ap_table()
    manifest = load_toml(DATA_DIR / "sample_plant.toml")
    wis = tuple(
        load_work_instruction(DATA_DIR / "work_instructions" / name)
        for name in manifest.texts("work_instructions")
    )
    files, pdf_pages = _write_work_instructions(wis, out / "work_instructions")
    a, b = (load_workbook(DATA_DIR / "pfmea" / name) for name in manifest.texts("pfmea"))
    for book in (a, b):
        files.append(out / "pfmea" / book.file)
        write_pfmea(book, files[-1])
    data = load_maintenance(DATA_DIR / "maintenance")
    rng = random.Random(data.seed)
    cmms = generate_cmms(rng, data)
    files += _write_cmms(cmms, data, out / "maintenance")
    area_log = generate_area_log(rng, data)
    files.append(out / "maintenance" / data.outputs["area_log_2025"])
    write_area_log_csv(area_log, data.area_log_columns, data.assets_ko, files[-1])
    facts = load_toml(DATA_DIR / "plant_md_facts.toml")
    generated = GeneratedSet(
        out=out,
        files=tuple(files),
        work_instructions=wis,
        pdf_pages=pdf_pages,
        facts={doc_no: facts.texts(doc_no) for doc_no in facts.names()},
        pfmea=(a, b),
        maintenance=data,
        cmms=cmms,
        area_log=area_log,
    )
    update_plant_md(plant_md, out / "PLANT.md", plant_section(generated))
    for path in files:
        if path.stat().st_size >= MAX_FILE_BYTES:
            raise DataError(f"{path} is over {MAX_FILE_BYTES:,} bytes: shorten its data")
    return files


def _write_work_instructions(
    wis: tuple[WorkInstruction, ...], folder: Path
) -> tuple[list[Path], dict[str, int]]:
    files, pages = [], {}
    for wi in wis:
        path = folder / wi.file
        writer = WI_WRITERS.get(path.suffix)
        if writer is None:
            raise DataError(
                f"{wi.file}: no writer for {path.suffix} (one of {', '.join(WI_WRITERS)})"
            )
        count = writer(wi, path)
        if count is not None:
            pages[wi.file] = count
        files.append(path)
    return files, pages


def _write_cmms(
    cmms: dict[int, list[WorkOrder]], data: MaintenanceData, folder: Path
) -> list[Path]:
    """2024 as the CSV export, 2025 as the XLSX export."""
    csv_path = folder / data.outputs["cmms_2024"]
    write_cmms_csv(cmms[2024], data.cmms_columns, data.assets, csv_path)
    xlsx_path = folder / data.outputs["cmms_2025"]
    title = data.outputs["cmms_2025_title"]
    write_cmms_xlsx(cmms[2025], data.cmms_columns, data.assets, xlsx_path, title)
    return [csv_path, xlsx_path]
