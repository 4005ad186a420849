"""Write the hostile-input corpus (issue 17, point 8) into a folder: no binary blobs committed.

Each file is named for what it is; ``EXPECTED`` gives the outcome the ingest must report for it
(status, and for failures the IngestError subclass named in the message). Run directly to
inspect: ``python -m tests.hostile.make_corpus /tmp/hostile``.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import openpyxl

# relative path -> (status, error class or reason fragment)
EXPECTED: dict[str, tuple[str, str]] = {
    "empty.txt": ("failed", "file is empty"),
    "truncated.docx": ("failed", "corrupt"),
    "bomb.xlsx": ("failed", "over the size limit"),
    "encrypted.xlsx": ("failed", "corrupt"),
    "pdf_named.docx": ("failed", "corrupt"),
    "deep.html": ("failed", "nested too deeply"),
    "bad_xml.docx": ("failed", "corrupt"),
    "latin1_log.csv": ("added", ""),
    "bad_ratings.xlsx": ("added", ""),
    "copy_of_good.md": ("duplicate", "same bytes as"),
    "outside_link.txt": ("skipped", "outside the folder"),
    "dangling_link.txt": ("skipped", "does not exist"),
    ".hidden.md": ("skipped", "hidden"),
    "one_line.txt": ("added", ""),
    "binary.txt": ("failed", "corrupt"),
    "unknown.xyz": ("failed", "unsupported"),
    "header_only.csv": ("failed", ""),
}
GOOD = ("WI-OP10-001 Rev A\n\n# Bearing press-fit\n\n1. Clean the housing bore.\n"
        "2. Press the bearing to 12 kN.\nWARNING: keep hands clear of the ram.\n")


def _zip(path: Path, members: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _docx_bytes(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType='
                    '"application/xml"/><Override PartName="/word/document.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                    'main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org'
                    '/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                    'Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def write_good(folder: Path) -> list[str]:
    """Files that must be indexed (and stay indexed) next to the hostile ones."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "good_log.csv").write_text(
        "WO Number,Date,Asset,Short Text,Downtime (h)\n"
        "WO-1,2024-03-01,PRS-01,Ram seal leak,1.5\nWO-2,2024-03-02,PRS-02,Belt slip,0.5\n",
        encoding="utf-8")
    return ["good.md", "good_log.csv"]


def write_corpus(folder: Path, outside: Path) -> dict[str, tuple[str, str]]:
    """Write every hostile file into ``folder`` (``outside`` gets the symlink's target)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.docx").write_bytes(_docx_bytes(b"<w:document/>")[:300])
    # 1 GiB of zeros in one sheet entry: a few MB packed, over the 200 MB inflate limit.
    with zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(1024):
                fh.write(block)
    # OLE header + the EncryptedPackage stream name: what Excel writes for a protected .xlsx
    (folder / "encrypted.xlsx").write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 1024)
    (folder / "pdf_named.docx").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "deep"
                                      + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
    (folder / "bad_xml.docx").write_bytes(_docx_bytes(
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Step 1</w:t></w:r></w:p'))
    (folder / "latin1_log.csv").write_bytes(
        ("WO Number,Date,Asset,Short Text\nWO-7,2024-03-01,Presse Ü1,Dichtung gewechselt für Öl\n"
         "WO-8,2024-03-02,P-2,Lager défekt\n").encode("latin-1"))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Process Step", "Potential Failure Mode", "Potential Effect(s)", "Severity",
               "Potential Cause(s)", "Occurrence", "Detection"])
    ws.append(["OP20 Gear", "Gear not seated", "Noise", 0, "Force drift", 3, 3])
    ws.append(["OP30 Bolt", "Under-torque", "Loose joint", -3, "Tool drift", 2, 4])
    ws.append(["OP40 Seal", "Seal cut", "Leak", 7, "Sharp edge", 11, 2])
    wb.save(folder / "bad_ratings.xlsx")
    (folder / "copy_of_good.md").write_text(GOOD, encoding="utf-8")
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("secret outside the ingest root\n", encoding="utf-8")
    os.symlink(outside, folder / "outside_link.txt")
    os.symlink(folder / "no_such_file.txt", folder / "dangling_link.txt")
    (folder / ".hidden.md").write_text(GOOD.replace("OP10", "OP99"), encoding="utf-8")
    (folder / "one_line.txt").write_text("torque check " * 25_000, encoding="utf-8")  # 325 kB, one line
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 1000)
    (folder / "unknown.xyz").write_text("what is this", encoding="utf-8")
    (folder / "header_only.csv").write_text("a,b,c\n", encoding="utf-8")
    return dict(EXPECTED)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    write_good(target / "good")
    write_corpus(target / "hostile", target / "outside" / "secret.txt")
    print(f"wrote {len(EXPECTED)} hostile files under {target / 'hostile'}")
