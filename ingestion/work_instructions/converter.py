"""WorkInstructionConverter: read -> header fields -> sections/steps -> one Record per unit."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from copilot.core.errors import EmptyFileError
from copilot.core.lexicon.codes import station_of
from copilot.core.text import detect_language
from copilot.core.types import ConvertedDocument, DocumentInfo, Locator, Record, Scalar
from ingestion.base import Converter, SourceFile
from ingestion.work_instructions.elements import Element
from ingestion.work_instructions.metadata import (
    Header,
    HeaderScan,
    extra_key,
    from_filename,
    label_pairs,
    parse_header,
    split_header,
)
from ingestion.work_instructions.readers import read_elements
from ingestion.work_instructions.structure import Unit, build_units

_FIRST_SENTENCE = re.compile(r"^(.{3,100}?)(?:\.\s|\s[—–]\s|$)")
_LANGUAGE_SAMPLE = 20_000


class WorkInstructionConverter(Converter):
    """Work instructions / SOPs (.docx, .pdf, .md, .txt, .html) -> step and section records."""

    name = "work_instruction"
    version = "2"  # HTML text a browser hides (display:none, hidden) is no longer read
    kind = "work_instruction"
    extensions = (".docx", ".pdf", ".md", ".markdown", ".txt", ".html", ".htm")

    def convert(self, source: SourceFile) -> ConvertedDocument:
        """Read the file and return one record per step, section body and free-standing table."""
        extracted = read_elements(source)
        scan = split_header(extracted.elements)
        furniture_pairs = [p for line in extracted.furniture for p in label_pairs(line)]
        header = parse_header([*scan.pairs, *furniture_pairs], extracted.furniture)
        units = build_units(list(scan.body), plain_headings=not extracted.markup_headings)
        if not units:
            raise EmptyFileError(source.relpath, "no procedure text found")
        info = document_info(source, header, scan, units)
        records = tuple(to_record(unit, info) for unit in units)
        return ConvertedDocument(info, records, (*extracted.warnings, *_notes(header, units)))


def document_info(source: SourceFile, header: Header, scan: HeaderScan,
                  units: list[Unit]) -> DocumentInfo:
    """Header fields first, then the file name (doc id, revision) and the first heading."""
    stem_id, stem_rev = from_filename(PurePosixPath(source.relpath).stem)
    doc_id = header.doc_id or stem_id
    title = header.title or scan.title or _first_sentence(scan.body) or doc_id
    sample = "\n".join(u.text for u in units)[:_LANGUAGE_SAMPLE]
    extra: dict[str, Scalar] = {extra_key(k): v for k, v in scan.other}
    if header.supersedes:
        extra["supersedes"] = header.supersedes
    if header.stations:
        extra["stations"] = header.stations
    return DocumentInfo(
        source=source.relpath, kind="work_instruction", doc_id=doc_id, title=title,
        revision=header.revision or stem_rev, effective_date=header.effective_date,
        station=header.station or station_of(doc_id) or station_of(title),
        language=detect_language(f"{title}\n{sample}"), extra=extra)


def _first_sentence(body: tuple[Element, ...]) -> str | None:
    for e in body[:3]:
        if e.category in ("paragraph", "heading", "title"):
            m = _FIRST_SENTENCE.match(e.text)
            return m.group(1).strip() if m else None
    return None


def to_record(unit: Unit, info: DocumentInfo) -> Record:
    """A unit as a Record: title '<doc> › <section>', fields for filters, precise locator."""
    types = unit.warning_types
    fields: dict[str, Scalar] = {
        "block": unit.kind,
        "has_warning": any(t != "NOTE" for t in types),
        "warning_types": ",".join(types),
    }
    if unit.section:
        fields["section"] = unit.section
    if unit.step:
        fields["step"] = unit.step
    if info.station:
        fields["station"] = info.station
    locator = Locator(source=info.source, doc_id=info.doc_id, revision=info.revision,
                      page=unit.page, section=unit.section, step=unit.step)
    title = f"{info.title} › {unit.section}" if unit.section else info.title
    return Record(text=unit.text, locator=locator, fields=fields, title=title)


def _notes(header: Header, units: list[Unit]) -> list[str]:
    notes: list[str] = []
    if header.raw_date:
        notes.append(f"effective date '{header.raw_date}' not understood; write it as YYYY-MM-DD")
    repeats = Counter((u.section, u.step) for u in units if u.step)
    notes.extend(f"step {step} appears {n} times in section '{section or '-'}'"
                 for (section, step), n in repeats.items() if n > 1)
    return notes
