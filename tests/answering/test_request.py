"""The request every edge builds once: its checks and its filter."""

from __future__ import annotations

import pytest

from copilot.answering.request import Ask, where_of
from copilot.core.errors import QueryError

pytestmark = pytest.mark.unit


def test_where_from_edge_inputs() -> None:
    assert where_of(station=" op20 ", asset="prs-02", kind="pfmea") == {
        "station": "OP20", "asset": "PRS-02", "kind": "pfmea"}
    assert where_of({"line": 2}, kind="pfmea") == {"line": 2, "kind": "pfmea"}
    assert where_of(station="", asset=None, kind="") is None
    assert where_of({}) is None


@pytest.mark.parametrize("options", [{"mode": "summarise"}, {"route": "both"}])
def test_an_unknown_mode_or_route_is_refused(options: dict[str, str]) -> None:
    with pytest.raises(QueryError, match="must be"):
        Ask("torque?", **options)  # type: ignore[arg-type]


def test_a_request_is_frozen() -> None:
    ask = Ask("torque?", ("previous?",))
    with pytest.raises(AttributeError):
        ask.question = "other"  # type: ignore[misc]
