"""Observations as columns of NumPy arrays, in a local metric plane.

Fusion works on arrays, not on one model at a time: this module turns ``Observation`` models
(or already-columnar simulator output) into an :class:`ObsTable` whose rows are observations
and whose columns are what association, location and counting need. Observations without
coordinates (a place not yet resolved by the gazetteer) are left out and listed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from truce.domain.observation import Observation
from truce.domain.vocabulary import (
    COMPASS_HALF_WIDTH_DEG,
    Compass16,
    CountQualifier,
    EventKind,
    ExplosionSubtype,
    SourceType,
    Weapon,
)
from truce.geo.projection import LocalPlane

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

KINDS: tuple[EventKind, ...] = tuple(EventKind)
SUBTYPES: tuple[ExplosionSubtype, ...] = tuple(ExplosionSubtype)
WEAPONS: tuple[Weapon, ...] = tuple(Weapon)
QUALIFIERS: tuple[CountQualifier, ...] = tuple(CountQualifier)
SOURCE_TYPES: tuple[SourceType, ...] = tuple(SourceType)

#: Half the width of one 16-point compass word, in degrees.
COMPASS_HALF_DEG = COMPASS_HALF_WIDTH_DEG

#: Distance (km) assumed when a report gives a direction but no distance, by kind: how far such
#: an event is usually heard or seen. It keeps every sector finite.
UNSTATED_DISTANCE_KM: dict[EventKind, tuple[float, float]] = {
    EventKind.EXPLOSION: (0.5, 10.0),
    EventKind.FIRE: (0.2, 3.0),
    EventKind.PROJECTILE: (0.3, 5.0),
    EventKind.FLARE: (0.5, 6.0),
    EventKind.MUZZLE_FLASH: (0.3, 5.0),
}
#: Radius (km) around the observer when neither direction nor distance is given.
UNDIRECTED_RADIUS_KM: dict[EventKind, float] = {
    EventKind.EXPLOSION: 12.0,
    EventKind.FIRE: 3.0,
    EventKind.PROJECTILE: 5.0,
    EventKind.FLARE: 6.0,
    EventKind.MUZZLE_FLASH: 5.0,
}


def sorted_unique(x: I64) -> I64:
    """``np.unique(x)`` by sorting (NumPy 2's hash-based unique is far slower on large ints)."""
    s = np.sort(x)
    out: I64 = s[np.r_[True, s[1:] != s[:-1]]] if len(s) else s
    return out


@dataclass
class ObsTable:
    """Observations as columns; every array has one row per observation.

    Times are seconds since the Unix epoch; ``x``, ``y`` metres in ``plane``; bearings radians
    clockwise from north. ``brg`` is NaN when no direction was given; ``dmin``/``dmax`` are
    always finite (an unstated distance gets the kind's usual range, and ``dist_stated`` says so).
    """

    plane: LocalPlane
    ids: list[str]
    t0: F64
    t1: F64
    x: F64
    y: F64
    kind: I64
    sub: I64  # index in SUBTYPES, -1 none
    weapon: I64  # first weapon's index in WEAPONS, -1 none
    brg: F64  # bearing centre, radians; NaN when undirected
    half: F64  # half-width of the reported bearing interval, radians
    bsig: F64  # standard deviation of the reporting error on top of the interval, radians
    dmin: F64
    dmax: F64
    dist_stated: npt.NDArray[np.bool_]
    count: F64  # NaN when uncountable or unstated
    qual: I64
    src: I64  # dense code of (source type, source id)
    stype: I64
    weapons_mask: I64  # bit i set when WEAPONS[i] is named
    source_names: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.t0)

    def take(self, idx: I64, *, ids: bool = True) -> ObsTable:
        """The rows ``idx`` as a new table (same plane, same source codes).

        ``ids=False`` leaves the ids out (an empty list), for computations that never read them.
        """
        sel = [self.ids[i] for i in idx.tolist()] if ids else []
        cols = {
            name: getattr(self, name)[idx]
            for name in (
                "t0", "t1", "x", "y", "kind", "sub", "weapon", "brg", "half", "bsig",
                "dmin", "dmax", "dist_stated", "count", "qual", "src", "stype", "weapons_mask",
            )
        }  # fmt: skip
        return ObsTable(plane=self.plane, ids=sel, source_names=self.source_names, **cols)


def _bearing_interval(obs: Observation) -> tuple[float, float, float]:
    """(centre, half-width, error sigma) in degrees, or NaNs when undirected."""
    d = obs.direction
    if d is None or (not d.bearings and not d.bearing_deg):
        return math.nan, math.nan, math.nan
    return _interval(tuple(d.bearings), tuple(d.bearing_deg), d.sigma_deg)


