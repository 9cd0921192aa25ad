"""The fusion engine: observations in, incidents out; deterministic and order-independent.

``fuse`` sorts the observations canonically (event start, then id) before anything else, so
the result depends only on the set of observations and the algorithm version. Association
only links observations of one kind whose time windows overlap, so the observations fall into
*time islands* (per kind) that never interact; ``fuse_incremental`` recomputes only the
islands that new observations touch and gives exactly what a full recompute would. Large
inputs are fused on several processes when the caller asks (``workers``), island chunks at a
time (:mod:`truce.fusion.parallel`), and the Incident models are built in bulk from columns
(:mod:`truce.fusion.incidents`). Association and location of a table are in
:mod:`truce.fusion.grouping`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

import numpy as np

from truce.domain.incident import Incident
from truce.domain.observation import Observation
from truce.fusion.association import time_window
from truce.fusion.grouping import fuse_table
from truce.fusion.incidents import FusionArrays, build_incidents, id_ints
from truce.fusion.parallel import fuse_parallel
from truce.fusion.table import I64, ObsTable, from_observations
from truce.geo.projection import LocalPlane

__all__ = ["FusionArrays", "build_incidents", "fuse", "fuse_incremental", "fuse_table"]


def default_plane(observations: Sequence[Observation]) -> LocalPlane:
    """A plane centred on the whole degree nearest the observers' median position.

    Rounding keeps the plane the same when a few observations are added, so incremental and
    full recomputes measure in the same plane.
    """
    lons = [o.position.lon for o in observations if o.position.lon is not None]
    lats = [o.position.lat for o in observations if o.position.lat is not None]
    return plane_for(np.asarray(lons, float), np.asarray(lats, float))


def plane_for(lons: np.ndarray, lats: np.ndarray) -> LocalPlane:
    """:func:`default_plane` from the observers' longitudes and latitudes."""
    if len(lons) == 0:
        return LocalPlane(0.0, 0.0)
    return LocalPlane(float(round(np.median(lons))), float(round(np.median(lats))))


def canonical(observations: Iterable[Observation]) -> list[Observation]:
    """Unique by id, sorted by (start, id): the order every computation uses."""
    by_id = {str(o.id): o for o in observations}
    return sorted(by_id.values(), key=lambda o: (o.observed.start.timestamp(), str(o.id)))


def fuse(
    observations: Iterable[Observation], *, plane: LocalPlane | None = None, workers: int = 1
) -> list[Incident]:
    """Fuse observations into incidents, sorted by (window start, id).

    Deterministic and independent of the input order (duplicates by id count once).
    Observations without coordinates are left out (resolve places at intake first). With
    ``workers`` > 1, large inputs are fused on that many processes (:mod:`truce.fusion.parallel`;
    same result); the default forks nothing.
    """
    obs = canonical(observations)
    if plane is None:
        plane = default_plane(obs)
    table, _skipped = from_observations(obs, plane=plane)
    if len(table) == 0:
        return []
    return fuse_parallel(table, workers=workers).incidents


def canonical_order(table: ObsTable) -> I64:
    """Row order (start, id) of a table built in any order; ``table.take`` it before fusing.

    Canonical UUID strings sort like their 128-bit values, so the ids sort as integers.
    """
    hi, lo = id_ints(table.ids)
    return np.lexsort((lo, hi, table.t0))


def time_islands(observations: Sequence[Observation], *, plane: LocalPlane) -> dict[str, int]:
    """Island number per observation id: observations in different islands never associate."""
    table, island, _, _ = _islands(observations, plane)
    return {table.ids[i]: int(island[i]) for i in range(len(table))}


def _islands(
    observations: Sequence[Observation], plane: LocalPlane
) -> tuple[ObsTable, I64, np.ndarray, np.ndarray]:
    """(table, island of each row, event-time window start and end of each row).

    Association only links reports of one kind, so islands are chains of overlapping windows
    within one kind (a weapon seen hours long does not tie the explosions of its day together).
    """
    table, _ = from_observations(canonical(observations), plane=plane)
    if len(table) == 0:
        return table, np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    a, b = time_window(table)
    island = np.empty(len(table), np.int64)
    base = 0
    for kind in np.unique(table.kind).tolist():
        rows = np.flatnonzero(table.kind == kind)
        order = rows[np.argsort(a[rows], kind="stable")]
        reach = np.maximum.accumulate(b[order])
        new = np.r_[True, a[order][1:] > reach[:-1]]
        island[order] = base + np.cumsum(new) - 1
        base += int(new.sum())
    return table, island, a, b


def touched_span(
    observations: Sequence[Observation], new_ids: Iterable[UUID | str], *, plane: LocalPlane
) -> tuple[float, float] | None:
    """Earliest event-time window start and latest end (epoch seconds) of the time islands
    that ``new_ids`` touch, or None when they touch none."""
    table, island, a, b = _islands(observations, plane)
    wanted = {str(i) for i in new_ids}
    hit = np.array([i in wanted for i in table.ids], bool)
    if not hit.any():
        return None
    rows = np.isin(island, island[hit])
    return float(a[rows].min()), float(b[rows].max())


def fuse_incremental(
    *,
    observations: Sequence[Observation],
    previous: Sequence[Incident],
    new_ids: Iterable[UUID | str],
    plane: LocalPlane | None = None,
    workers: int = 1,
) -> tuple[list[Incident], list[Incident]]:
    """Recompute only what new observations touch.

    ``observations`` is every observation (old and new), ``previous`` the incidents fused
    before the new ones arrived. Returns (incidents to delete, incidents to insert); applying
    both to ``previous`` gives exactly ``fuse(observations)``.
    """
    obs = canonical(observations)
    if plane is None:
        plane = default_plane(obs)
    islands = time_islands(obs, plane=plane)
    touched = {islands[str(i)] for i in new_ids if str(i) in islands}
    affected = [o for o in obs if islands.get(str(o.id)) in touched]
    stale = [
        inc for inc in previous if any(islands.get(str(i)) in touched for i in inc.observation_ids)
    ]
    fresh = fuse(affected, plane=plane, workers=workers) if affected else []
    return stale, fresh
