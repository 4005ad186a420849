"""Constants and file helpers shared by the writers (fixed dates keep the output deterministic)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
REPO = PACKAGE_DIR.parent.parent
SAMPLE_DOCS = REPO / "sample_docs"

FIXED_DOC_TIME = dt.datetime(2025, 6, 30, 8, 0, 0)
ZIP_TIME = (2025, 6, 30, 8, 0, 0)
COMPANY = "Hanbit Drive Systems Co., Ltd."
PLANT = "Changwon Plant - Line 2 (EDU-200 e-axle assembly)"
COMPANY_KO = "한빛드라이브시스템(주) 창원공장 2라인"

_CORE_DATE = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write text with LF line ends whatever the platform."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as fh:
        fh.write(text)


def normalize_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed timestamps and fixed core-property dates."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    stamp = FIXED_DOC_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            if name == "docProps/core.xml":
                text = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), data.decode())
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A Markdown pipe table, one line per row."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return out + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
