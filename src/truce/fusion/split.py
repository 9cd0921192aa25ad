"""Splitting components of the compatibility graph that are not cliques, vectorised.

A connected component of compatible observations that is not a clique (a chain a-b-c, or two
reports of one source linked through a third) is split by *constrained agglomeration*: start
from single observations and merge two clusters only when

* they share no source (one source's two reports are two things it saw), and
* at least ``MERGE_SHARE`` of their cross pairs are compatible (average linkage on the graph:
  a cluster is a near-clique, never a chain).

Merging runs in rounds over every component at once (no Python loop per component): in each
round every cluster picks its best admissible partner, the closest by single-linkage distance
with ties broken by the pair's cluster numbers, and *mutually best* pairs merge. The globally
closest admissible pair is always mutually best, so every round with an admissible pair
merges at least one; components where nothing is admissible any more leave the loop. The
result depends only on the rows' order (callers sort canonically) and the pair distances.
"""

from __future__ import annotations

import numpy as np

from truce.fusion.table import F64, I64, sorted_unique

#: Share of cross pairs that must be compatible to merge two clusters.
MERGE_SHARE = 0.6


def split_components(
    *, n: int, comp: I64, bad: np.ndarray, ei: I64, ej: I64, dist: F64, src: I64
) -> I64:
    """Cluster labels (row numbers of a representative) for the rows of components ``bad``.

    ``comp`` is each row's component, ``bad`` a mask over components to split, ``(ei, ej)``
    the compatible pairs inside them (``ei < ej``) and ``dist`` their distances; ``src`` each
    row's source code. Rows outside ``bad`` components keep ``comp``-based labels offset by
    ``n`` so the two never collide.
    """
    labels = comp.astype(np.int64) + n
    rows = np.flatnonzero(bad[comp])
    cl = np.arange(n, dtype=np.int64)  # cluster of each row (the smallest row in it)
    active_e = np.ones(len(ei), bool)
    first = True  # the first round starts from single rows (each compatible pair unique)
    while active_e.any():
        ei, ej, dist = ei[active_e], ej[active_e], dist[active_e]
        a, b = cl[ei], cl[ej]
        inner = a == b
        ei, ej, dist, a, b = ei[~inner], ej[~inner], dist[~inner], a[~inner], b[~inner]
        if len(ei) == 0:
            break
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        merged, live = _round(cl, rows, lo, hi, dist, src, n, singletons=first)
        first = False
        if not merged:
            break
        # a cluster with no admissible partner never merges again: an admissible union
        # (A u B, C) needs (A, C) or (B, C) admissible (share and sources alike)
        active_e = live[cl[ei]] & live[cl[ej]]
    labels[rows] = cl[rows]
    return labels


def _round(
    cl: I64, rows: I64, lo: I64, hi: I64, dist: F64, src: I64, n: int, *, singletons: bool
) -> tuple[bool, np.ndarray]:
    """One round of mutual-best merging; updates ``cl`` in place.

    Returns whether anything merged and, per cluster number, whether it had an admissible
    partner (only those clusters' components can still change).
    """
    size = np.bincount(cl[rows], minlength=n)
    # cluster pairs: number of compatible cross pairs and the closest one (sorted by pair,
    # then distance: the first of each run is the closest)
    if singletons:  # every pair of rows is one edge: nothing to group
        pa, pb, near, cross = lo, hi, dist, np.ones(len(lo), np.int64)
    else:
        key = lo * n + hi
        o = np.lexsort((dist, key))
        key, dist = key[o], dist[o]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        cross = np.diff(np.r_[first, len(key)])
        near = dist[first]
        pa, pb = key[first] // n, key[first] % n
    ok = cross >= MERGE_SHARE * size[pa] * size[pb] - 1e-9
    # two single reports joined by a compatible pair have different sources
    check = np.flatnonzero(ok & (size[pa] + size[pb] > 2))
    ok[check] = ~_share_source(cl, rows, pa[check], pb[check], src, n)
    pa, pb, near = pa[ok], pb[ok], near[ok]
    live = np.zeros(n, bool)
    if len(pa) == 0:
        return False, live
    live[pa] = True
    live[pb] = True
    # each cluster's best partner by (distance, lo, hi): a symmetric order, so the global
    # minimum is best for both of its ends
    rank = np.empty(len(pa), np.int64)
    rank[np.lexsort((pb, pa, near))] = np.arange(len(pa))
    top = np.full(n, len(pa), np.int64)
    np.minimum.at(top, pa, rank)
    np.minimum.at(top, pb, rank)
    by_rank = np.empty(len(pa), np.int64)
    by_rank[rank] = np.arange(len(pa))
    best = np.full(n, -1, np.int64)
    has = np.flatnonzero(top < len(pa))
    k = by_rank[top[has]]
    best[has] = np.where(pa[k] == has, pb[k], pa[k])
    c = np.flatnonzero(best >= 0)
    mutual = c[(best[best[c]] == c) & (c < best[c])]
    if len(mutual) == 0:
        return False, live
    target = np.arange(n, dtype=np.int64)
    target[best[mutual]] = mutual
    cl[rows] = target[cl[rows]]
    return True, live


def _share_source(cl: I64, rows: I64, pa: I64, pb: I64, src: I64, n: int) -> np.ndarray:
    """Whether clusters ``pa[k]`` and ``pb[k]`` have a source in common (vectorised)."""
    if len(pa) == 0:
        return np.zeros(0, bool)
    order = rows[np.argsort(cl[rows], kind="stable")]
    cs = cl[order]
    start = np.searchsorted(cs, np.arange(n))
    count = np.bincount(cs, minlength=n)
    pair = np.arange(len(pa))
    parts = []
    for side in (pa, pb):
        k = count[side]
        p = np.repeat(pair, k)
        off = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k)
        parts.append((p, src[order[np.repeat(start[side], k) + off]]))
    p = np.r_[parts[0][0], parts[1][0]]
    s = np.r_[parts[0][1], parts[1][1]]
    base = int(src.max()) + 1 if len(src) else 1
    distinct = np.bincount(sorted_unique(p * base + s) // base, minlength=len(pa))
    shared: np.ndarray = distinct < count[pa] + count[pb]
    return shared