@lru_cache(maxsize=4096)
def _interval(
    words: tuple[Compass16, ...], degrees: tuple[float, ...], sigma_deg: float | None
) -> tuple[float, float, float]:
    """:func:`_bearing_interval` of one direction (few distinct ones: cached)."""
    if degrees:
        degs = list(degrees)
        half = 0.0
        sigma = sigma_deg if sigma_deg is not None else 5.0
    else:
        degs = [Compass16(b).degrees for b in words]
        half = COMPASS_HALF_DEG
        sigma = sigma_deg if sigma_deg is not None else 0.0
    centre, span = circular_span(degs)
    return centre, half + span / 2.0, sigma


def circular_span(degs: Sequence[float]) -> tuple[float, float]:
    """Centre and width (degrees) of the smallest arc containing every bearing in ``degs``."""
    a = sorted(d % 360.0 for d in degs)
    if len(a) == 1:
        return a[0], 0.0
    gaps = [(a[(i + 1) % len(a)] - a[i]) % 360.0 for i in range(len(a))]
    k = int(np.argmax(gaps))  # the arc starts after the largest gap
    start = a[(k + 1) % len(a)]
    width = 360.0 - gaps[k]
    return (start + width / 2.0) % 360.0, width


def from_observations(
    observations: Sequence[Observation], *, plane: LocalPlane | None = None
) -> tuple[ObsTable, list[str]]:
    """Columns of the located observations, and the ids of those left out (no coordinates)."""
    located = [o for o in observations if o.position.lon is not None and o.position.lat is not None]
    skipped = [str(o.id) for o in observations if o.position.lon is None or o.position.lat is None]
    n = len(located)
    lon = np.fromiter((o.position.lon for o in located), float, n)
    lat = np.fromiter((o.position.lat for o in located), float, n)
    if plane is None:
        plane = (
            LocalPlane.for_bounds(lon.min(), lat.min(), lon.max(), lat.max())
            if n
            else LocalPlane(0.0, 0.0)
        )
    x, y = plane.forward(lon, lat) if n else (np.zeros(0), np.zeros(0))
    kind_ix = {k: i for i, k in enumerate(KINDS)}
    sub_ix = {s: i for i, s in enumerate(SUBTYPES)}
    w_ix = {w: i for i, w in enumerate(WEAPONS)}
    q_ix = {q: i for i, q in enumerate(QUALIFIERS)}
    st_ix = {s: i for i, s in enumerate(SOURCE_TYPES)}
    src_codes: dict[str, int] = {}
    rows = []
    for o in located:
        ev = o.event
        c, h, s = _bearing_interval(o)
        if o.distance_km is not None:
            dmin, dmax, stated = o.distance_km.min * 1e3, o.distance_km.max * 1e3, True
        else:
            lo, hi = UNSTATED_DISTANCE_KM.get(ev.kind, (0.0, 2.0))
            dmin, dmax, stated = lo * 1e3, hi * 1e3, False
            if math.isnan(c):
                dmin, dmax = 0.0, UNDIRECTED_RADIUS_KM.get(ev.kind, 2.0) * 1e3
        name = f"{o.source.type.value}:{o.source.id}"
        weapons = ev.weapons
        count = ev.count
        rows.append(
            (
                o.observed.start.timestamp(),
                o.observed.end.timestamp(),
                kind_ix[ev.kind],
                sub_ix[ev.subtype] if ev.subtype is not None else -1,
                w_ix[weapons[0]] if weapons else -1,
                c, h, s, dmin, dmax, stated,
                math.nan if count.value is None else float(count.value),
                q_ix[count.qualifier],
                src_codes.setdefault(name, len(src_codes)),
                st_ix[o.source.type],
                sum(1 << w_ix[w] for w in set(weapons)) if weapons else 0,
            )
        )  # fmt: skip
    cols = list(zip(*rows, strict=True)) if rows else [()] * 16

    def f(i: int) -> F64:
        return np.asarray(cols[i], dtype=float)

    def g(i: int) -> I64:
        return np.asarray(cols[i], dtype=np.int64)

    table = ObsTable(
        plane=plane,
        ids=[str(o.id) for o in located],
        t0=f(0), t1=f(1), x=x, y=y, kind=g(2), sub=g(3), weapon=g(4),
        brg=np.radians(f(5)), half=np.radians(f(6)), bsig=np.radians(f(7)),
        dmin=f(8), dmax=f(9), dist_stated=np.asarray(cols[10], dtype=bool),
        count=f(11), qual=g(12), src=g(13), stype=g(14), weapons_mask=g(15),
        source_names=list(src_codes),
    )  # fmt: skip
    return table, skipped
