"""Distance from many points to one polyline, fast and geodesic-accurate.

The polyline (a contact line) lives in a local metric plane (metres; a
:class:`~truce.geo.conformal.ConformalPlane` or a :class:`~truce.geo.projection.LocalPlane`).
:class:`PolylineIndex` answers "which segment is nearest, and how
far" for arrays of plane points:

* Vertices that move the line by less than ``simplify_m`` (default 5 cm) are dropped first
  (Douglas-Peucker keeps original vertices and bounds the Hausdorff distance, so every distance
  is exact to ``simplify_m``). A line densified with collinear points collapses to its corners.
* An STRtree over the segments answers small batches with ``query_nearest``.
* For large batches a grid over the extent lists, per cell, every segment that can be nearest
  to some point of the cell (segments within ``d(centre) + half-diagonal`` of the cell, found
  with the STRtree); each point is then measured against its cell's candidates with vectorised
  NumPy, in chunks, bucketed by candidate count. The result is the exact plane minimum.
* A line of more than 1,000 segments also gets coarser levels of detail (built with the
  candidate grids, on the first large batch), used only far from the line and only where they
  bound the relative error by ``tolerance`` (1e-3): see :class:`PolylineIndex`.

Plane distances are then made geodesic (:func:`geodesic_refine`): for points nearer than
``refine_m`` the nearest point is taken on the *great-circle* edge (as PostGIS ``geography``
does, edges between vertices being great-circle arcs) and the distance from the point to it is
measured on the WGS84 ellipsoid with :class:`pyproj.Geod`. Farther away, the plane distance is
kept: its relative error is bounded by the plane's scale error over the extent
(:func:`plane_error_bound`, from the Tissot indicatrix: about 0.02 % over the Donbas), far
inside the 0.5 % the mission needs; when the bound exceeds ``MAX_PLANE_ERROR`` every point is
refined.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt
from pyproj import CRS, Geod, Proj

from truce.geo._segments import CandidateGrid, GridLayout, Segments

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

WGS84 = Geod(ellps="WGS84")


class Plane(Protocol):
    """A local metric plane (:class:`~truce.geo.projection.LocalPlane`,
    :class:`~truce.geo.conformal.ConformalPlane`)."""

    @property
    def crs(self) -> CRS: ...

    def forward(self, lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]: ...

    def inverse(self, x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]: ...


_EARTH_RADIUS_M = 6_371_008.8
#: Largest relative error accepted from plane distances before every point is refined.
MAX_PLANE_ERROR = 1e-3
_GRID_MIN_POINTS = 20_000
#: Coarser levels of detail are built only for lines with more segments than this.
_COARSE_MIN_SEGMENTS = 1_000


@dataclass(frozen=True)
class NearestSegments:
    """Per point: plane distance (m), index of the nearest fine segment and position ``t`` along
    it; ``segment`` is -1 where a coarser level of detail decided (far from the line)."""

    distance: FloatArray
    segment: IntArray
    t: FloatArray


@dataclass
class PolylineIndex:
    """Nearest-segment index of a (multi)polyline given in plane metres.

    ``parts`` are ``(n, 2)`` arrays of plane coordinates; ``extent`` (minx, miny, maxx, maxy)
    is where queries are expected (candidate grids cover it; points outside use the STRtree).

    Levels of detail: a line of more than 1,000 segments also gets coarser copies,
    Douglas-Peucker-simplified at ``eps = tolerance * exact_within_m * 2**k``. A coarse copy is
    within ``eps`` of the line (Hausdorff), so its distance ``d_k`` bounds the true one to
    ``+-eps``; it answers for a point only when ``d_k - eps >= eps / tolerance``, i.e. when the
    relative error is at most ``tolerance`` and the point is at least ``exact_within_m`` away.
    Nearer points are measured exactly against the full-detail segments. Far points of a dense
    line thus meet few, long segments instead of hundreds of short ones.
    """

    parts: Sequence[npt.ArrayLike]
    extent: tuple[float, float, float, float] | None = None
    simplify_m: float = 0.05
    cells: int = 1 << 16
    tolerance: float = 1e-3
    exact_within_m: float = 2_000.0
    levels: list[Segments] = field(init=False, repr=False)
    _grids_built: bool = field(init=False, repr=False, default=False)
    _plane_parts: list[FloatArray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._plane_parts = [
            np.asarray(p, dtype=float)[:, :2] for p in self.parts if len(np.asarray(p)) >= 2
        ]
        self.levels = [Segments(self._plane_parts, self.simplify_m)]

    @classmethod
    def of_segments(
        cls,
        fine: Segments,
        parts: list[FloatArray],
        *,
        extent: tuple[float, float, float, float] | None,
        simplify_m: float,
        cells: int,
        tolerance: float,
        exact_within_m: float,
    ) -> PolylineIndex:
        """The index of ``parts`` whose full-detail segments ``fine`` are already made (e.g.
        read from a cache); ``parts`` (plane vertices) are used only by coarser levels."""
        index = cls.__new__(cls)
        index.parts = index._plane_parts = parts
        index.extent, index.simplify_m, index.cells = extent, simplify_m, cells
        index.tolerance, index.exact_within_m = tolerance, exact_within_m
        index.levels, index._grids_built = [fine], False
        return index

    def _add_coarse_levels(self) -> None:
        """The coarser levels of detail; built with the grids, on the first large query (a
        small query never uses them: building them costs a Douglas-Peucker pass each)."""
        eps = self.tolerance * self.exact_within_m
        reach = math.inf
        if self.extent is not None:
            reach = math.hypot(self.extent[2] - self.extent[0], self.extent[3] - self.extent[1])
        while len(self.levels[-1]) > _COARSE_MIN_SEGMENTS and eps / self.tolerance < reach:
            coarse = Segments(self._plane_parts, eps)
            if len(coarse) < 0.7 * len(self.levels[-1]):
                self.levels.append(coarse)
            eps *= 2.0

    @property
    def fine(self) -> Segments:
        return self.levels[0]

    @property
    def n_segments(self) -> int:
        """Segments at full detail."""
        return len(self.fine)

    @property
    def part_of(self) -> IntArray:
        """Index of the part each full-detail segment belongs to."""
        return self.fine.part_of

    def segment_ends(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Start x, start y, end x, end y of every full-detail segment (plane metres)."""
        f = self.fine
        return f.ax, f.ay, f.ax + f.dx, f.ay + f.dy

    def build_grids(self) -> None:
        """Build the candidate grids (done on the first large query; once per index).

        The coarsest level covers every cell; each finer level only the cells where the next
        coarser one may not be allowed to answer."""
        if self._grids_built or self.extent is None:
            return
        self._add_coarse_levels()
        layout = GridLayout.over(self.extent, self.cells)
        active: npt.NDArray[np.bool_] | None = None
        for level in reversed(self.levels):
            level.grid = CandidateGrid.build(tree=level.tree, layout=layout, active=active)
            if level is not self.fine:
                eps, d = level.tolerance, level.grid.d_centre
                # Cells some point of which this level may not answer for (NaN: never reached).
                active = ~np.isnan(d) & ~(d - layout.half_diagonal - eps >= eps / self.tolerance)
        self._grids_built = True

    def nearest(
        self, x: npt.ArrayLike, y: npt.ArrayLike, *, full_detail: bool = False
    ) -> NearestSegments:
        """The nearest segment of each plane point, its distance in metres and position ``t``
        (``full_detail``: never answer from a coarser level)."""
        px, py = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
        dist = np.empty(len(px))
        seg = np.full(len(px), -1, dtype=np.int64)
        t = np.zeros(len(px))
        todo = np.arange(len(px))
        if len(px) >= _GRID_MIN_POINTS:
            self.build_grids()
            for level in reversed(self.levels[1:] if not full_detail else []):
                lx, ly = px[todo], py[todo]
                d, _ = level.measure(lx, ly, level.nearest(lx, ly))
                ok = d - level.tolerance >= level.tolerance / self.tolerance
                dist[todo[ok]] = d[ok]
                todo = todo[~ok]
        fx, fy = px[todo], py[todo]
        s = self.fine.nearest(fx, fy)
        dist[todo], t[todo] = self.fine.measure(fx, fy, s)
        seg[todo] = s
        return NearestSegments(distance=dist, segment=seg, t=t)


