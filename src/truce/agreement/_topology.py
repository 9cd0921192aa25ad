"""The space validation works in, and nearest-segment queries with geodesic distances.

Edges are straight lines in lon/lat (RFC 7946 §3.1.1; as shapely and PostGIS ``geometry``
treat them). Validation works in *work space*: lon and lat scaled by the length of a degree of
longitude and of latitude at the middle of the agreement's extent (WGS84). That map is affine,
so every edge stays exactly the straight lon/lat edge of the file and topology (shared edges,
overlaps, containment) is the same as in lon/lat; its units are close to metres (within the
change of ``cos(lat)`` over the extent, about 4 % across the Donbas). Decisions about a width
use it; every distance that is reported or compared with a tolerance is then measured on the
WGS84 ellipsoid (:data:`truce.geo.distance.WGS84`) between the point and its nearest point on
the lon/lat edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from truce.geo.distance import WGS84

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class WorkSpace:
    """lon/lat scaled by ``kx``, ``ky`` (metres per degree at ``lat0``)."""

    kx: float
    ky: float

    @classmethod
    def for_bounds(cls, west: float, south: float, east: float, north: float) -> WorkSpace:
        lon0, lat0 = (west + east) / 2.0, (south + north) / 2.0
        lat0 = float(np.clip(lat0, -89.0, 89.0))
        kx = WGS84.inv(lon0 - 0.5, lat0, lon0 + 0.5, lat0)[2]
        ky = WGS84.inv(lon0, lat0 - 0.5, lon0, lat0 + 0.5)[2]
        return cls(float(kx), float(ky))

    def fwd(self, geom: Any) -> Any:
        return shapely.transform(geom, lambda xy: xy * np.array([self.kx, self.ky]))

    def lonlat(self, xy: FloatArray) -> FloatArray:
        out: FloatArray = np.asarray(xy, dtype=float) / np.array([self.kx, self.ky])
        return out

    def geodesic(self, p: FloatArray, q: FloatArray) -> FloatArray:
        """WGS84 distances (metres) between work-space points ``p`` and ``q`` (n x 2)."""
        a, b = self.lonlat(p), self.lonlat(q)
        if not len(a):
            return np.zeros(0)
        return np.asarray(WGS84.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2], dtype=float)


class Segments:
    """The straight segments of lines (work space) with an STRtree, for nearest queries."""

    def __init__(self, geom: Any) -> None:
        parts = shapely.get_parts(geom)
        lines = parts[np.isin(shapely.get_type_id(parts), (1, 2))]  # LineString, LinearRing
        coords, index = shapely.get_coordinates(lines, return_index=True)
        same = index[1:] == index[:-1]
        self.a: FloatArray = coords[:-1][same]
        self.b: FloatArray = coords[1:][same]
        n = len(self.a)
        ends = np.stack([self.a, self.b], axis=1).reshape(-1, 2)
        segs = shapely.linestrings(ends, indices=np.repeat(np.arange(n), 2)) if n else []
        self.tree = shapely.STRtree(np.asarray(segs, dtype=object))

    def __len__(self) -> int:
        return len(self.a)

    def nearest(self, xy: FloatArray, space: WorkSpace) -> tuple[FloatArray, FloatArray]:
        """For each work-space point: the geodesic distance (metres) to its nearest segment
        and that nearest point (work space). Empty segments: infinite distance."""
        n = len(xy)
        if not len(self.a) or not n:
            return np.full(n, np.inf), np.array(xy, dtype=float)
        pts = shapely.points(xy)
        hit = self.tree.query_nearest(pts, all_matches=False)
        order = np.argsort(hit[0], kind="stable")
        seg = np.empty(n, dtype=np.int64)
        seg[hit[0][order]] = hit[1][order]
        a, b = self.a[seg], self.b[seg]
        ab = b - a
        den = np.maximum((ab * ab).sum(axis=1), 1e-30)
        t = np.clip(((xy - a) * ab).sum(axis=1) / den, 0.0, 1.0)
        q = a + t[:, None] * ab
        return space.geodesic(xy, q), q


def to_shapely(geometry: dict[str, Any]) -> Any:
    """A GeoJSON geometry as a shapely geometry, built from NumPy arrays (``shapely.geometry
    .shape`` builds coordinates one by one in Python: 10 times slower on 100k vertices)."""
    kind, c = geometry["type"], geometry["coordinates"]

    def line(pos: Any) -> Any:
        return shapely.linestrings(np.asarray(pos, dtype=float)[:, :2])

    def poly(rings: Any) -> Any:
        shell, *holes = (np.asarray(r, dtype=float)[:, :2] for r in rings)
        return shapely.polygons(shell, holes=[shapely.linearrings(h) for h in holes] or None)

    if kind == "LineString":
        return line(c)
    if kind == "MultiLineString":
        return shapely.multilinestrings([line(p) for p in c])
    if kind == "Polygon":
        return poly(c)
    if kind == "MultiPolygon":
        return shapely.multipolygons([poly(p) for p in c])
    return shapely.geometry.shape(geometry)


def samples(geom: Any, spacing: float) -> tuple[FloatArray, IntArray]:
    """Points along lines (work space) every ``spacing`` units or closer, with their part index;
    every vertex is among them."""
    parts = shapely.get_parts(geom)
    dense = shapely.segmentize(parts, spacing) if len(parts) else parts
    xy, index = shapely.get_coordinates(dense, return_index=True)
    return np.asarray(xy, dtype=float), np.asarray(index, dtype=np.int64)


@dataclass(frozen=True)
class Stretches:
    """Runs of flagged samples along lines: how many, their total length, the worst point."""

    count: int
    length_m: float
    worst_m: float
    worst_lonlat: tuple[float, float]
    first: tuple[tuple[float, float], tuple[float, float]]

    def text(self) -> str:
        (lo0, la0), (lo1, la1) = self.first
        wlo, wla = self.worst_lonlat
        where = (
            f"from lon {lo0:.5f}, lat {la0:.5f} to lon {lo1:.5f}, lat {la1:.5f}"
            if self.count == 1
            else f"the first from lon {lo0:.5f}, lat {la0:.5f} to lon {lo1:.5f}, lat {la1:.5f}"
        )
        return (
            f"{self.count} stretch(es), {self.length_m / 1000:.2f} km in all ({where}); "
            f"worst {self.worst_m:,.0f} m at lon {wlo:.5f}, lat {wla:.5f}"
        )


def stretches(
    xy: FloatArray, part: IntArray, flag: BoolArray, dist: FloatArray, space: WorkSpace
) -> Stretches | None:
    """The flagged runs of samples ``xy`` (ordered along their parts)."""
    if not flag.any():
        return None
    same = part[1:] == part[:-1]
    step = np.where(same, space.geodesic(xy[:-1], xy[1:]), 0.0)
    counted = same & (flag[:-1] | flag[1:])
    starts = flag & ~np.r_[False, flag[:-1] & same]
    ends = flag & ~np.r_[flag[1:] & same, False]
    s_idx, e_idx = np.flatnonzero(starts), np.flatnonzero(ends)
    k = int(np.argmax(np.where(flag, dist, -np.inf)))
    ll = space.lonlat(xy[[s_idx[0], e_idx[0], k]])
    return Stretches(
        count=len(s_idx),
        length_m=float(step[counted].sum()),
        worst_m=float(dist[k]),
        worst_lonlat=(float(ll[2, 0]), float(ll[2, 1])),
        first=((float(ll[0, 0]), float(ll[0, 1])), (float(ll[1, 0]), float(ll[1, 1]))),
    )


def polygonal(geom: Any) -> Any:
    """The polygons of a geometry (an overlay's lines and points dropped)."""
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]  # Polygon, MultiPolygon
    if not len(parts):
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def geodesic_area_km2(geom_lonlat: Any) -> float:
    if geom_lonlat.is_empty:
        return 0.0
    area, _ = WGS84.geometry_area_perimeter(geom_lonlat)
    return abs(float(area)) / 1e6
