"""The spatial index of one agreement version: distance to the line, side, region, zones.

* Metric work happens in a local conformal plane chosen from the agreement's extent
  (:class:`~truce.geo.conformal.ConformalPlane`, Lambert conic with standard parallels at 1/6
  and 5/6 of its latitude span; six times faster to project than an azimuthal equidistant
  plane, with a scale error of the same order, 0.04 % over the demo's extent); distances to
  the contact line come from :class:`~truce.geo.distance.GeodesicLine` (STRtree + candidate
  grid over the line's segments,
  geodesic refinement within 2 km of the line; elsewhere within the plane's scale error, checked
  to be below 0.1 %).
* Membership tests use prepared polygons in WGS84 lon/lat, straight edges as RFC 7946 says,
  vectorised with ``shapely.contains_xy``/``intersects_xy`` after a bounding-box filter.

Boundary decisions (tested): the *side* of a point uses ``contains`` (interior, as PostGIS
``ST_Within``), so a point exactly on the contact line has no side; *zones*, holding areas,
sites and *regions* use ``covers`` (a point on their edge is inside them).

Edges are straight in lon/lat (RFC 7946; PostGIS ``geometry``, ``ST_Within``) for sides,
zones and distances alike. The distance index measures to great-circle arcs (PostGIS
``geography``), which leave a straight lon/lat edge of length ``L`` by up to
``L^2 tan(lat) / 8R`` (20 m for a 30 km edge at 48 degrees N), so the contact line is first
cut into pieces of at most :data:`_EDGE_DEG` along its lon/lat edges (arc and edge at most
1.2 mm apart there): distances are then geodesic to the stored edges, as ``agreement validate``
measures them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape

from truce.agreement._cache import StaleCache, segments_of
from truce.agreement._geometry_checks import agreement_bounds, to_plane
from truce.agreement._topology import to_shapely
from truce.agreement.models import Agreement
from truce.geo._segments import Segments
from truce.geo.conformal import ConformalPlane
from truce.geo.distance import GeodesicLine, PolylineIndex
from truce.geo.gazetteer import Focus

if TYPE_CHECKING:
    from truce.agreement._cache import Bands, Cache

_log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Margin (degrees) added round the agreement's extent for the distance grid.
_MARGIN_DEG = 0.3
#: Longest piece (degrees, lon/lat) of a contact-line edge in the distance index: about 200 m,
#: where a great-circle arc and the straight lon/lat edge are at most 1.2 mm apart.
_EDGE_DEG = 0.002
#: Batches of at most this many points are answered from an index cache's own structures
#: (chunks of segments, banded edges); larger ones build GEOS's prepared geometries and
#: STRtrees on first use, as an index built from the GeoJSON does.
_SMALL_BATCH = 256


@dataclass(frozen=True)
class Located:
    """Facts about points, in input order: ``distance_m`` to the contact line (metres),
    ``side`` (party id or ``None``), ``region`` (id or ``None``), ``zones`` (ids covering it)."""

    distance_m: FloatArray
    side: tuple[str | None, ...]
    region: tuple[str | None, ...]
    zones: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        """One JSON-ready object per point (``distance_m`` rounded to 0.1 m)."""
        return [
            {"distance_m": round(float(d), 1), "side": s, "region": r, "zones": list(z)}
            for d, s, r, z in zip(self.distance_m, self.side, self.region, self.zones, strict=True)
        ]


@dataclass(frozen=True)
class AreaFacts:
    """Facts about an area (a sector or an uncertainty ellipse), plane metres where a distance."""

    min_distance_m: float
    max_distance_m: float
    sides: tuple[str, ...]
    wholly_on: str | None
    zones_intersecting: tuple[str, ...]
    zones_covering: tuple[str, ...]


class _Polygons:
    """Named lon/lat polygons, prepared, with their bounding boxes.

    From an index cache (``geoms`` ``None``): the geometries are read (``load``) and prepared
    on first use, and a small batch of points is located with the banded edges instead."""

    def __init__(
        self,
        names: list[str],
        geoms: list[Any] | None,
        *,
        load: Callable[[], Any] | None = None,
        bounds: Any = None,
        bands: Callable[[], Bands] | None = None,
    ) -> None:
        self.names = tuple(names)
        self._load = load
        self._load_bands = bands
        self._bands: Bands | None = None
        self._geoms: Any = None
        if geoms is not None:
            self._geoms = np.asarray(geoms, dtype=object)
            shapely.prepare(self._geoms)
            self.bounds = shapely.bounds(self._geoms) if len(geoms) else np.zeros((0, 4))
        else:
            self.bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)

    @property
    def geoms(self) -> Any:
        if self._geoms is None:
            assert self._load is not None
            geoms = np.asarray(self._load(), dtype=object)
            shapely.prepare(geoms)
            self._geoms = geoms
        return self._geoms

    def _candidates(self, k: int, lon: FloatArray, lat: FloatArray) -> IntArray:
        w, s, e, n = self.bounds[k]
        return np.flatnonzero((lon >= w) & (lon <= e) & (lat >= s) & (lat <= n))

    def mask(self, k: int, lon: FloatArray, lat: FloatArray, *, interior: bool) -> BoolArray:
        out = np.zeros(len(lon), dtype=bool)
        idx = self._candidates(k, lon, lat)
        if len(idx):
            test = shapely.contains_xy if interior else shapely.intersects_xy
            if self._load_bands is not None and len(idx) <= _SMALL_BATCH:
                # even-odd counting is exact away from the edges; GEOS decides near them
                if self._bands is None:
                    self._bands = self._load_bands()
                inside, undecided = self._bands.locate(k, lon[idx], lat[idx])
                out[idx] = inside
                near = idx[undecided]
                if len(near):
                    out[near] = test(self.geoms[k], lon[near], lat[near])
            else:
                out[idx] = test(self.geoms[k], lon[idx], lat[idx])
        return out

    def first(self, lon: FloatArray, lat: FloatArray, *, interior: bool) -> IntArray:
        """Index of the first polygon holding each point, -1 if none."""
        out = np.full(len(lon), -1, dtype=np.int64)
        for k in range(len(self.names)):
            hit = self.mask(k, lon, lat, interior=interior) & (out < 0)
            out[hit] = k
        return out

    def pairs(self, lon: FloatArray, lat: FloatArray) -> tuple[IntArray, IntArray]:
        """(point index, polygon index) for every polygon covering a point."""
        pts, polys = [], []
        for k in range(len(self.names)):
            idx = np.flatnonzero(self.mask(k, lon, lat, interior=False))
            pts.append(idx)
            polys.append(np.full(len(idx), k, dtype=np.int64))
        if not pts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(pts), np.concatenate(polys)


class SpatialIndex:
    """Geometry service of one agreement version (build once, query with arrays).

    ``SpatialIndex(agreement)`` builds it from the version's GeoJSON, or from the version's
    index cache when the installed copy it was loaded from has one (:func:`use_cache`);
    :meth:`from_cache` builds it from a cache without the agreement parsed at all (the
    agreement is then parsed on the first read of :attr:`agreement`). Both give the same
    results (tested)."""

    def __init__(self, agreement: Agreement) -> None:
        source = _cache_of(agreement)
        if source is not None:
            try:
                self._from(source(), agreement)
                return
            except StaleCache as exc:  # another format: build from the verified GeoJSON
                _log.warning("%s; building the index from the agreement's files", exc)
        self._agreement: Agreement | None = agreement
        self._load_agreement: Callable[[], Agreement] | None = None
        features = (
            *agreement.contact_line, *agreement.controlled_areas, *agreement.regions,
            *agreement.named_features,
        )  # fmt: skip
        shapes = {id(f): to_shapely(f.geometry) for f in features}  # from arrays: fast
        west, south, east, north = agreement_bounds(agreement, shapes)
        self.plane = ConformalPlane.for_bounds(west, south, east, north)
        extent = (west - _MARGIN_DEG, south - _MARGIN_DEG, east + _MARGIN_DEG, north + _MARGIN_DEG)
        line_parts = [g for f in agreement.contact_line for g in shapely.get_parts(shapes[id(f)])]
        parts = [shapely.get_coordinates(shapely.segmentize(g, _EDGE_DEG)) for g in line_parts]
        self.line = GeodesicLine(parts, self.plane, extent)
        self.line_lonlat = _union([shapes[id(f)] for f in agreement.contact_line])
        areas = [
            _union([shapes[id(c)] for c in agreement.controlled_areas if c.party == p])
            for p in agreement.party_ids
        ]
        self.sides = _Polygons(list(agreement.party_ids), areas)
        self.regions = _Polygons(
            [r.region for r in agreement.regions], [shapes[id(r)] for r in agreement.regions]
        )
        named = agreement.named_features
        self.zones = _Polygons([z.id for z in named], [shapes[id(z)] for z in named])

    @classmethod
    def from_cache(cls, cache: Cache, agreement: Callable[[], Agreement]) -> SpatialIndex:
        """The index of an installed version from its cache (:mod:`truce.agreement._cache`),
        which the caller has checked against the install manifest; ``agreement`` parses the
        version when :attr:`agreement` is first read."""
        index = cls.__new__(cls)
        index._from(cache, agreement)
        return index

    def _from(self, cache: Cache, agreement: Agreement | Callable[[], Agreement]) -> None:
        meta = cache.meta
        if isinstance(agreement, Agreement):
            self._agreement, self._load_agreement = agreement, None
        else:
            self._agreement, self._load_agreement = None, agreement
        lon0, lat0, lat1, lat2 = meta["plane"]
        plane = ConformalPlane.__new__(ConformalPlane)
        for k, v in zip(("lon0", "lat0", "lat1", "lat2"), meta["plane"], strict=True):
            object.__setattr__(plane, k, v)  # the parameters, for pipeline_plane
        self.plane = (
            pipeline_plane(plane, meta["pipeline"])
            if meta["pipeline"]
            else ConformalPlane(lon0=lon0, lat0=lat0, lat1=lat1, lat2=lat2)
        )
        self.line = _cached_line(cache, self.plane)
        self._cache = cache
        for name in ("sides", "regions", "zones"):
            polygons = _Polygons(
                list(meta[name]),
                None,
                load=lambda name=name: cache.wkb(name),  # type: ignore[misc]
                bounds=cache.array(f"{name}.bounds"),
                bands=lambda name=name: cache.bands(name),  # type: ignore[misc]
            )
            setattr(self, name, polygons)

    @property
    def agreement(self) -> Agreement:
        """The version this index is of."""
        if self._agreement is None:
            assert self._load_agreement is not None
            self._agreement = self._load_agreement()
        return self._agreement

    @cached_property
    def line_lonlat(self) -> Any:
        """The contact line in lon/lat (one geometry)."""
        return shapely.from_wkb(bytes(self._cache.array("line_lonlat")))

    @cached_property
    def line_plane(self) -> Any:
        """The contact line in the plane (for areas; built on first use)."""
        return to_plane(self.plane, self.line_lonlat)

    # -- points ---------------------------------------------------------------------------
    def distance_m(
        self, lon: npt.ArrayLike, lat: npt.ArrayLike, *, exact: bool = True
    ) -> FloatArray:
        """Geodesic distance in metres from each point to the contact line; ``exact=False``
        trades up to 0.15 % beyond 2 km of the line for speed (bulk checks)."""
        return self.line.distance(lon, lat, exact=exact)

    def side_index(self, lon: npt.ArrayLike, lat: npt.ArrayLike) -> IntArray:
        """Index into ``agreement.party_ids`` of the party whose area's interior holds each
        point; -1 on the line or outside every controlled area."""
        lo, la = _arrays(lon, lat)
        return self.sides.first(lo, la, interior=True)

    def region_index(self, lon: npt.ArrayLike, lat: npt.ArrayLike) -> IntArray:
        lo, la = _arrays(lon, lat)
        return self.regions.first(lo, la, interior=False)

    def zone_mask(self, zone_id: str, lon: npt.ArrayLike, lat: npt.ArrayLike) -> BoolArray:
        """Which points the named zone, holding area or site covers."""
        lo, la = _arrays(lon, lat)
        return self.zones.mask(self.zones.names.index(zone_id), lo, la, interior=False)

    def locate(self, lon: npt.ArrayLike, lat: npt.ArrayLike) -> Located:
        """Distance, side, region and zones of each point (see :class:`Located`)."""
        lo, la = _arrays(lon, lat)
        dist = self.distance_m(lo, la)
        sides = self.side_index(lo, la)
        regions = self.region_index(lo, la)
        pt, zk = self.zones.pairs(lo, la)
        zones: list[list[str]] = [[] for _ in range(len(lo))]
        for p, k in sorted(zip(pt.tolist(), zk.tolist(), strict=True)):
            zones[p].append(self.zones.names[k])
        return Located(
            distance_m=dist,
            side=tuple(self.sides.names[i] if i >= 0 else None for i in sides.tolist()),
            region=tuple(self.regions.names[i] if i >= 0 else None for i in regions.tolist()),
            zones=tuple(tuple(z) for z in zones),
        )

    # -- areas ----------------------------------------------------------------------------
    def describe_area(self, area: Any) -> AreaFacts:
        """Facts about a lon/lat polygon. Distances are plane metres (error below 0.1 %); the
        maximum is taken over the boundary densified to 100 m."""
        plane_area = to_plane(self.plane, area)
        min_d = float(shapely.distance(plane_area, self.line_plane))
        ring = shapely.get_coordinates(shapely.segmentize(plane_area.boundary, 100.0))
        near = self.line.index.nearest(ring[:, 0], ring[:, 1])
        max_d = float(near.distance.max()) if len(ring) else min_d
        sides = tuple(
            n for n, g in zip(self.sides.names, self.sides.geoms, strict=True) if g.intersects(area)
        )
        wholly = next(
            (
                n
                for n, g in zip(self.sides.names, self.sides.geoms, strict=True)
                if g.contains(area)
            ),
            None,
        )
        inter = tuple(
            n for n, g in zip(self.zones.names, self.zones.geoms, strict=True) if g.intersects(area)
        )
        cover = tuple(
            n for n, g in zip(self.zones.names, self.zones.geoms, strict=True) if g.covers(area)
        )
        return AreaFacts(min_d, max_d, sides, wholly, inter, cover)


@dataclass(frozen=True)
class _PipelinePlane(ConformalPlane):
    """A :class:`ConformalPlane` whose transformers PROJ builds from the pipelines that its
    own transformers run (``fwd_def``, ``inv_def``) instead of from two CRSs: 0.3 ms instead
    of 20 ms (no database look-up). An index cache uses it only where it was found to give the
    same bits (see :mod:`truce.agreement._cache`)."""

    fwd_def: str = ""
    inv_def: str = ""

    def __post_init__(self) -> None:
        if not self.fwd_def:  # take the definitions from the plane's own transformers
            ConformalPlane.__post_init__(self)
            object.__setattr__(self, "fwd_def", self._fwd.definition)
            object.__setattr__(self, "inv_def", self._inv.definition)
            return
        object.__setattr__(self, "_fwd", Transformer.from_pipeline(self.fwd_def))
        object.__setattr__(self, "_inv", Transformer.from_pipeline(self.inv_def))

    @property
    def crs(self) -> CRS:
        return CRS.from_proj4(self.proj4())


def pipeline_plane(plane: ConformalPlane, defs: Sequence[str] = ("", "")) -> _PipelinePlane:
    """``plane`` with transformers built from PROJ pipelines (see :class:`_PipelinePlane`)."""
    return _PipelinePlane(
        lon0=plane.lon0, lat0=plane.lat0, lat1=plane.lat1, lat2=plane.lat2,
        fwd_def=defs[0], inv_def=defs[1],
    )  # fmt: skip


class _CachedSegments(Segments):
    """The full-detail segments of a contact line read from an index cache.

    A small batch finds each point's nearest segment through an STRtree over chunks of
    consecutive segments (the nearest chunk holds the nearest segment) and NumPy over the
    chunk's segments; the STRtree over every segment, which a large batch and the candidate
    grids use, is built on first use."""

    def __init__(
        self,
        a: Any,
        b: Any,
        part_of: Any,
        tolerance: float,
        chunks: Any,
    ) -> None:
        self.parts = ()
        self.tolerance = tolerance
        self.ax, self.ay = a[:, 0].copy(), a[:, 1].copy()
        self.dx, self.dy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
        self.part_of = np.asarray(part_of, dtype=np.int64)
        len2 = self.dx * self.dx + self.dy * self.dy
        self.inv_len2 = np.divide(1.0, len2, out=np.zeros_like(len2), where=len2 > 0)
        self.grid = None
        self._a, self._b = a, b
        self._chunk_start = np.asarray(chunks, dtype=np.int64)
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        if name == "tree":  # built on first use, as Segments builds it
            with self.__dict__["_lock"]:
                if "tree" not in self.__dict__:
                    ends = np.stack([self._a, self._b], axis=1)
                    self.__dict__["tree"] = shapely.STRtree(shapely.linestrings(ends))
            return self.__dict__["tree"]
        raise AttributeError(name)

    @cached_property
    def _chunk_boxes(self) -> FloatArray:
        """Bounding box (min x, min y, max x, max y) of each chunk."""
        start = self._chunk_start[:-1]
        x = np.minimum(self._a[:, 0], self._b[:, 0]), np.maximum(self._a[:, 0], self._b[:, 0])
        y = np.minimum(self._a[:, 1], self._b[:, 1]), np.maximum(self._a[:, 1], self._b[:, 1])
        return np.column_stack(
            [
                np.minimum.reduceat(x[0], start),
                np.minimum.reduceat(y[0], start),
                np.maximum.reduceat(x[1], start),
                np.maximum.reduceat(y[1], start),
            ]
        )

    def nearest(self, px: FloatArray, py: FloatArray) -> IntArray:
        if self.grid is not None or len(px) > _SMALL_BATCH or "tree" in self.__dict__:
            return super().nearest(px, py)
        # Best first over the chunks' boxes (a box's distance bounds its segments'): measure
        # chunks in order of box distance until the next box is farther than the best found.
        seg = np.empty(len(px), dtype=np.int64)
        boxes, start = self._chunk_boxes, self._chunk_start
        for i, (x, y) in enumerate(zip(px.tolist(), py.tolist(), strict=True)):
            gx = np.maximum(np.maximum(boxes[:, 0] - x, x - boxes[:, 2]), 0.0)
            gy = np.maximum(np.maximum(boxes[:, 1] - y, y - boxes[:, 3]), 0.0)
            box_d = np.hypot(gx, gy)
            order = np.argsort(box_d, kind="stable")
            best_d, best, k = np.inf, -1, 0
            while k < len(order) and box_d[order[k]] <= best_d:
                chunks = order[k : k + 8]
                chunks = chunks[box_d[chunks] <= best_d]
                cand = np.concatenate([np.arange(start[c], start[c + 1]) for c in chunks.tolist()])
                d, _ = self.measure(np.full(len(cand), x), np.full(len(cand), y), cand)
                j = int(np.argmin(d))
                if d[j] < best_d or (d[j] == best_d and cand[j] < best):
                    best_d, best = float(d[j]), int(cand[j])
                k += 8
            seg[i] = best
        return seg


class _LazyParts(list[FloatArray]):
    """The line's vertices in the plane, read from the cache when first used (the coarser
    levels of detail of a large batch need them; a small batch does not)."""

    def __init__(self, cache: Cache) -> None:
        super().__init__()
        self._cache: Cache | None = cache

    def _fill(self) -> None:
        if self._cache is not None:
            cache, self._cache = self._cache, None
            self.extend(cache.parts("parts"))

    def __iter__(self) -> Iterator[FloatArray]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __getitem__(self, i: Any) -> Any:
        self._fill()
        return super().__getitem__(i)


def _cached_line(cache: Cache, plane: ConformalPlane) -> GeodesicLine:
    """The :class:`GeodesicLine` of the contact line from an index cache: the fields its
    constructor would compute, read instead (``parts``, the lon/lat input, is left empty)."""
    meta, params = cache.meta, cache.meta["index"]
    a, b, part_of = segments_of(cache.parts("fine"))
    segments = _CachedSegments(a, b, part_of, params["simplify_m"], cache.array("chunk_start"))
    poly = PolylineIndex.of_segments(
        segments,
        _LazyParts(cache),
        extent=tuple(params["extent"]) if params["extent"] is not None else None,
        simplify_m=params["simplify_m"],
        cells=params["cells"],
        tolerance=params["tolerance"],
        exact_within_m=params["exact_within_m"],
    )
    return GeodesicLine.of_index(
        poly,
        plane=plane,
        extent_lonlat=tuple(meta["extent_lonlat"]),
        refine_m=float("inf") if meta["refine_m"] is None else float(meta["refine_m"]),
        simplify_m=meta["simplify_m"],
    )


#: Agreements loaded from an installed copy with an index cache -> how to read the cache
#: (:func:`use_cache`); the agreement is held too, so that its ``id()`` stays its own.
_CACHES: OrderedDict[int, tuple[Agreement, Callable[[], Cache]]] = OrderedDict()
_CACHES_LOCK = threading.Lock()
_CACHES_KEPT = 64


def use_cache(agreement: Agreement, cache: Callable[[], Cache]) -> None:
    """Let ``SpatialIndex(agreement)`` build from this version's index cache (the loader of
    the installed copy calls it; the cache was checked against the install manifest)."""
    with _CACHES_LOCK:
        _CACHES[id(agreement)] = (agreement, cache)
        while len(_CACHES) > _CACHES_KEPT:
            _CACHES.popitem(last=False)


def _cache_of(agreement: Agreement) -> Callable[[], Cache] | None:
    with _CACHES_LOCK:
        got = _CACHES.get(id(agreement))
    return got[1] if got is not None and got[0] is agreement else None


def _union(geoms: list[Any]) -> Any:
    if not geoms:
        return shapely.GeometryCollection()
    return geoms[0] if len(geoms) == 1 else shapely.union_all(np.asarray(geoms, dtype=object))


def _arrays(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    return np.asarray(lon, dtype=float).ravel(), np.asarray(lat, dtype=float).ravel()


def gazetteer_focus(agreement: Agreement) -> Focus:
    """The agreement's area (controlled areas and regions) and contact line, for the
    gazetteer to prefer places there when a name is ambiguous."""
    area = shapely.union_all(
        [shape(f.geometry) for f in (*agreement.controlled_areas, *agreement.regions)]
    )
    line = shapely.union_all([shape(f.geometry) for f in agreement.contact_line])
    return Focus(area=area, line=line)


def simulation_geometry(agreement: Agreement) -> tuple[list[FloatArray], Any]:
    """The contact line's parts (lon/lat arrays) and the second party's area (lon/lat), for
    :func:`truce.fusion.simulate.geography.contact_line_from`."""
    parts = [
        np.asarray(g.coords, dtype=float)[:, :2]
        for f in agreement.contact_line
        for g in shapely.get_parts(shapely.line_merge(shape(f.geometry)))
    ]
    side_b = agreement.party_ids[1]
    areas = [shape(c.geometry) for c in agreement.controlled_areas if c.party == side_b]
    return parts, shapely.union_all(areas)
