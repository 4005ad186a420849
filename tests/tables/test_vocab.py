"""The planner's word lists are data (``copilot/tables/words.toml``): read once, well-formed."""

from __future__ import annotations

import pytest

from copilot.tables import vocab
from copilot.tables.linking import AP_ALIASES, TYPE_ALIASES

pytestmark = pytest.mark.unit


def test_words_are_read_once_and_shared() -> None:
    assert vocab.load_words() is vocab.load_words() is vocab.WORDS
    assert vocab.STOP is vocab.WORDS.stop and TYPE_ALIASES is vocab.WORDS.type_aliases


def test_both_languages_are_loaded() -> None:
    words = vocab.load_words()
    assert {"which", "rows", "건수", "으로"} <= words.stop
    assert {"highest", "가장", "상위"} <= words.intent
    assert words.concepts["leak"] == ("leak", "lkg", "seep", "누설", "누유", "누수")


def test_matched_words_are_lower_case() -> None:
    # questions are lower-cased before these lists are consulted: a capital never matches
    words = vocab.load_words()
    lists = [words.stop, words.intent, words.doc_generic, words.generic_values,
             *words.concepts.values()]
    assert [w for ws in lists for w in ws if w != w.lower()] == []


def test_aliases_keep_file_order_and_name_known_codes() -> None:
    assert list(TYPE_ALIASES)[:2] == ["corrective", "breakdown"]  # the first word found wins
    assert set(AP_ALIASES.values()) == {"H", "M", "L"}
    with pytest.raises(TypeError):
        TYPE_ALIASES["new"] = ("X",)  # type: ignore[index]
