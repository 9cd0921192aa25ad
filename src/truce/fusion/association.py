"""Association: which observations report the same event or episode.

Two observations are *compatible* when they come from different sources, their kinds agree
(explosion subtypes may disagree: monitors misjudge impact and outgoing), their event-time
windows overlap (each report's window is moved back by the sound's travel time over its
farthest distance, and padded for minute rounding), and their sectors (bearing interval and
distance range widened by the error model of :mod:`truce.fusion.location`) intersect.

Sub-quadratic: observations are bucketed by (kind, time bin, grid cell); only observations
sharing a bucket are tested, each pair once (in the bucket that owns it). Compatible pairs form
a graph; its connected components that are cliques are incidents. Other components (chains,
or two reports of one source) are split by constrained agglomeration: merge the closest
clusters first, never two reports of one source, and only when most cross pairs agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from truce.domain.vocabulary import EventKind
from truce.fusion.location import widened_sector
from truce.fusion.table import F64, I64, KINDS, ObsTable

#: Padding of every report's time window, seconds (reports are written to the minute).
TIME_PAD_S = 90.0
#: Static things (weapons seen, positions) stay put: reports hours apart may be one incident.
STATIC_PAD_S = 6 * 3600.0
#: Lowest speed of sound considered when moving a window back by the travel time, m/s.
SLOW_SOUND = 320.0
#: Bucket sizes: grid cell (m) and time bin (s).
CELL_M = 15000.0
BIN_S = 600.0
#: Share of cross pairs that must be compatible to merge two clusters while splitting.
MERGE_SHARE = 0.6

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


def geometry(t: ObsTable) -> Geometry:
    c, h, r1, r2 = widened_sector(t)
    static = np.isin(t.kind, list(_STATIC))
    pad = np.where(static, STATIC_PAD_S, TIME_PAD_S)
    a = t.t0 - r2 / SLOW_SOUND - pad
    b = t.t1 + pad
    # disc around the sector: centre on the bisector at mid-range; radius reaches every corner
    full = h >= math.pi / 2
    rm = np.where(full, 0.0, 0.5 * (r1 + r2) * np.cos(np.minimum(h, math.pi / 2)))
    cx = t.x + rm * np.sin(c)
    cy = t.y + rm * np.cos(c)
    corners = []
    for rr in (r1, r2):
        for s in (-1.0, 0.0, 1.0):
            px = t.x + rr * np.sin(c + s * h)
            py = t.y + rr * np.cos(c + s * h)
            corners.append(np.hypot(px - cx, py - cy))
    r = np.where(full, r2, np.max(np.stack(corners), axis=0))
    return Geometry(a, b, cx, cy, r, c, h, r1, r2)


def candidate_pairs(t: ObsTable, g: Geometry) -> tuple[I64, I64]:
    """Pairs (i < j) that share a (kind, time bin, cell) bucket, each pair once."""
    n = len(t)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    x0 = np.floor((g.cx - g.r) / CELL_M).astype(np.int64)
    x1 = np.floor((g.cx + g.r) / CELL_M).astype(np.int64)
    y0 = np.floor((g.cy - g.r) / CELL_M).astype(np.int64)
    y1 = np.floor((g.cy + g.r) / CELL_M).astype(np.int64)
    t0 = np.floor(g.a / BIN_S).astype(np.int64)
    t1 = np.floor(g.b / BIN_S).astype(np.int64)
    x0, x1 = x0 - x0.min(), x1 - x0.min()
    y0, y1 = y0 - y0.min(), y1 - y0.min()
    tmin = t0.min()
    t0, t1 = t0 - tmin, t1 - tmin
    nx, ny, nt = int(x1.max()) + 1, int(y1.max()) + 1, int(t1.max()) + 1
    # replicate each observation over its cells and bins
    sx, sy, st = x1 - x0 + 1, y1 - y0 + 1, t1 - t0 + 1
    reps = sx * sy * st
    row = np.repeat(np.arange(n), reps)
    k = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    kx = x0[row] + k % sx[row]
    ky = y0[row] + (k // sx[row]) % sy[row]
    kt = t0[row] + k // (sx[row] * sy[row])
    key = ((t.kind[row] * nt + kt) * ny + ky) * nx + kx
    order = np.argsort(key, kind="stable")  # rows ascend within a key: np.repeat keeps order
    key, row, kx, ky, kt = key[order], row[order], kx[order], ky[order], kt[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    size = np.diff(np.r_[starts, len(key)])
    gstart = np.repeat(starts, size)
    rank = np.arange(len(key)) - gstart
    cnt = np.repeat(size, size) - 1 - rank
    total = int(cnt.sum())
    left = np.repeat(np.arange(len(key)), cnt)
    right = left + 1 + (np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    i, j = row[left], row[right]
    # owner bucket: the max of both lower corners; keep the pair only there
    own = (
        (kx[left] == np.maximum(x0[i], x0[j]))
        & (ky[left] == np.maximum(y0[i], y0[j]))
        & (kt[left] == np.maximum(t0[i], t0[j]))
    )
    i, j = i[own], j[own]
    return np.minimum(i, j), np.maximum(i, j)


def _in_sector(px: F64, py: F64, t: ObsTable, g: Geometry, k: I64) -> np.ndarray:
    dx, dy = px - t.x[k], py - t.y[k]
    rho = np.hypot(dx, dy)
    ang = np.abs((np.arctan2(dx, dy) - g.c[k] + math.pi) % (2 * math.pi) - math.pi)
    inside: np.ndarray = (
        (rho >= g.r1[k]) & (rho <= g.r2[k]) & ((ang <= g.h[k]) | (g.h[k] >= math.pi))
    )
    return inside


def _samples_inside(t: ObsTable, g: Geometry, src: I64, dst: I64) -> np.ndarray:
    """Whether any sample point of ``src``'s sector lies in ``dst``'s sector."""
    hit = np.zeros(len(src), bool)
    for rr in (g.r1[src], 0.5 * (g.r1[src] + g.r2[src]), g.r2[src]):
        for s in (-1.0, 0.0, 1.0):
            ang = g.c[src] + s * np.minimum(g.h[src], math.pi)
            hit |= _in_sector(t.x[src] + rr * np.sin(ang), t.y[src] + rr * np.cos(ang), t, g, dst)
    # the point of src's centre ray nearest to dst's observer
    ux, uy = np.sin(g.c[src]), np.cos(g.c[src])
    along = np.clip((t.x[dst] - t.x[src]) * ux + (t.y[dst] - t.y[src]) * uy, g.r1[src], g.r2[src])
    hit |= _in_sector(t.x[src] + along * ux, t.y[src] + along * uy, t, g, dst)
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
    ii, jj = i[idx], j[idx]
    geo = _rays_cross(t, g, ii, jj) | _samples_inside(t, g, ii, jj) | _samples_inside(t, g, jj, ii)
    ok[idx] = geo
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
    i, j = candidate_pairs(t, g)
    keep = compatible(t, g, i, j)
    i, j = i[keep], j[keep]
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    m, comp = connected_components(graph, directed=False)
    size = np.bincount(comp, minlength=m)
    edges = np.bincount(comp[i], minlength=m)
    clique = edges == size * (size - 1) // 2
    if clique.all():
        return _relabel(comp)
    labels = comp.copy()
    next_label = m
    # the commonest non-clique, a chain a-b-c, splits into the closer pair and the third
    chain = (size == 3) & (edges == 2)
    if chain.any():
        sel = np.flatnonzero(chain[comp[i]])
        ci, cj, cc = i[sel], j[sel], comp[i[sel]]
        o = np.lexsort((cj, ci, pair_distance(g, ci, cj), cc))
        ci, cj, cc = ci[o], cj[o], cc[o]
        first = np.r_[True, cc[1:] != cc[:-1]]
        lone_mask = np.zeros(n, bool)
        lone_mask[np.flatnonzero(chain[comp])] = True
        lone_mask[ci[first]] = False
        lone_mask[cj[first]] = False
        lone = np.flatnonzero(lone_mask)
        labels[lone] = next_label + np.arange(len(lone))
        next_label += len(lone)
        clique = clique | chain
    bad = np.flatnonzero(~clique)
    in_bad = ~clique[comp[i]]
    ei, ej = i[in_bad], j[in_bad]
    dist = pair_distance(g, ei, ej)
    order = np.lexsort((ej, ei, dist, comp[ei]))
    ei, ej, ec = ei[order], ej[order], comp[ei[order]]
    bounds = np.searchsorted(ec, bad), np.searchsorted(ec, bad, side="right")
    members_by_comp = _members(comp, bad)
    for b, lo, hi in zip(bad.tolist(), bounds[0].tolist(), bounds[1].tolist(), strict=True):
        groups = _split(members_by_comp[b], ei[lo:hi].tolist(), ej[lo:hi].tolist(), t.src)
        for grp in groups[1:]:
            labels[grp] = next_label
            next_label += 1
    return _relabel(labels)


def _members(comp: I64, wanted: I64) -> dict[int, list[int]]:
    mask = np.isin(comp, wanted)
    rows = np.flatnonzero(mask)
    order = np.argsort(comp[rows], kind="stable")
    rows = rows[order]
    cs = comp[rows]
    out: dict[int, list[int]] = {}
    starts = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
    for s, e in zip(starts.tolist(), np.r_[starts[1:], len(cs)].tolist(), strict=True):
        out[int(cs[s])] = rows[s:e].tolist()
    return out


def _split(members: list[int], ei: list[int], ej: list[int], src: I64) -> list[list[int]]:
    """Constrained agglomeration of one component; edges come sorted, closest first."""
    parent = {v: v for v in members}
    clusters = {v: [v] for v in members}
    sources = {v: {int(src[v])} for v in members}
    adj: dict[int, set[int]] = {v: set() for v in members}
    for a, b in zip(ei, ej, strict=True):
        adj[a].add(b)
        adj[b].add(a)

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in zip(ei, ej, strict=True):
        ra, rb = find(a), find(b)
        if ra == rb or sources[ra] & sources[rb]:
            continue
        ca, cb = clusters[ra], clusters[rb]
        cross = sum(1 for u in ca for v in cb if v in adj[u])
        if cross < MERGE_SHARE * len(ca) * len(cb):
            continue
        keep, drop = (ra, rb) if ra < rb else (rb, ra)
        parent[drop] = keep
        clusters[keep] = ca + cb
        sources[keep] |= sources[drop]
        del clusters[drop], sources[drop]
    return sorted((sorted(c) for c in clusters.values()), key=lambda c: c[0])


def _relabel(labels: I64) -> I64:
    """Labels renumbered 0..m-1 in order of each group's first row."""
    _, first, inv = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inv.ravel()]
