"""The Index contract as executable checks, importable by any backend, built-in or third-party.

Two ways to run it, neither needing pytest at import time (so the product never imports it):
- pytest: subclass ``IndexConformance`` in a class named ``Test...`` and define
  ``make_index(directory)``; each check becomes a test (they ask only for pytest's ``tmp_path``).
- anything else: ``check_index(make_index, directory)`` runs every check and raises
  ``AssertionError`` on the first broken rule.

``make_index(directory)`` opens (creating if needed) the backend stored in ``directory``; called
twice with the same directory it must see what was written before. Vectors come from the
registered embedder ``embedder_name`` (the real multilingual one by default: the ranking checks
include a Korean query).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from copilot.core.access import PUBLIC_ONLY, AccessScope
from copilot.core.text import tokenize
from copilot.core.types import Chunk, Locator, content_id
from copilot.store.embedders import Embedder, Matrix, create_embedder
from copilot.store.index.base import Index, Query

MakeIndex = Callable[[Path], Index]
Check = Callable[[MakeIndex, Path, Embedder], None]

KOREAN_QUERY = "스핀들 베어링이 과열되면"  # "when the spindle bearing overheats": finds TEXTS[5]
TEXTS = [
    ("Tighten the M8 housing bolts to 25 Nm in a star pattern", "OP30", "work_instruction"),
    ("Spindle bearing temperature above 70 C: check chiller CHL-01 flow", "OP20", "work_instruction"),
    ("Failure mode: bearing cocked during press-fit | S: 8 | O: 3 | D: 4", "OP10", "pfmea"),
    ("WO-24-00017 PRS-02 L/H BRG HOT SPDL 2 regreased", "OP20", "maintenance_log"),
    ("Leak test at 2.0 bar, reject above 3.0 cc/min", "OP40", "work_instruction"),
    ("스핀들 베어링 과열 알람 - 그리스 보충 후 정상", "OP20", "maintenance_log"),
]


def make_chunks() -> list[Chunk]:
    """Six small chunks of three kinds and four stations, one of them Korean."""
    return [
        Chunk(id=content_id("t", i, text), text=text, kind=kind,  # type: ignore[arg-type]
              doc_id=f"DOC-{i}", source=f"doc{i}.md",
              locator=Locator(source=f"doc{i}.md", step=str(i)),
              language="ko" if i == 5 else "en", metadata={"station": station})
        for i, (text, station, kind) in enumerate(TEXTS)
    ]


def _vectors(embedder: Embedder, chunks: list[Chunk]) -> Matrix:
    return embedder.embed_documents([c.text for c in chunks])


def _query(embedder: Embedder, text: str) -> Query:
    return Query(text, tuple(tokenize(text)), embedder.embed_query(text))


def _fill(index: Index, embedder: Embedder) -> list[Chunk]:
    chunks = make_chunks()
    index.upsert(chunks, _vectors(embedder, chunks))
    return chunks


def check_is_an_index(make_index: MakeIndex, directory: Path, embedder: Embedder) -> None:
    assert isinstance(make_index(directory), Index)


def check_empty_index_returns_nothing(
    make_index: MakeIndex, directory: Path, embedder: Embedder
) -> None:
    index = make_index(directory)
    assert index.search(_query(embedder, "bolt torque"), 5) == []
    assert index.count() == 0


def check_upsert_is_idempotent(make_index: MakeIndex, directory: Path, embedder: Embedder) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    index.upsert(chunks, _vectors(embedder, chunks))
    assert index.count() == len(chunks)
    assert index.ids() == {c.id for c in chunks}


def check_finds_the_relevant_chunk_first(
    make_index: MakeIndex, directory: Path, embedder: Embedder
) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    hits = index.search(_query(embedder, "housing bolt torque M8"), 3)
    assert hits[0][0] == chunks[0].id
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(hits))


def check_k_limits_results(make_index: MakeIndex, directory: Path, embedder: Embedder) -> None:
    index = make_index(directory)
    _fill(index, embedder)
    assert len(index.search(_query(embedder, "bearing spindle OP20 bolt"), 2)) <= 2


def check_where_filters_on_static_fields(
    make_index: MakeIndex, directory: Path, embedder: Embedder
) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    by_id = {c.id: c for c in chunks}
    hits = index.search(_query(embedder, "bearing"), 10, where={"station": "OP20"})
    assert hits
    assert all(by_id[i].metadata["station"] == "OP20" for i, _ in hits)
    hits = index.search(_query(embedder, "bearing"), 10,
                        where={"station": "OP20", "kind": "maintenance_log"})
    assert hits and all(by_id[i].kind == "maintenance_log" for i, _ in hits)


def check_exclude_drops_ids(make_index: MakeIndex, directory: Path, embedder: Embedder) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    hits = index.search(_query(embedder, "housing bolt torque M8"), 3, exclude={chunks[0].id})
    assert chunks[0].id not in [i for i, _ in hits]


def check_delete_removes_and_ignores_unknown(
    make_index: MakeIndex, directory: Path, embedder: Embedder
) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    index.delete({chunks[0].id, "no-such-id"})
    assert chunks[0].id not in index.ids()
    assert index.count() == len(chunks) - 1
    hits = index.search(_query(embedder, "housing bolt torque M8"), 10)
    assert chunks[0].id not in [i for i, _ in hits]


def check_korean_query_finds_korean_chunk(
    make_index: MakeIndex, directory: Path, embedder: Embedder
) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    hits = index.search(_query(embedder, KOREAN_QUERY), 2)
    assert chunks[5].id in [i for i, _ in hits]


def check_persists_across_reopen(make_index: MakeIndex, directory: Path, embedder: Embedder) -> None:
    index = make_index(directory)
    chunks = _fill(index, embedder)
    index.close()
    again = make_index(directory)
    assert again.ids() == {c.id for c in chunks}
    assert again.search(_query(embedder, "leak test pressure"), 1)[0][0] == chunks[4].id


def check_scope_filters_before_top_k(
    make_index: MakeIndex, directory: Path, embedder: Embedder
) -> None:
    """A chunk labelled ``hr`` is never returned to a caller without that label, and is left
    out before the top k are taken: k=1 still gives the best chunk the caller may read."""
    index = make_index(directory)
    chunks = make_chunks()
    chunks[1] = replace(chunks[1], access="hr")  # "Spindle bearing temperature ..."
    index.upsert(chunks, _vectors(embedder, chunks))
    query = _query(embedder, "spindle bearing temperature")
    assert index.search(query, 1)[0][0] == chunks[1].id
    assert index.search(query, 1, scope=AccessScope(frozenset({"hr"})))[0][0] == chunks[1].id
    public = index.search(query, 1, scope=PUBLIC_ONLY)
    assert len(public) == 1 and public[0][0] != chunks[1].id
    everything = index.search(query, len(chunks), scope=PUBLIC_ONLY)
    assert chunks[1].id not in [i for i, _ in everything]
    assert index.search(query, 5, scope=AccessScope(frozenset())) == []
    hits = index.search(query, 5, where={"station": "OP20"}, scope=PUBLIC_ONLY)
    assert chunks[1].id not in [i for i, _ in hits]


CHECKS: tuple[Check, ...] = (
    check_is_an_index, check_empty_index_returns_nothing, check_upsert_is_idempotent,
    check_finds_the_relevant_chunk_first, check_k_limits_results,
    check_where_filters_on_static_fields, check_exclude_drops_ids,
    check_delete_removes_and_ignores_unknown, check_korean_query_finds_korean_chunk,
    check_persists_across_reopen, check_scope_filters_before_top_k,
)

_EMBEDDERS: dict[str, Embedder] = {}


def shared_embedder(name: str) -> Embedder:
    """The registered embedder ``name``, loaded once per process for every conformance run."""
    if name not in _EMBEDDERS:
        embedder = create_embedder(name)
        embedder.warm_up()
        _EMBEDDERS[name] = embedder
    return _EMBEDDERS[name]


def check_index(make_index: MakeIndex, directory: Path, embedder: Embedder | None = None) -> None:
    """Run every check, each on a fresh sub-directory of ``directory``."""
    emb = embedder or shared_embedder("e5-small")
    for check in CHECKS:
        check(make_index, directory / check.__name__, emb)


class IndexConformance:
    """Subclass as ``Test<Backend>`` and define ``make_index``; pytest runs every check."""

    embedder_name = "e5-small"

    def make_index(self, directory: Path) -> Index:
        raise NotImplementedError("define make_index(directory) in the subclass")

    def embedder(self) -> Embedder:
        return shared_embedder(self.embedder_name)

    def _run(self, check: Check, tmp_path: Path) -> None:
        check(self.make_index, tmp_path, self.embedder())

    def test_is_an_index(self, tmp_path: Path) -> None:
        self._run(check_is_an_index, tmp_path)

    def test_empty_index_returns_nothing(self, tmp_path: Path) -> None:
        self._run(check_empty_index_returns_nothing, tmp_path)

    def test_upsert_is_idempotent(self, tmp_path: Path) -> None:
        self._run(check_upsert_is_idempotent, tmp_path)

    def test_finds_the_relevant_chunk_first(self, tmp_path: Path) -> None:
        self._run(check_finds_the_relevant_chunk_first, tmp_path)

    def test_k_limits_results(self, tmp_path: Path) -> None:
        self._run(check_k_limits_results, tmp_path)

    def test_where_filters_on_static_fields(self, tmp_path: Path) -> None:
        self._run(check_where_filters_on_static_fields, tmp_path)

    def test_exclude_drops_ids(self, tmp_path: Path) -> None:
        self._run(check_exclude_drops_ids, tmp_path)

    def test_delete_removes_and_ignores_unknown(self, tmp_path: Path) -> None:
        self._run(check_delete_removes_and_ignores_unknown, tmp_path)

    def test_korean_query_finds_korean_chunk(self, tmp_path: Path) -> None:
        self._run(check_korean_query_finds_korean_chunk, tmp_path)

    def test_persists_across_reopen(self, tmp_path: Path) -> None:
        self._run(check_persists_across_reopen, tmp_path)

    def test_scope_filters_before_top_k(self, tmp_path: Path) -> None:
        self._run(check_scope_filters_before_top_k, tmp_path)
