"""Text decoding: UTF-8 and BOMs are certain, CP949 Korean nearly so, guesses are flagged."""

from __future__ import annotations

import codecs

import pytest

from copilot.core.errors import CorruptFileError, EncodingError
from copilot.core.lexicon.decoding import (
    LOW_CONFIDENCE,
    decode_document,
    decode_text,
    detect_text,
)

pytestmark = pytest.mark.unit

KO = "작업지시번호,설비,작업내용\nWO-1,PRS-02,유압 호스 교체\n"
EN = "Work order,Asset,Short text\nWO-1,PRS-02,Replaced hydraulic hose\n"


@pytest.mark.parametrize(("raw", "codec"), [
    (EN.encode("utf-8"), "utf-8"),
    (KO.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + KO.encode("utf-8"), "utf-8-sig"),
    (KO.encode("utf-16"), "utf-16"),
    (KO.encode("cp949"), "cp949"),
])
def test_detect_text(raw: bytes, codec: str) -> None:
    decoded = detect_text(raw, "x.csv")
    assert decoded.encoding == codec and decoded.text.lstrip("\ufeff") in (EN, KO)
    assert decoded.confidence >= LOW_CONFIDENCE


def test_cp949_is_trusted_only_when_it_reads_as_korean_words() -> None:
    text, used = decode_text("Größe;Maß;Übergröße\n".encode("latin-1"), "de.csv")
    assert used != "cp949" and text == "Größe;Maß;Übergröße\n"


def test_binary_and_unreadable_bytes_are_refused() -> None:
    with pytest.raises(EncodingError):
        detect_text(b"abc\x00def", "bin.csv")
    with pytest.raises(CorruptFileError):
        decode_document(b"\x89PNG\x00\x00", "image.txt")


def test_documents_get_newlines_normalised_and_no_warning_when_certain() -> None:
    text, warnings = decode_document("경고: 고온\r\n1. 덮개를 연다\r".encode("cp949"), "wi.txt")
    assert text == "경고: 고온\n1. 덮개를 연다\n" and warnings == ()
