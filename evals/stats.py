"""Small statistics the evals and benchmarks share."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(xs: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty sample (p in 0..100)."""
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def mean(xs: Sequence[float], digits: int = 3) -> float | None:
    """The mean rounded to ``digits``; None for no values."""
    return round(statistics.fmean(xs), digits) if xs else None
