"""Association: which observations report the same event or episode.

Two observations are *compatible* when they come from different sources, their kinds agree
(explosion subtypes may disagree: monitors misjudge impact and outgoing), their event-time
windows overlap (each report's window is moved back by the sound's travel time over its
farthest distance, and padded for minute rounding), and their sectors (bearing interval and
distance range widened by the error model of :mod:`truce.fusion.location`) intersect.

Sub-quadratic: observations are bucketed by (kind, grid cell) and swept in time within each
bucket; only observations sharing a bucket and overlapping in time are tested, each pair once.
Compatible pairs form a graph; its connected components that are cliques are incidents. Other
components (chains, or two reports of one source) are split by constrained agglomeration
(:mod:`truce.fusion.split`): never two reports of one source, and only when most cross pairs
agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from truce.domain.vocabulary import EventKind
from truce.fusion.location import widened_sector
from truce.fusion.split import split_components
from truce.fusion.subtype_split import split_by_subtype, split_two_places
from truce.fusion.table import F64, I64, KINDS, ObsTable

#: Padding of every report's time window, seconds (reports are written to the minute).
TIME_PAD_S = 90.0
#: Static things (weapons seen, positions) stay put: reports hours apart may be one incident.
STATIC_PAD_S = 6 * 3600.0
#: Lowest speed of sound considered when moving a window back by the travel time, m/s.
SLOW_SOUND = 320.0
#: Farthest distance sound is assumed to travel to a monitor, metres: a window moves back by
#: at most this over ``SLOW_SOUND`` (a report's stated range may be wider).
MAX_HEARD_M = 60_000.0
#: The most a report's event-time window reaches beyond its observed window, seconds: a bound
#: that lets the store read only the time around new observations (``truce.services.fusion``).
MAX_WINDOW_REACH_S = STATIC_PAD_S + MAX_HEARD_M / SLOW_SOUND
#: Grid cell of the spatial buckets, metres.
CELL_M = 30000.0
#: Candidate pairs made and tested at a time (:func:`candidate_pairs`).
PAIR_CHUNK = 1 << 20

_STATIC = {KINDS.index(EventKind.WEAPON), KINDS.index(EventKind.PRESENCE)}


@dataclass(frozen=True)
class Geometry:
    """Per-observation search geometry derived once from the table."""

    a: F64  # event-time window start
    b: F64  # event-time window end
    cx: F64  # centre of the search disc
    cy: F64
    r: F64  # radius of the search disc
    c: F64  # widened sector: centre bearing, half-width, rmin, rmax
    h: F64
    r1: F64
    r2: F64
    ux: F64  # unit vector of the sector's bisector (east, north)
    uy: F64
    cos_h: F64  # cosine of the half-width (-1 for a full circle)


def time_window(t: ObsTable) -> tuple[F64, F64]:
    """Each report's event-time window (a, b): moved back by the sound's travel time over its
    farthest distance, padded for minute rounding (hours for static things)."""
    r2 = np.minimum(widened_sector(t)[3], MAX_HEARD_M)
    pad = np.where(np.isin(t.kind, list(_STATIC)), STATIC_PAD_S, TIME_PAD_S)
    return t.t0 - r2 / SLOW_SOUND - pad, t.t1 + pad


def geometry(t: ObsTable) -> Geometry:
    c, h, r1, r2 = widened_sector(t)
    a, b = time_window(t)
    # disc around the sector: centre on the bisector at mid-range; radius reaches every corner
    # (in the sector's own frame, apex at 0 and bisector along u: the corners (r cos h,
    # +-r sin h) and the bisector's ends (r, 0) for r in r1, r2)
    full = h >= math.pi / 2
    cos_h, sin_h = np.cos(h), np.sin(h)
    rm = np.where(full, 0.0, 0.5 * (r1 + r2) * cos_h)
    ux, uy = np.sin(c), np.cos(c)
    cx = t.x + rm * ux
    cy = t.y + rm * uy
    r = np.maximum.reduce([
        np.hypot(r1 * cos_h - rm, r1 * sin_h), np.hypot(r2 * cos_h - rm, r2 * sin_h),
        np.abs(r1 - rm), np.abs(r2 - rm),
    ])  # fmt: skip
    r = np.where(full, r2, r)
    return Geometry(a, b, cx, cy, r, c, h, r1, r2, ux, uy, np.cos(np.minimum(h, math.pi)))


def candidate_pairs(
    t: ObsTable,
    g: Geometry,
    *,
    keep: Callable[[I64, I64], np.ndarray] | None = None,
    chunk: int = PAIR_CHUNK,
) -> tuple[I64, I64]:
    """Pairs (i < j) of one kind whose time windows overlap and whose discs share a grid cell,
    and that ``keep`` (a vectorised test of pairs) keeps.

    Each observation is listed in the grid cells its search disc's bounding box touches; in
    each (kind, cell) list, sorted by window start, an observation pairs with the following
    ones that start before its window ends (a sweep: no time bins, every pair overlaps in
    time). A pair sharing several cells is kept in one, the cell of both boxes' max corner.
    The sweep's pairs are made and tested ``chunk`` at a time, in one order whatever the
    chunk: a dense cluster of reports that mostly cannot associate (thousands of one sensor's
    same-second reports) holds only the kept pairs, not all n² candidates (4,000 such
    reports took 2.3 GB at once).
    """
    n = len(t)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    x0 = np.floor((g.cx - g.r) / CELL_M).astype(np.int64)
    x1 = np.floor((g.cx + g.r) / CELL_M).astype(np.int64)
    y0 = np.floor((g.cy - g.r) / CELL_M).astype(np.int64)
    y1 = np.floor((g.cy + g.r) / CELL_M).astype(np.int64)
    xmin, ymin = int(x0.min()), int(y0.min())
    x0, x1, y0, y1 = x0 - xmin, x1 - xmin, y0 - ymin, y1 - ymin
    nx, ny = int(x1.max()) + 1, int(y1.max()) + 1
    sx, sy = x1 - x0 + 1, y1 - y0 + 1
    reps = sx * sy
    row = np.repeat(np.arange(n), reps)
    k = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    kx = x0[row] + k % sx[row]
    ky = y0[row] + k // sx[row]
    cell = (t.kind[row] * ny + ky) * nx + kx
    # whole seconds, widened outwards: a superset of the overlapping pairs
    amin = float(g.a.min())
    a = np.floor(g.a - amin).astype(np.int64)
    b = np.ceil(g.b - amin).astype(np.int64)
    span = int(b.max()) + 2
    skey = cell * span + a[row]
    order = np.argsort(skey, kind="stable")
    skey, row, cell = skey[order], row[order], cell[order]
    hi = np.searchsorted(skey, cell * span + b[row], side="right")
    cnt = hi - np.arange(len(skey)) - 1
    upto = np.cumsum(cnt)
    parts_i: list[I64] = []
    parts_j: list[I64] = []
    start = 0
    while start < len(skey):
        stop = max(int(np.searchsorted(upto, upto[start] - cnt[start] + chunk, "right")), start + 1)
        c = cnt[start:stop]
        left = np.repeat(np.arange(start, stop), c)
        right = left + 1 + (np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c))
        i, j = row[left], row[right]
        at = cell[left] % (nx * ny)
        own = (at % nx == np.maximum(x0[i], x0[j])) & (at // nx == np.maximum(y0[i], y0[j]))
        i, j = np.minimum(i[own], j[own]), np.maximum(i[own], j[own])
        if keep is not None:
            kept = keep(i, j)
            i, j = i[kept], j[kept]
        parts_i.append(i)
        parts_j.append(j)
        start = stop
    if not parts_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(parts_i), np.concatenate(parts_j)


def _in_sector(px: F64, py: F64, t: ObsTable, g: Geometry, k: I64) -> np.ndarray:
    """Whether points lie in the widened sectors of rows ``k`` (annulus and bearing interval;
    the angle test as a dot product: angle <= h iff cos(angle) >= cos(h) for h in [0, pi])."""
    dx, dy = px - t.x[k], py - t.y[k]
    rho = np.hypot(dx, dy)
    inside: np.ndarray = (rho >= g.r1[k]) & (rho <= g.r2[k])
    inside &= dx * g.ux[k] + dy * g.uy[k] >= rho * g.cos_h[k]
    return inside


def _sample(t: ObsTable, g: Geometry, src: I64, dst: I64, q: int) -> tuple[F64, F64]:
    """Sample point ``q`` (0-9) of ``src``'s sector: the corners and mid-points of its edges
    and centre line (0-8), and the point of its centre ray nearest to ``dst``'s observer (9)."""
    if q == 9:
        ux, uy = g.ux[src], g.uy[src]
        dot = (t.x[dst] - t.x[src]) * ux + (t.y[dst] - t.y[src]) * uy
        along = np.clip(dot, g.r1[src], g.r2[src])
        return t.x[src] + along * ux, t.y[src] + along * uy
    rr = (g.r1[src], 0.5 * (g.r1[src] + g.r2[src]), g.r2[src])[q // 3]
    side = q % 3 - 1  # -1, 0, +1: left edge, centre line, right edge
    ang = g.c[src] + side * np.minimum(g.h[src], math.pi)
    return t.x[src] + rr * np.sin(ang), t.y[src] + rr * np.cos(ang)


def _sectors_touch(t: ObsTable, g: Geometry, i: I64, j: I64) -> np.ndarray:
    """Whether the centre rays cross inside both ranges or a sample point of one sector lies
    in the other; pairs already decided are not tested again."""
    hit = _rays_cross(t, g, i, j)
    rest = np.flatnonzero(~hit)
    for src, dst in ((i, j), (j, i)):
        for q in (4, 1, 7, 9, 0, 2, 3, 5, 6, 8):  # most telling first
            if len(rest) == 0:
                return hit
            s, d = src[rest], dst[rest]
            px, py = _sample(t, g, s, d, q)
            inside = _in_sector(px, py, t, g, d)
            hit[rest[inside]] = True
            rest = rest[~inside]
    return hit


def _rays_cross(t: ObsTable, g: Geometry, i: I64, j: I64) -> np.ndarray:
    """Whether the two centre rays cross inside both distance ranges."""
    ax, ay = np.sin(g.c[i]), np.cos(g.c[i])
    bx, by = np.sin(g.c[j]), np.cos(g.c[j])
    den = ax * (-by) - ay * (-bx)
    ox, oy = t.x[j] - t.x[i], t.y[j] - t.y[i]
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (ox * (-by) - oy * (-bx)) / den
        u = (ax * oy - ay * ox) / den
    cross: np.ndarray = (np.abs(den) > 1e-9) & (s >= g.r1[i]) & (s <= g.r2[i])
    cross &= (u >= g.r1[j]) & (u <= g.r2[j])
    return cross


def compatible(t: ObsTable, g: Geometry, i: I64, j: I64) -> np.ndarray:
    """Vectorised compatibility test of the pairs (i, j)."""
    ok: np.ndarray = (t.src[i] != t.src[j]) & (t.kind[i] == t.kind[j])
    ok &= (g.a[i] <= g.b[j]) & (g.a[j] <= g.b[i])
    ok &= np.hypot(g.cx[i] - g.cx[j], g.cy[i] - g.cy[j]) <= g.r[i] + g.r[j]
    weapon_kind = t.kind[i] == KINDS.index(EventKind.WEAPON)
    ok &= ~weapon_kind | (t.weapon[i] == t.weapon[j]) | (t.weapon[i] < 0) | (t.weapon[j] < 0)
    idx = np.flatnonzero(ok)
    ok[idx] = _sectors_touch(t, g, i[idx], j[idx])
    return ok


def pair_distance(g: Geometry, i: I64, j: I64) -> F64:
    """A dissimilarity of compatible pairs: disc-centre distance over the summed radii."""
    return np.hypot(g.cx[i] - g.cx[j], g.cy[i] - g.cy[j]) / (g.r[i] + g.r[j] + 1.0)


def associate(t: ObsTable) -> I64:
    """A group label per row of ``t`` (0..m-1), deterministic given the table's row order.

    Callers sort the table canonically first, so labels do not depend on input order.
    """
    n = len(t)
    if n == 0:
        return np.zeros(0, np.int64)
    g = geometry(t)
    i, j = candidate_pairs(t, g, keep=lambda i, j: compatible(t, g, i, j))
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    m, comp = connected_components(graph, directed=False)
    comp = comp.astype(np.int64)
    size = np.bincount(comp, minlength=m)
    edges = np.bincount(comp[i], minlength=m)
    bad = edges != size * (size - 1) // 2
    if bad.any():
        sel = bad[comp[i]]
        ei, ej = i[sel], j[sel]
        comp = split_components(
            n=n, comp=comp, bad=bad, ei=ei, ej=ej, dist=pair_distance(g, ei, ej), src=t.src
        )
    labels = split_by_subtype(labels=_relabel(comp), kind=t.kind, sub=t.sub, cx=g.cx, cy=g.cy)
    labels = split_two_places(
        labels=_relabel(labels), kind=t.kind, directed=np.isfinite(t.brg), cx=g.cx, cy=g.cy
    )
    return _relabel(labels)


def _relabel(labels: I64) -> I64:
    """Labels renumbered 0..m-1 in order of each group's first row."""
    _, first, inv = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inv.ravel()]
