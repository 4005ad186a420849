"""The chunk heading: composed into the indexed text in one place, read back as a field."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.types import (
    Chunk,
    ConvertedDocument,
    DocumentInfo,
    Locator,
    Record,
    compose_text,
    heading_in,
)
from copilot.store.catalog import Catalog, FileRow
from ingestion.chunking import chunk_document

pytestmark = pytest.mark.unit


def _wi(title: str = "Torque the cover") -> ConvertedDocument:
    info = DocumentInfo(source="wi/WI-OP30-001.md", kind="work_instruction", doc_id="WI-OP30-001",
                        title="Cover assembly", revision="C")
    loc = Locator(source=info.source, doc_id=info.doc_id, revision="C", section="4", step="3")
    return ConvertedDocument(info, (Record("3. Tighten the M8 bolts to 25 Nm.", loc, title=title),))


def _pfmea() -> ConvertedDocument:
    info = DocumentInfo(source="pfmea.csv", kind="pfmea", doc_id="pfmea")
    return ConvertedDocument(info, (Record("[OP30] Bolt under-torque\nS: 8",
                                           Locator(source="pfmea.csv", row=3)),))


def test_work_instruction_chunk_text_is_heading_then_body() -> None:
    chunk = chunk_document(_wi())[0]
    assert chunk.heading == "[WI-OP30-001 Rev C] Torque the cover"
    # byte for byte what the indexes held before the heading became a field
    assert chunk.text == "[WI-OP30-001 Rev C] Torque the cover\n3. Tighten the M8 bolts to 25 Nm."
    assert chunk.body == "3. Tighten the M8 bolts to 25 Nm."


def test_untitled_record_falls_back_to_the_document_title() -> None:
    assert chunk_document(_wi(title=""))[0].heading == "[WI-OP30-001 Rev C] Cover assembly"


def test_rows_have_no_heading_even_when_their_text_opens_with_a_bracket() -> None:
    chunk = chunk_document(_pfmea())[0]
    assert chunk.heading == "" and chunk.body == chunk.text == "[OP30] Bolt under-torque\nS: 8"
    assert heading_in(chunk.text, chunk.kind, chunk.doc_id) == ""


def test_a_split_step_repeats_its_heading_on_every_part() -> None:
    loc = Locator(source="wi.md", doc_id="WI-1", step="1")
    long = ". ".join(f"Sentence {i} about the fixture" for i in range(80))
    doc = ConvertedDocument(DocumentInfo(source="wi.md", kind="work_instruction", doc_id="WI-1"),
                            (Record(long, loc, title="Setup"),))
    chunks = chunk_document(doc, max_chars=300)
    assert len(chunks) > 1
    assert {c.heading for c in chunks} == {"[WI-1] Setup"}
    assert all(c.text == compose_text(c.heading, c.body) for c in chunks)


def test_heading_must_open_the_text() -> None:
    loc = Locator(source="a.md")
    with pytest.raises(ValueError, match="heading"):
        Chunk(id="x", text="body only", kind="work_instruction", doc_id="A", source="a.md",
              locator=loc, heading="[A] Title")


def test_catalog_round_trip_gives_back_the_heading(tmp_path: Path) -> None:
    doc = _wi()
    chunks = chunk_document(doc) + chunk_document(_pfmea())
    cat = Catalog(tmp_path / "catalog.sqlite")
    try:
        cat.replace_file(FileRow("/wi.md", "wi.md", "0" * 64, 1, "wi@1"), doc.info, chunks)
        back = cat.get_chunks([c.id for c in chunks])
        assert [back[c.id] for c in chunks] == chunks
        assert back[chunks[0].id].body == "3. Tighten the M8 bolts to 25 Nm."
    finally:
        cat.close()