def plane_error_bound(plane: Plane, extent_lonlat: tuple[float, float, float, float]) -> float:
    """Largest relative distance error of ``plane`` over a lon/lat box: the largest deviation
    from 1 of the Tissot indicatrix semi-axes (PROJ ``get_factors``) on a 25 x 25 grid."""
    west, south, east, north = extent_lonlat
    lon, lat = np.meshgrid(np.linspace(west, east, 25), np.linspace(south, north, 25))
    factors = Proj(plane.crs).get_factors(lon.ravel(), lat.ravel())
    a = np.asarray(factors.tissot_semimajor, dtype=float)
    b = np.asarray(factors.tissot_semiminor, dtype=float)
    return float(max(np.max(np.abs(a - 1.0)), np.max(np.abs(b - 1.0))))


def _unit(lon: FloatArray, lat: FloatArray) -> FloatArray:
    lo, la = np.radians(lon), np.radians(lat)
    cl = np.cos(la)
    return np.stack([cl * np.cos(lo), cl * np.sin(lo), np.sin(la)], axis=-1)


def _lonlat(v: FloatArray) -> tuple[FloatArray, FloatArray]:
    return (
        np.degrees(np.arctan2(v[:, 1], v[:, 0])),
        np.degrees(np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1]))),
    )


def great_circle_foot(
    lon: FloatArray,
    lat: FloatArray,
    a_lon: FloatArray,
    a_lat: FloatArray,
    b_lon: FloatArray,
    b_lat: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Nearest point (lon, lat) of each great-circle arc A-B to each point P, on the sphere.

    Coordinates are taken as spherical, as PostGIS ``geography`` does for its edges
    (``edge_distance_to_point`` in liblwgeom's ``lwgeodetic.c``).
    """
    a, b = _unit(a_lon, a_lat), _unit(b_lon, b_lat)
    return _lonlat(_foot(_unit(lon, lat), _Arcs.of(a, b)))


@dataclass(frozen=True)
class _Arcs:
    """Great-circle arcs A-B as unit vectors, with the unit normal ``n`` of each (zero, and
    ``ok`` false, where A and B coincide or are antipodal)."""

    a: FloatArray
    b: FloatArray
    n: FloatArray
    ok: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, a: FloatArray, b: FloatArray) -> _Arcs:
        n = np.cross(a, b)
        norm = np.linalg.norm(n, axis=1)
        ok = norm > 1e-15
        n = np.divide(n, norm[:, None], out=np.zeros_like(n), where=ok[:, None])
        return cls(a, b, n, ok)

    def take(self, seg: IntArray) -> _Arcs:
        return _Arcs(self.a[seg], self.b[seg], self.n[seg], self.ok[seg])


def _foot(p: FloatArray, arcs: _Arcs) -> FloatArray:
    """Unit vector of the nearest point of each arc to each unit vector ``p``."""
    a, b, n = arcs.a, arcs.b, arcs.n
    f = p - np.sum(p * n, axis=1)[:, None] * n
    fn = np.linalg.norm(f, axis=1)
    f = np.divide(f, fn[:, None], out=np.zeros_like(f), where=fn[:, None] > 0)
    on_arc = arcs.ok & (fn > 0)
    on_arc &= np.sum(np.cross(a, f) * n, axis=1) >= 0
    on_arc &= np.sum(np.cross(f, b) * n, axis=1) >= 0
    nearer_a = np.sum(p * a, axis=1) >= np.sum(p * b, axis=1)
    end = np.where(nearer_a[:, None], a, b)
    foot: FloatArray = np.where(on_arc[:, None], f, end)
    return foot


def geodesic_distance_to_segments(
    lon: FloatArray,
    lat: FloatArray,
    a_lon: FloatArray,
    a_lat: FloatArray,
    b_lon: FloatArray,
    b_lat: FloatArray,
) -> FloatArray:
    """Metres on the WGS84 ellipsoid from each point to the nearest point of its great-circle
    segment (the foot found on the sphere, the distance measured with ``pyproj.Geod``)."""
    f_lon, f_lat = great_circle_foot(lon, lat, a_lon, a_lat, b_lon, b_lat)
    _, _, dist = WGS84.inv(lon, lat, f_lon, f_lat)
    return np.asarray(dist, dtype=float)


@dataclass(frozen=True)
class LineDistances:
    """What :meth:`GeodesicLine.measure` found: the distances (m), the points in the line's
    plane, and their nearest plane segments (:meth:`PolylineIndex.nearest`)."""

    distance: FloatArray
    x: FloatArray
    y: FloatArray
    nearest: NearestSegments


@dataclass
class GeodesicLine:
    """Geodesic-accurate distance from WGS84 points to a (multi)line, vectorised.

    Built from lon/lat ``parts``; measures in ``plane`` (a local plane chosen from the
    extent) and refines near the line on the ellipsoid (see the module docstring).
    """

    parts: Sequence[npt.ArrayLike]
    plane: Plane
    extent_lonlat: tuple[float, float, float, float]
    refine_m: float = 2_000.0
    simplify_m: float = 0.05
    index: PolylineIndex = field(init=False, repr=False)
    _ends: tuple[FloatArray, FloatArray, FloatArray, FloatArray] | None = field(
        init=False, repr=False, default=None
    )
    _arcs_all: _Arcs | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        plane_parts = []
        for part in self.parts:
            ll = np.asarray(part, dtype=float)
            x, y = self.plane.forward(ll[:, 0], ll[:, 1])
            plane_parts.append(np.column_stack([x, y]))
        west, south, east, north = self.extent_lonlat
        ex, ey = self.plane.forward(
            np.array([west, east, west, east, (west + east) / 2, (west + east) / 2]),
            np.array([south, south, north, north, south, north]),
        )
        if plane_error_bound(self.plane, self.extent_lonlat) > MAX_PLANE_ERROR:
            self.refine_m = math.inf
        self.index = PolylineIndex(
            plane_parts,
            extent=(float(ex.min()), float(ey.min()), float(ex.max()), float(ey.max())),
            simplify_m=self.simplify_m,
            exact_within_m=self.refine_m if math.isfinite(self.refine_m) else 1e12,
        )

    @classmethod
    def of_index(
        cls,
        index: PolylineIndex,
        *,
        plane: Plane,
        extent_lonlat: tuple[float, float, float, float],
        refine_m: float,
        simplify_m: float,
    ) -> GeodesicLine:
        """The line whose plane index is already built (e.g. from a cache); ``parts`` (the
        lon/lat input) is left empty and ``refine_m`` is taken as given."""
        line = cls.__new__(cls)
        line.parts, line.plane, line.extent_lonlat = (), plane, extent_lonlat
        line.refine_m, line.simplify_m, line.index = refine_m, simplify_m, index
        line._ends, line._arcs_all = None, None
        return line

    def distance(
        self, lon: npt.ArrayLike, lat: npt.ArrayLike, *, exact: bool = False
    ) -> FloatArray:
        """Distance in metres from each (lon, lat) to the line.

        With ``exact``, and always within ``refine_m`` of the line: the geodesic distance
        (great-circle edges, WGS84 ellipsoid; as PostGIS ``geography``) to the segment nearest
        in the plane. Otherwise the plane distance (full detail or a coarser level of detail),
        whose relative error is below :data:`MAX_PLANE_ERROR` plus the index's ``tolerance``.
        """
        return self.measure(lon, lat, exact=exact).distance

    def measure(
        self, lon: npt.ArrayLike, lat: npt.ArrayLike, *, exact: bool = False
    ) -> LineDistances:
        """:meth:`distance`, with what it found on the way: the points in the plane and their
        nearest plane segments (for callers that need them too, not to search twice)."""
        lo = np.asarray(lon, dtype=float).ravel()
        la = np.asarray(lat, dtype=float).ravel()
        x, y = self.plane.forward(lo, la)
        near = self.index.nearest(x, y, full_detail=exact)
        dist = near.distance.copy()
        todo = np.flatnonzero(((dist < self.refine_m) | exact) & (near.segment >= 0))
        if len(todo):
            dist[todo] = self._refine(lo[todo], la[todo], near.segment[todo])
        return LineDistances(distance=dist, x=x, y=y, nearest=near)

    def _refine(self, lon: FloatArray, lat: FloatArray, seg: IntArray) -> FloatArray:
        # The plane's nearest segment and its neighbours in the same part: near a vertex the
        # great-circle nearest edge may be the adjacent one. Pick the nearest foot on the
        # sphere, then measure once on the ellipsoid.
        last = self.index.n_segments - 1
        part_of = self.index.part_of
        p = _unit(lon, lat)
        best = np.full(len(lon), np.inf)
        f_lon, f_lat = np.zeros(len(lon)), np.zeros(len(lon))
        for shift in (0, -1, 1):
            s = np.clip(seg + shift, 0, last) if shift else seg
            same = part_of[s] == part_of[seg]
            c_lon, c_lat = _lonlat(_foot(p, self._arcs(s)))
            chord = np.linalg.norm(p - _unit(c_lon, c_lat), axis=1)
            better = same & (chord < best)
            best = np.where(better, chord, best)
            f_lon = np.where(better, c_lon, f_lon)
            f_lat = np.where(better, c_lat, f_lat)
        _, _, dist = WGS84.inv(lon, lat, f_lon, f_lat)
        return np.asarray(dist, dtype=float)

    def _arcs(self, seg: IntArray) -> _Arcs:
        """Segments ``seg`` as great-circle arcs: every segment's computed once (and kept) for
        a large batch, those segments' only for a small one."""
        if self._arcs_all is None and (
            self._ends is not None or 4 * len(seg) >= self.index.n_segments
        ):
            a_lon, a_lat, b_lon, b_lat = self._lonlat_ends(np.arange(self.index.n_segments))
            self._arcs_all = _Arcs.of(_unit(a_lon, a_lat), _unit(b_lon, b_lat))
        if self._arcs_all is not None:
            return self._arcs_all.take(seg)
        a_lon, a_lat, b_lon, b_lat = self._lonlat_ends(seg)
        return _Arcs.of(_unit(a_lon, a_lat), _unit(b_lon, b_lat))

    def _lonlat_ends(self, seg: IntArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Start lon, start lat, end lon, end lat of segments ``seg``: those segments' plane
        ends projected back for a small batch, every segment's once (kept) for a large one."""
        ax, ay, bx, by = self.index.segment_ends()
        if self._ends is None and 4 * len(seg) < len(ax):
            a_lon, a_lat = self.plane.inverse(ax[seg], ay[seg])
            b_lon, b_lat = self.plane.inverse(bx[seg], by[seg])
            return a_lon, a_lat, b_lon, b_lat
        if self._ends is None:
            self._ends = (*self.plane.inverse(ax, ay), *self.plane.inverse(bx, by))
        a_lon, a_lat, b_lon, b_lat = self._ends
        return a_lon[seg], a_lat[seg], b_lon[seg], b_lat[seg]
