"""One record schema per kind, read by the converters (headings) and the table store (columns)."""

from __future__ import annotations

import re

import pytest

from copilot.core.schema import LANGUAGES, PFMEA, TABLES, WORK_ORDERS, title_row_headers
from ingestion.headers import Synonyms
from ingestion.maintenance import SYNONYMS as WORK_ORDER_HEADINGS
from ingestion.pfmea import SYNONYMS as PFMEA_HEADINGS

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("heading", "field"), [
    ("Potential Failure Mode", "failure_mode"), ("고장형태", "failure_mode"),
    ("Fehlerart", "failure_mode"), ("Bedeutung (B)", "severity"), ("심각도", "severity"),
    ("RPZ", "rpn"),
])
def test_pfmea_converter_reads_the_schema_headings(heading: str, field: str) -> None:
    assert PFMEA_HEADINGS.match(heading) == field


@pytest.mark.parametrize(("heading", "field"), [
    ("WO Number", "work_order"), ("작업지시번호", "work_order"), ("Auftragsnummer", "work_order"),
    ("정지시간(분)", "downtime_h"), ("Long text", "long_text"), ("Kurztext", "short_text"),
])
def test_maintenance_converter_reads_the_schema_headings(heading: str, field: str) -> None:
    assert WORK_ORDER_HEADINGS.match(heading) == field


def test_headed_fields_are_columns_or_declared_record_only_fields() -> None:
    for spec in TABLES:
        headed = spec.header_synonyms()
        assert headed, spec.name
        assert all(words for words in headed.values())
        record_only = set(headed) - set(spec.names)
        assert record_only <= {"long_text"}, (spec.name, record_only)
        for col in spec.columns:
            assert col.headers == headed.get(col.name, ()), col.name


def test_question_words_are_lower_case_and_every_field_has_one() -> None:
    for spec in TABLES:
        for col in spec.columns:
            assert col.synonyms and all(s == s.lower() for s in col.synonyms), col.name
    assert PFMEA.column("severity").rating and WORK_ORDERS.column("downtime_h").unit == "h"


def test_no_heading_names_two_fields_of_one_kind() -> None:
    for spec in TABLES:
        seen: dict[str, str] = {}
        for field, words in spec.header_synonyms().items():
            for word in (field, *words):
                key = re.sub(r"[\W_]+", "", word.casefold())
                assert seen.setdefault(key, field) == field, (spec.name, word)


def test_title_row_headings_cover_three_languages() -> None:
    meta = Synonyms(title_row_headers())
    assert [meta.match(w) for w in ("Revision", "개정", "Änderungsstand", "작성일", "Stand")] == [
        "revision", "revision", "revision", "date", "date"]
    assert LANGUAGES == ("en", "ko", "de")
