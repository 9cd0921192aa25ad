"""The fusion engine: observations in, incidents out; deterministic and order-independent.

``fuse`` sorts the observations canonically (event start, then id) before anything else, so
the result depends only on the set of observations and the algorithm version. Association
only links observations whose time windows overlap, so the observations fall into *time
islands* that never interact; ``fuse_incremental`` recomputes only the islands that new
observations touch and gives exactly what a full recompute would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import numpy as np

from truce.domain.observation import Observation
from truce.domain.vocabulary import EventKind, ExplosionSubtype, SourceType
from truce.fusion.association import associate, geometry
from truce.fusion.counting import count
from truce.fusion.location import SOUND_SPEED, Located, locate_groups, locate_single
from truce.fusion.model import (
    ALGORITHM_VERSION,
    Counts,
    Ellipse,
    Incident,
    TimeWindow,
    incident_id,
)
from truce.fusion.table import (
    I64,
    KINDS,
    SOURCE_TYPES,
    SUBTYPES,
    WEAPONS,
    ObsTable,
    from_observations,
)
from truce.geo.projection import LocalPlane

#: How much one report of each source type adds to an incident's confidence.
SOURCE_RELIABILITY: dict[SourceType, float] = {
    SourceType.PATROL: 0.55,
    SourceType.POST: 0.55,
    SourceType.CAMERA: 0.6,
    SourceType.UAV: 0.75,
    SourceType.SENSOR: 0.45,
    SourceType.MEDIA: 0.2,
    SourceType.PARTY: 0.15,
}


@dataclass(frozen=True)
class FusionArrays:
    """The columnar result: one label per table row and per-incident arrays."""

    table: ObsTable
    labels: I64
    located: Located
    m: int


def default_plane(observations: Sequence[Observation]) -> LocalPlane:
    """A plane centred on the whole degree nearest the observers' median position.

    Rounding keeps the plane the same when a few observations are added, so incremental and
    full recomputes measure in the same plane.
    """
    lons = [o.position.lon for o in observations if o.position.lon is not None]
    lats = [o.position.lat for o in observations if o.position.lat is not None]
    if not lons:
        return LocalPlane(0.0, 0.0)
    return LocalPlane(float(round(np.median(lons))), float(round(np.median(lats))))


def canonical(observations: Iterable[Observation]) -> list[Observation]:
    """Unique by id, sorted by (start, id): the order every computation uses."""
    by_id = {str(o.id): o for o in observations}
    return sorted(by_id.values(), key=lambda o: (o.observed.start.timestamp(), str(o.id)))


def fuse_table(table: ObsTable) -> FusionArrays:
    """Associate, then locate every group; ``table`` must be in canonical order."""
    labels = associate(table)
    m = int(labels.max()) + 1 if len(labels) else 0
    size = np.bincount(labels, minlength=m)
    single_rows = np.flatnonzero(size[labels] == 1)
    multi_rows = np.flatnonzero(size[labels] > 1)
    x = np.zeros(m)
    y = np.zeros(m)
    major = np.zeros(m)
    minor = np.zeros(m)
    orient = np.zeros(m)
    chi2 = np.zeros(m)
    dof = np.zeros(m)
    method = [""] * m
    if single_rows.size:
        s = locate_single(table.take(single_rows))
        inc = labels[single_rows]
        x[inc], y[inc], major[inc], minor[inc], orient[inc] = (
            s.x, s.y, s.semi_major, s.semi_minor, s.orientation_deg
        )  # fmt: skip
        for k, mth in zip(inc.tolist(), s.method, strict=True):
            method[k] = mth
    if multi_rows.size:
        multi_inc = np.flatnonzero(size > 1)
        dense = np.full(m, -1, np.int64)
        dense[multi_inc] = np.arange(len(multi_inc))
        g = locate_groups(table.take(multi_rows), dense[labels[multi_rows]], len(multi_inc))
        x[multi_inc], y[multi_inc] = g.x, g.y
        major[multi_inc], minor[multi_inc], orient[multi_inc] = (
            g.semi_major, g.semi_minor, g.orientation_deg
        )  # fmt: skip
        chi2[multi_inc], dof[multi_inc] = g.chi2, g.dof
        for k, mth in zip(multi_inc.tolist(), g.method, strict=True):
            method[k] = mth
    located = Located(x, y, major, minor, orient, method, chi2, dof)
    return FusionArrays(table, labels, located, m)


def fuse(observations: Iterable[Observation], *, plane: LocalPlane | None = None) -> list[Incident]:
    """Fuse observations into incidents, sorted by (window start, id).

    Deterministic and independent of the input order (duplicates by id count once).
    Observations without coordinates are left out (resolve places at intake first).
    """
    obs = canonical(observations)
    if plane is None:
        plane = default_plane(obs)
    table, _skipped = from_observations(obs, plane=plane)
    if len(table) == 0:
        return []
    return build_incidents(fuse_table(table))


def canonical_order(table: ObsTable) -> I64:
    """Row order (start, id) of a table built in any order; ``table.take`` it before fusing."""
    return np.lexsort((np.asarray(table.ids), table.t0))


def build_incidents(res: FusionArrays, *, validate: bool = True) -> list[Incident]:
    """Incident models from the columnar result, sorted by (window start, id).

    ``validate=False`` skips pydantic validation (the values are computed here and valid by
    construction); bulk callers use it for speed.
    """
    t, lab, loc, m = res.table, res.labels, res.located, res.m
    counts = count(t, lab, m)
    lon, lat = t.plane.inverse(loc.x, loc.y)
    # event window: the reports' windows moved back by the sound's travel time; their
    # intersection when they agree, else their union
    ev0 = t.t0 - 0.5 * (t.dmin + t.dmax) / SOUND_SPEED
    lo, hi = np.full(m, -np.inf), np.full(m, np.inf)
    np.maximum.at(lo, lab, ev0)
    np.minimum.at(hi, lab, t.t1)
    ulo, uhi = np.full(m, np.inf), np.full(m, -np.inf)
    np.minimum.at(ulo, lab, ev0)
    np.maximum.at(uhi, lab, t.t1)
    start = np.where(lo <= hi, lo, ulo)
    end = np.maximum(np.where(lo <= hi, hi, uhi), start)
    wmask = np.zeros(m, np.int64)
    np.bitwise_or.at(wmask, lab, t.weapons_mask)
    nsrc = _n_sources(lab, t.src, m)
    rel = np.array([SOURCE_RELIABILITY.get(s, 0.3) for s in SOURCE_TYPES])[t.stype]
    miss = np.exp(np.bincount(lab, weights=np.log1p(-rel), minlength=m))  # P(all wrong)
    fit = np.where(
        loc.dof > 0, np.exp(-np.maximum(0.0, loc.chi2 / np.maximum(loc.dof, 1) - 1) / 8), 1.0
    )
    conf = np.round(np.clip((1.0 - miss) * fit, 0.0, 1.0), 4)
    kind = np.zeros(m, np.int64)
    kind[lab] = t.kind
    order = np.argsort(lab, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(lab, minlength=m))]
    ids = np.asarray(t.ids)[order]
    major = np.round(loc.semi_major, 1)
    minor = np.minimum(np.round(loc.semi_minor, 1), major)
    orient = np.round(loc.orientation_deg, 2) % 180.0
    make = _validated if validate else _constructed
    out = []
    for k in range(m):
        members = sorted(ids[bounds[k] : bounds[k + 1]].tolist())
        by = {s: int(v[k]) for s, v in counts.by_subtype.items()}
        kd = KINDS[kind[k]]
        q = "at_least" if counts.lower_bound[k] else ("about" if counts.estimated[k] else "exact")
        out.append(make(dict(
            id=incident_id(members), algorithm_version=ALGORITHM_VERSION, kind=kd,
            subtype=_subtype(by) if kd is EventKind.EXPLOSION else None,
            weapons=tuple(w for b, w in enumerate(WEAPONS) if wmask[k] >> b & 1),
            lon=float(lon[k]), lat=float(lat[k]),
            ellipse=dict(semi_major_m=float(major[k]), semi_minor_m=float(minor[k]),
                         orientation_deg=float(orient[k])),
            method=loc.method[k],
            window=dict(start=_dt(start[k]), end=_dt(end[k])),
            counts=dict(total=int(counts.total[k]), qualifier=q,
                        **{s.value: n for s, n in by.items()}),
            observation_ids=tuple(UUID(i) for i in members), n_sources=int(nsrc[k]),
            confidence=float(conf[k]),
        )))  # fmt: skip
    out.sort(key=lambda inc: (inc.window.start, str(inc.id)))
    return out


def _validated(d: dict[str, Any]) -> Incident:
    return Incident.model_validate(d)


def _constructed(d: dict[str, Any]) -> Incident:
    d["ellipse"] = Ellipse.model_construct(**d["ellipse"])
    d["window"] = TimeWindow.model_construct(**d["window"])
    d["counts"] = Counts.model_construct(**d["counts"])
    return Incident.model_construct(**d)


def _subtype(by: dict[ExplosionSubtype, int]) -> ExplosionSubtype:
    """The dominant determined subtype, unless undetermined rounds outnumber it."""
    best = max(
        (s for s in SUBTYPES if s is not ExplosionSubtype.UNDETERMINED),
        key=lambda s: (by.get(s, 0), -SUBTYPES.index(s)),
    )
    n = by.get(best, 0)
    return (
        best
        if n > 0 and n >= by.get(ExplosionSubtype.UNDETERMINED, 0)
        else ExplosionSubtype.UNDETERMINED
    )


def _n_sources(lab: I64, src: I64, m: int) -> I64:
    base = int(src.max()) + 1 if len(src) else 1
    pairs = np.unique(lab * base + src)
    return np.bincount(pairs // base, minlength=m)


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(round(float(ts), 3), tz=UTC)


def time_islands(observations: Sequence[Observation], *, plane: LocalPlane) -> dict[str, int]:
    """Island number per observation id: observations in different islands never associate."""
    table, _ = from_observations(canonical(observations), plane=plane)
    if len(table) == 0:
        return {}
    g = geometry(table)
    order = np.argsort(g.a, kind="stable")
    a, b = g.a[order], g.b[order]
    reach = np.maximum.accumulate(b)
    new = np.r_[True, a[1:] > reach[:-1]]
    island = np.cumsum(new) - 1
    out = np.empty(len(table), np.int64)
    out[order] = island
    return {table.ids[i]: int(out[i]) for i in range(len(table))}


def fuse_incremental(
    *,
    observations: Sequence[Observation],
    previous: Sequence[Incident],
    new_ids: Iterable[UUID | str],
    plane: LocalPlane | None = None,
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
    fresh = fuse(affected, plane=plane) if affected else []
    return stale, fresh
