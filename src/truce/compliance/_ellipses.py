"""Facts of many 95 % ellipses without tracing each one (issue 11.4: 1,000,000 incidents).

Two pieces, shared by the per-incident path (:func:`truce.compliance.facts.compute_facts`) and
the columnar one (:mod:`truce.compliance.batch`):

* :func:`distance_range`: the nearest and farthest distance to the contact line over an
  ellipse that cannot reach the line (:func:`may_reach_line` says which can: those are traced
  and measured as polygons, as before), from its centre alone. The distance to a straight
  line is linear across it, so over the ellipse it spans ``d -+ h``, ``d`` the centre's
  (geodesic) distance and ``h`` the ellipse's half-width along the direction to the line's
  nearest point, ``h = sqrt((a cos t)^2 + (b sin t)^2)`` (``t`` the angle between that
  direction and the major axis). Exact for the true ellipse where the line is straight across
  its reach; where the line bends there it is the first-order estimate (off by up to about
  ``a^2 / 2d`` at a corner). Measuring the 64-gon against the line cost ~80 us an incident.
* :func:`clear_of_boundaries`: whether an ellipse lies wholly inside or wholly outside every
  side, zone and the regions' union, i.e. its centre is farther than its semi-major axis (with
  margins for the plane's scale error and the polygon's straight edges) from every one of
  their boundaries; then every membership fact of the ellipse is its centre's. Only the others
  are traced (:func:`ellipse_polygons`) and tested as polygons.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely

from truce.agreement.spatial import SpatialIndex
from truce.geo.distance import PolylineIndex
from truce.geo.projection import offsets_to_lonlat

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: Longest piece (degrees) of a boundary edge in the boundary index: about 200 m, where a
#: straight lon/lat edge and its straight image in the plane are millimetres apart.
_EDGE_DEG = 0.002
#: Relative allowance on distances to the boundaries: the plane's scale error (below 1e-3,
#: :data:`truce.geo.distance.MAX_PLANE_ERROR`) and the index's coarse levels (1e-3).
_RELATIVE_SLACK = 3e-3
#: Absolute allowance (metres): simplification of the boundaries (5 cm), straight polygon
#: edges against geodesic ones.
_ABSOLUTE_SLACK_M = 1.0
#: A step (degrees of latitude) to find the direction of true north in the plane.
_NORTH_STEP_DEG = 1e-5


def may_reach_line(distance_m: FloatArray, semi_major_m: FloatArray) -> BoolArray:
    """Whether an ellipse whose centre is ``distance_m`` from the line may reach it (with the
    margins of :func:`clear_of_boundaries`)."""
    d, a = np.asarray(distance_m, dtype=float), np.asarray(semi_major_m, dtype=float)
    near: BoolArray = d * (1.0 - _RELATIVE_SLACK) <= a * (1.0 + _RELATIVE_SLACK) + _ABSOLUTE_SLACK_M
    return near


def distance_range(
    index: SpatialIndex,
    *,
    lon: FloatArray,
    lat: FloatArray,
    distance_m: FloatArray,
    semi_major_m: FloatArray,
    semi_minor_m: FloatArray,
    orientation_deg: FloatArray,
    plane_xy: tuple[FloatArray, FloatArray] | None = None,
    nearest: tuple[IntArray, FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """(nearest, farthest) distance in metres to the contact line over each ellipse centred
    on (``lon``, ``lat``) whose centre is ``distance_m`` from it (see the module docstring);
    ``plane_xy``: the centres already projected to the index's plane; ``nearest``: their
    nearest full-detail segments and positions ``t`` on them, already found
    (:meth:`~truce.geo.distance.GeodesicLine.measure` with ``exact``)."""
    d = np.asarray(distance_m, dtype=float)
    if not len(d):
        return d.copy(), d.copy()
    x, y = index.plane.forward(lon, lat) if plane_xy is None else plane_xy
    line = index.line.index
    if nearest is None:
        found = line.nearest(x, y, full_detail=True)
        nearest = found.segment, found.t
    s, t = nearest
    ax, ay, bx, by = line.segment_ends()
    sx, sy = bx[s] - ax[s], by[s] - ay[s]
    vx, vy = x - (ax[s] + t * sx), y - (ay[s] + t * sy)
    length = np.hypot(vx, vy)
    # On the line the direction to it is the segment's normal.
    on = length == 0.0
    vx, vy = np.where(on, -sy, vx), np.where(on, sx, vy)
    length = np.hypot(vx, vy)
    nx, ny = vx / length, vy / length
    # True north in the plane (the plane is conformal: east is north turned clockwise).
    north_x, north_y = index.plane.forward(lon, np.asarray(lat) + _NORTH_STEP_DEG)
    north_x, north_y = north_x - x, north_y - y
    norm = np.hypot(north_x, north_y)
    north_x, north_y = north_x / norm, north_y / norm
    east_n, north_n = nx * north_y - ny * north_x, nx * north_x + ny * north_y
    az = np.radians(orientation_deg)
    sin_az, cos_az = np.sin(az), np.cos(az)
    along = east_n * sin_az + north_n * cos_az  # the major axis is (sin az, cos az)
    across = east_n * cos_az - north_n * sin_az
    h = np.hypot(np.asarray(semi_major_m) * along, np.asarray(semi_minor_m) * across)
    return d - h, d + h


@dataclass(frozen=True)
class _Boundaries:
    index: PolylineIndex | None


_BOUNDARIES: weakref.WeakKeyDictionary[SpatialIndex, _Boundaries] = weakref.WeakKeyDictionary()


def _boundaries(index: SpatialIndex) -> _Boundaries:
    """Every side's and zone's boundary and that of the regions' union (a border between two
    regions changes no fact of an area: it lies in the agreement's area either way, and its
    ``region`` is its centre's) in the plane, in one nearest-segment index."""
    got = _BOUNDARIES.get(index)
    if got is None:
        regions = [shapely.union_all(index.regions.geoms)] if len(index.regions.geoms) else []
        polygons = [*index.sides.geoms, *regions, *index.zones.geoms]
        parts = []
        for ring in shapely.get_parts(shapely.boundary(np.asarray(polygons, dtype=object))):
            for piece in shapely.get_parts(ring):
                ll = shapely.get_coordinates(shapely.segmentize(piece, _EDGE_DEG))
                if len(ll) >= 2:
                    parts.append(np.column_stack(index.plane.forward(ll[:, 0], ll[:, 1])))
        line = PolylineIndex(parts, extent=index.line.index.extent) if parts else None
        got = _BOUNDARIES[index] = _Boundaries(line)
    return got


