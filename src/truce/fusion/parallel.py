"""Fusing a large table on several cores, with exactly the result of one core.

Association only links observations whose time windows overlap, so the canonical order
(start time, id) falls into *time islands* that never interact. The table is cut at island
boundaries into chunks; forked workers (reading the table without pickling) fuse the chunks
and compute each chunk's incident columns, while this process turns the finished chunks into
Incident models in order, so model building overlaps the workers' arithmetic. Labels are
numbered by first row and incidents of a later island start strictly later, so joining the
chunks gives exactly ``fuse_table`` and ``build_incidents`` on the whole table.

Processes are used only when the caller asks (``workers`` > 1). The table reaches the workers
through the pool's initializer (inherited by the forked workers, not pickled) and lives in
the worker's own state; the calling process keeps no global state, so concurrent calls (a web
server's threads) never share anything.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from truce.domain.incident import Incident
from truce.fusion.association import time_window
from truce.fusion.grouping import fuse_table
from truce.fusion.incidents import (
    FusionArrays,
    IncidentColumns,
    build_incidents,
    incident_columns,
    models,
)
from truce.fusion.location import Locations
from truce.fusion.table import I64, ObsTable
from truce.procs import die_with_parent

#: The table and row order of the pool this worker process belongs to (set by
#: :func:`_init_worker` in the worker only; never written in the calling process).
_WORKER: dict[str, Any] = {}


def _init_worker(table: ObsTable, order: I64, parent: int) -> None:
    die_with_parent(parent)  # a killed fuse leaves no worker behind
    _WORKER["table"], _WORKER["order"] = table, order


def island_cuts(table: ObsTable, parts: int, *, order: I64 | None = None) -> list[int]:
    """Row indices (exclusive ends) that cut a canonical-order table (or ``table`` taken in
    ``order``) into up to ``parts`` chunks of whole time islands. The chunks are as equal as
    the islands allow, except the first, which is half as large (its results arrive first)."""
    a, b = time_window(table)
    if order is not None:
        a, b = a[order], b[order]
    reach = np.maximum.accumulate(b)
    later = np.minimum.accumulate(a[::-1])[::-1]  # earliest window start from row k on
    # a cut before row k is safe when no window before k reaches any window from k on
    safe = np.flatnonzero(later[1:] > reach[:-1]) + 1
    weights = np.r_[0.5, np.ones(max(parts - 1, 0))]
    wants = (len(a) * np.cumsum(weights)[:-1] / weights.sum()).astype(np.int64)
    cuts: list[int] = []
    for want in wants.tolist():
        if safe.size:
            k = int(safe[np.argmin(np.abs(safe - want))])
            if (not cuts or k > cuts[-1]) and 0 < k < len(a):
                cuts.append(k)
    return [*cuts, len(a)]


def _work(bounds: tuple[int, int]) -> tuple[I64, Locations, IncidentColumns]:
    table, order = _WORKER["table"], _WORKER["order"]
    lo, hi = bounds
    gc.disable()  # array work: no cycles to collect
    try:
        res = fuse_table(table.take(order[lo:hi]))
        return res.labels, res.located, incident_columns(res)
    finally:
        gc.enable()


@dataclass(frozen=True)
class Fused:
    """The full path's result: labels and locations per canonical-order row, and incidents.

    ``columns(table, order)`` gives the columnar result (:class:`FusionArrays`) for scoring.
    """

    labels: I64
    located: Locations
    m: int
    incidents: list[Incident]

    def columns(self, table: ObsTable, order: I64 | None = None) -> FusionArrays:
        ordered = table if order is None else table.take(order)
        return FusionArrays(ordered, self.labels, self.located, self.m)


def fuse_parallel(
    table: ObsTable,
    *,
    order: I64 | None = None,
    workers: int = 1,
    chunks_per_worker: int = 4,
    min_rows: int = 100_000,
    validate: bool = False,
) -> Fused:
    """The full path: association, location, counting and Incident models.

    ``table`` is in canonical order, or ``order`` (:func:`truce.fusion.engine.canonical_order`)
    gives it. Uses ``workers`` forked processes when asked (one process by default, below
    ``min_rows`` or without fork). Labels and locations are per row in canonical order; the
    incidents are sorted by (window start, id).
    """
    if order is None:
        order = np.arange(len(table))
    if workers < 2 or len(table) < min_rows or "fork" not in mp.get_all_start_methods():
        res = fuse_table(table.take(order))
        return Fused(res.labels, res.located, res.m, build_incidents(res, validate=validate))
    ends = island_cuts(table, workers * chunks_per_worker, order=order)
    starts = [0, *ends[:-1]]
    labels: list[I64] = []
    located: list[Locations] = []
    incidents: list[Incident] = []
    joins: list[int] = []
    offset = 0
    pool = mp.get_context("fork").Pool(
        workers, initializer=_init_worker, initargs=(table, order, os.getpid())
    )
    with pool:
        for lab, loc, cols in pool.imap(_work, list(zip(starts, ends, strict=True))):
            labels.append(lab + offset)
            offset += int(lab.max()) + 1 if len(lab) else 0
            located.append(loc)
            joins.append(len(incidents))
            incidents.extend(models(cols, validate=validate))
    _check_order(incidents, joins[1:])
    return Fused(np.concatenate(labels), _join(located), offset, incidents)


def _check_order(incidents: list[Incident], joins: list[int]) -> None:
    """Sort in place in the (never observed) case that two chunks' windows touch after
    rounding; ``joins`` are the positions where chunks meet."""

    def key(i: Incident) -> tuple[object, str]:
        return (i.window.start, str(i.id))

    if any(0 < j < len(incidents) and key(incidents[j - 1]) >= key(incidents[j]) for j in joins):
        incidents.sort(key=key)


def _join(parts: list[Locations]) -> Locations:
    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(x, name) for x in parts])

    return Locations(
        x=cat("x"),
        y=cat("y"),
        semi_major=cat("semi_major"),
        semi_minor=cat("semi_minor"),
        orientation_deg=cat("orientation_deg"),
        method=[m for x in parts for m in x.method],
        chi2=cat("chi2"),
        dof=cat("dof"),
    )
