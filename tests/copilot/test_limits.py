"""Request limits as a pure object: each refusal names the field and the figure."""

from __future__ import annotations

import pytest

from copilot.core.errors import QueryError, RequestLimitError
from copilot.limits import RequestLimits

pytestmark = pytest.mark.unit
LIMITS = RequestLimits(question_chars=50, history_items=3, history_chars=100, filters=2,
                       filter_value_chars=10)


@pytest.mark.parametrize(("question", "history", "where", "field", "figure"), [
    ("q" * 51, [], None, "question", "51 characters"),
    ("ok", ["a", "b", "c", "d"], None, "history", "4 items"),
    ("ok", ["x" * 60, "y" * 60], None, "history", "120 characters"),
    ("ok", [], {"a": 1, "b": 2, "c": 3}, "where", "3 filters"),
    ("ok", [], {"$and": "x"}, "where", "'$and'"),
    ("ok", [], {"": "x"}, "where", "''"),
    ("ok", [], {"station": "x" * 11}, "where.station", "11 characters"),
    ("ok", [], {"station": ["OP20"]}, "where.station", "list"),
    ("bad \ud800 text", [], None, "question", "character 5"),
])
def test_each_limit_names_its_field(question: str, history: list[str], where: dict[str, object],
                                    field: str, figure: str) -> None:
    with pytest.raises(RequestLimitError) as err:
        LIMITS.check_ask(question, history, where)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ") and figure in str(err.value)
    assert isinstance(err.value, QueryError)  # the edges already turn these into 4xx


def test_within_limits_passes() -> None:
    LIMITS.check_ask("q" * 50, ["a" * 33] * 3, {"station": "OP20", "kind": "pfmea"})
    LIMITS.check_search("q" * 50, None)


def test_latest_history_keeps_the_newest_that_fit() -> None:
    assert LIMITS.latest_history(["old", "a", "b", "c"]) == ["a", "b", "c"]
    assert LIMITS.latest_history(["a" * 60, "b" * 30, "c" * 30]) == ["b" * 30, "c" * 30]
    assert LIMITS.latest_history(["z" * 500]) == []


def test_settings_drive_the_limits() -> None:
    from pathlib import Path

    from copilot.core.settings import load_settings

    s = load_settings(env={"COPILOT_HOME": str(Path("/nonexistent")),
                           "COPILOT_MAX_HISTORY_ITEMS": "5"})
    assert RequestLimits.from_settings(s).history_items == 5
