"""Fusing a large table on several cores, with exactly the result of one core.

Association only links observations whose time windows overlap, so the canonical order
(start time, id) falls into *time islands* that never interact. The table is cut at island
boundaries into chunks; forked workers (reading the table without pickling) fuse the chunks
and compute each chunk's incident columns, while this process turns the finished chunks into
Incident models in order, so model building overlaps the workers' arithmetic. Labels are
numbered by first row and incidents of a later island start strictly later, so joining the
chunks gives exactly ``fuse_table`` and ``build_incidents`` on the whole table.
"""

from __future__ import annotations

import multiprocessing as mp

import numpy as np

from truce.fusion.association import time_window
from truce.fusion.engine import fuse_table
from truce.fusion.incidents import (
    FusionArrays,
    IncidentColumns,
    build_incidents,
    incident_columns,
    models,
)
from truce.fusion.location import Located
from truce.fusion.model import Incident
from truce.fusion.table import I64, ObsTable

_SHARED: ObsTable | None = None


def island_cuts(table: ObsTable, parts: int) -> list[int]:
    """Row indices (exclusive ends) that cut a canonical-order table into up to ``parts``
    chunks of whole time islands, as equal in size as the islands allow."""
    a, b = time_window(table)
    reach = np.maximum.accumulate(b)
    later = np.minimum.accumulate(a[::-1])[::-1]  # earliest window start from row k on
    # a cut before row k is safe when no window before k reaches any window from k on
    safe = np.flatnonzero(later[1:] > reach[:-1]) + 1
    cuts: list[int] = []
    for p in range(1, parts):
        want = len(table) * p // parts
        if safe.size:
            k = int(safe[np.argmin(np.abs(safe - want))])
            if (not cuts or k > cuts[-1]) and 0 < k < len(table):
                cuts.append(k)
    return [*cuts, len(table)]


def _work(bounds: tuple[int, int]) -> tuple[I64, Located, IncidentColumns]:
    assert _SHARED is not None
    lo, hi = bounds
    res = fuse_table(_SHARED.take(np.arange(lo, hi)))
    return res.labels, res.located, incident_columns(res)


def fuse_parallel(
    table: ObsTable,
    *,
    workers: int = 2,
    chunks_per_worker: int = 4,
    min_rows: int = 100_000,
    validate: bool = False,
) -> tuple[FusionArrays, list[Incident]]:
    """The full path on a canonical-order table: association, location and Incident models.

    Uses ``workers`` forked processes (one process below ``min_rows`` or without fork).
    Returns the columnar result and the incidents sorted by (window start, id).
    """
    global _SHARED
    if workers < 2 or len(table) < min_rows or "fork" not in mp.get_all_start_methods():
        res = fuse_table(table)
        return res, build_incidents(res, validate=validate)
    ends = island_cuts(table, workers * chunks_per_worker)
    starts = [0, *ends[:-1]]
    labels: list[I64] = []
    located: list[Located] = []
    incidents: list[Incident] = []
    joins: list[int] = []
    offset = 0
    _SHARED = table
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            for lab, loc, cols in pool.imap(_work, list(zip(starts, ends, strict=True))):
                labels.append(lab + offset)
                offset += int(lab.max()) + 1 if len(lab) else 0
                located.append(loc)
                joins.append(len(incidents))
                incidents.extend(models(cols, validate=validate))
    finally:
        _SHARED = None
    _check_order(incidents, joins[1:])
    return FusionArrays(table, np.concatenate(labels), _join(located), offset), incidents


def _check_order(incidents: list[Incident], joins: list[int]) -> None:
    """Sort in place in the (never observed) case that two chunks' windows touch after
    rounding; ``joins`` are the positions where chunks meet."""

    def key(i: Incident) -> tuple[object, str]:
        return (i.window.start, str(i.id))

    if any(0 < j < len(incidents) and key(incidents[j - 1]) >= key(incidents[j]) for j in joins):
        incidents.sort(key=key)


def _join(parts: list[Located]) -> Located:
    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(x, name) for x in parts])

    return Located(
        x=cat("x"),
        y=cat("y"),
        semi_major=cat("semi_major"),
        semi_minor=cat("semi_minor"),
        orientation_deg=cat("orientation_deg"),
        method=[m for x in parts for m in x.method],
        chi2=cat("chi2"),
        dof=cat("dof"),
    )
