"""One question as the edges hand it to the service: built once per request, then only read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from copilot.core.access import UNRESTRICTED, AccessScope
from copilot.core.errors import QueryError
from copilot.core.types import Scalar
from copilot.store.index.base import Where

# extract: quote the sources; generate: the model phrases a verified answer; auto: generate
# unless the configured model is too small to phrase grounded answers (then extract).
Mode = Literal["auto", "generate", "extract"]
# auto: the table engine if it can plan the question, else the documents.
RouteChoice = Literal["auto", "table", "documents"]
MODES: tuple[Mode, ...] = get_args(Mode)
ROUTES: tuple[RouteChoice, ...] = get_args(RouteChoice)


@dataclass(frozen=True)
class Ask:
    """A question with its conversation (previous questions, oldest first) and options."""

    question: str
    history: tuple[str, ...] = ()
    where: Where | None = None
    include_superseded: bool = False
    mode: Mode = "auto"
    route: RouteChoice = "auto"
    # the access labels the asker may read; every read path enforces it before ranking
    scope: AccessScope = UNRESTRICTED

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise QueryError(f"mode must be auto, generate or extract (got {self.mode!r})")
        if self.route not in ROUTES:
            raise QueryError(f"route must be auto, table or documents (got {self.route!r})")


def where_of(filters: Mapping[str, Scalar] | None = None, *, kind: str | None = None,
             station: str | None = None, asset: str | None = None) -> dict[str, Scalar] | None:
    """The ``where`` filter from an edge's inputs (blank = any), None when nothing filters.

    ``filters`` are given field = value pairs; the station and asset pickers are upper-cased
    codes; ``kind`` (document kind) is applied last."""
    out: dict[str, Scalar] = dict(filters or {})
    if station and station.strip():
        out["station"] = station.strip().upper()
    if asset and asset.strip():
        out["asset"] = asset.strip().upper()
    if kind:
        out["kind"] = kind
    return out or None
