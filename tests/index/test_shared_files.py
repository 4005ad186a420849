"""Several API worker processes over one COPILOT_HOME: what each keeps in memory follows what
the others write to the shared files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copilot.store.catalog import Catalog
from copilot.store.index.base import Query
from copilot.store.index.conformance import make_chunks
from copilot.store.index.keyword import BM25Index
from copilot.webauth import _secret

pytestmark = pytest.mark.integration


def test_a_reader_picks_up_another_writers_new_chunks(tmp_path: Path) -> None:
    chunks = make_chunks()
    writer, reader = BM25Index(tmp_path), BM25Index(tmp_path)  # two workers' own instances
    writer.upsert(chunks[:3])
    assert reader.search(Query("leak test bar"), 3) == []
    writer.upsert(chunks[3:])
    assert reader.search(Query("leak test bar"), 1)[0][0] == chunks[4].id
    writer.delete([chunks[4].id])
    assert all(i != chunks[4].id for i, _ in reader.search(Query("leak test bar"), 6))


def test_a_write_from_another_process_is_seen(tmp_path: Path) -> None:
    chunks = make_chunks()
    reader = BM25Index(tmp_path)
    reader.upsert(chunks[:1])
    assert reader.search(Query("chiller flow"), 1) == []
    code = ("import sys; from pathlib import Path\n"
            "from copilot.store.index.conformance import make_chunks\n"
            "from copilot.store.index.keyword import BM25Index\n"
            "BM25Index(Path(sys.argv[1])).upsert(make_chunks()[1:2])\n")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=120)
    assert reader.search(Query("chiller flow"), 1)[0][0] == chunks[1].id


def test_the_engine_cache_is_per_generation_and_checked(tmp_path: Path) -> None:
    chunks = make_chunks()
    first = BM25Index(tmp_path)
    first.upsert(chunks[:2])
    first.search(Query("torque"), 1)
    caches = sorted(p.name for p in tmp_path.glob("bm25-bm25s-cache*"))
    assert len(caches) == 1 and caches[0].endswith(f"-{first._generation()}")
    first.upsert(chunks[2:])
    first.search(Query("torque"), 1)
    assert [p.name for p in tmp_path.glob("bm25-bm25s-cache*")] == [
        f"bm25-bm25s-cache-{first._generation()}"]  # the old generation is gone
    assert not list(tmp_path.glob(".bm25-tmp-*"))
    # A cache whose size disagrees with the rows (written for other rows) is not trusted.
    second = BM25Index(tmp_path)
    assert second._cached_engine(first._generation(), len(chunks)) is not None
    assert second._cached_engine(first._generation(), len(chunks) + 1) is None


def test_the_catalog_waits_for_a_writer_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    one, two = Catalog(path), Catalog(path)
    assert one.query("PRAGMA journal_mode")[0][0] == "wal"
    assert int(one.query("PRAGMA busy_timeout")[0][0]) >= 10_000
    assert two.meta_default("chroma_collection", "first") == "first"
    assert one.meta_default("chroma_collection", "second") == "first"


def test_workers_starting_together_share_one_cookie_key(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from copilot.webauth import _secret\n"
            "print(_secret(Path(sys.argv[1])).decode())\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], text=True,
                              stdout=subprocess.PIPE) for _ in range(4)]
    keys = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert len(keys) == 1 and keys == {_secret(tmp_path).decode()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]


