"""The search-at-scale benchmark: reproducible synthetic chunks, and a small real run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evals.bench_scale import bench_search_scale, synthetic_batch


@pytest.mark.unit
def test_synthetic_batches_are_reproducible_unit_vectors() -> None:
    chunks, vecs = synthetic_batch(20_000, 50)
    again, same = synthetic_batch(20_000, 50)
    assert [c.id for c in chunks] == [c.id for c in again] and np.array_equal(vecs, same)
    assert chunks[0].id == "syn00020000" and chunks[0].text.startswith("WO-0020000 ")
    assert vecs.shape == (50, 384) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert len({c.id for c in chunks + synthetic_batch(20_050, 50)[0]}) == 100


@pytest.mark.slow
def test_a_small_run_reports_every_row(tmp_path: Path) -> None:
    rows: list[tuple[str, ...]] = []
    bench_search_scale(1000, 5, lambda *cells: rows.append(tuple(map(str, cells))))
    names = [r[0] for r in rows]
    assert any("build" in n for n in names) and any("memory" in n for n in names)
    fused = next(r for r in rows if "fused" in r[0])
    assert fused[1].startswith("p50 ") and fused[2].startswith("p95 ")