def clear_of_boundaries(
    index: SpatialIndex,
    *,
    lon: FloatArray,
    lat: FloatArray,
    semi_major_m: FloatArray,
    plane_xy: tuple[FloatArray, FloatArray] | None = None,
) -> BoolArray:
    """Whether each ellipse (centre, semi-major axis in metres) is certainly clear of every
    side's and zone's boundary and the regions' union's: wholly inside or wholly outside each
    of them (``plane_xy`` as for :func:`distance_range`)."""
    a = np.asarray(semi_major_m, dtype=float)
    got = _boundaries(index).index
    if got is None or not len(a):
        return np.ones(len(a), dtype=bool)
    x, y = index.plane.forward(lon, lat) if plane_xy is None else plane_xy
    d = got.nearest(x, y).distance
    clear: BoolArray = d * (1.0 - _RELATIVE_SLACK) > a * (1.0 + _RELATIVE_SLACK) + _ABSOLUTE_SLACK_M
    return clear


def ellipse_polygons(
    *,
    lon: FloatArray,
    lat: FloatArray,
    semi_major_m: FloatArray,
    semi_minor_m: FloatArray,
    orientation_deg: FloatArray,
    n: int,
) -> npt.NDArray[np.object_]:
    """The ellipses as lon/lat polygons of ``n`` vertices: the same vertices, bit for bit, as
    :func:`truce.geo.ellipse.incident_polygons` (the same arithmetic, from columns)."""
    m = len(lon)
    if not m:
        return np.empty(0, dtype=object)
    t = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    cos_t, sin_t = np.cos(t), np.sin(t)
    a = np.asarray(semi_major_m, dtype=float)[:, None]
    b = np.asarray(semi_minor_m, dtype=float)[:, None]
    az = [math.radians(v) for v in np.asarray(orientation_deg, dtype=float).tolist()]
    s = np.array([math.sin(v) for v in az])[:, None]
    c = np.array([math.cos(v) for v in az])[:, None]
    u, v = a * cos_t, b * sin_t
    x = u * s + v * c
    y = u * c - v * s
    lon0 = np.repeat(np.asarray(lon, dtype=float), n)
    lat0 = np.repeat(np.asarray(lat, dtype=float), n)
    plon, plat = offsets_to_lonlat(lon0, lat0, x.ravel(), y.ravel())
    coords = np.stack([plon, plat], axis=-1).reshape(m, n, 2)
    closed = np.concatenate([coords, coords[:, :1]], axis=1).reshape(-1, 2)
    offsets = (np.arange(m + 1) * (n + 1), np.arange(m + 1))
    polygons = shapely.from_ragged_array(shapely.GeometryType.POLYGON, closed, offsets)
    return np.asarray(polygons, dtype=object)
