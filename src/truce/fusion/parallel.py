"""Fusing a large table on several cores, with exactly the result of one core.

Association only links observations whose time windows overlap, so the canonical order
(start time, id) falls into *time islands* that never interact, and every island's rows are
contiguous in that order (a later island's windows start after every earlier window ends).
The table is cut at island boundaries into one chunk per worker; each chunk is fused alone
(forked workers read it without pickling) and the labels are offset and joined. Labels are
numbered by first row, so the joined result equals ``fuse_table`` on the whole table.
"""

from __future__ import annotations

import multiprocessing as mp

import numpy as np

from truce.fusion.association import geometry
from truce.fusion.engine import FusionArrays, fuse_table
from truce.fusion.location import Located
from truce.fusion.table import I64, ObsTable

_SHARED: ObsTable | None = None


def island_cuts(table: ObsTable, parts: int) -> list[int]:
    """Row indices (exclusive ends) that cut a canonical-order table into ``parts`` chunks
    of whole time islands, as equal in size as the islands allow."""
    g = geometry(table)
    reach = np.maximum.accumulate(g.b)
    # a cut before row k is safe when no earlier window reaches row k's window
    safe = np.flatnonzero(g.a[1:] > reach[:-1]) + 1
    cuts: list[int] = []
    for p in range(1, parts):
        want = len(table) * p // parts
        if safe.size:
            k = int(safe[np.argmin(np.abs(safe - want))])
            if (not cuts or k > cuts[-1]) and 0 < k < len(table):
                cuts.append(k)
    return [*cuts, len(table)]


def _work(bounds: tuple[int, int]) -> tuple[I64, Located]:
    assert _SHARED is not None
    lo, hi = bounds
    res = fuse_table(_SHARED.take(np.arange(lo, hi)))
    return res.labels, res.located


def fuse_table_parallel(
    table: ObsTable, *, workers: int = 2, min_rows: int = 100_000
) -> FusionArrays:
    """``fuse_table`` on ``workers`` forked processes (one process below ``min_rows``)."""
    global _SHARED
    if workers < 2 or len(table) < min_rows or "fork" not in mp.get_all_start_methods():
        return fuse_table(table)
    ends = island_cuts(table, workers)
    starts = [0, *ends[:-1]]
    _SHARED = table
    try:
        with mp.get_context("fork").Pool(len(ends)) as pool:
            parts = pool.map(_work, list(zip(starts, ends, strict=True)))
    finally:
        _SHARED = None
    labels, offset = [], 0
    for lab, _ in parts:
        labels.append(lab + offset)
        offset += int(lab.max()) + 1 if len(lab) else 0
    loc = [p[1] for p in parts]

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(x, name) for x in loc])

    located = Located(
        x=cat("x"),
        y=cat("y"),
        semi_major=cat("semi_major"),
        semi_minor=cat("semi_minor"),
        orientation_deg=cat("orientation_deg"),
        method=[m for x in loc for m in x.method],
        chi2=cat("chi2"),
        dof=cat("dof"),
    )
    return FusionArrays(table, np.concatenate(labels), located, offset)
