"""Weighted reciprocal rank fusion (Cormack et al. 2009), pure and tiny."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[str]], weights: Mapping[str, float], k: int = 60
) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse ranked id lists: score(d) = sum_i w_i / (k + rank_i(d)), rank 1-based.

    Returns (id, score, {ranker: rank}) best first; ties broken by best single rank, then id.
    """
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        if w <= 0:
            continue
        for r, doc in enumerate(ids, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + r)
            ranks.setdefault(doc, {})[name] = r
    return sorted(
        ((d, s, ranks[d]) for d, s in scores.items()),
        key=lambda t: (-t[1], min(t[2].values()), t[0]),
    )
