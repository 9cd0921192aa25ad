"""The binary index cache of an installed agreement version (issue 17, item 1).

Parsing a 100k-vertex version's GeoJSON takes about 0.4 s and building its
:class:`~truce.agreement.spatial.SpatialIndex` 0.35 s more, which a command would pay before
its first answer. At installation every version therefore gets a folder
``.truce-index-v<N>/`` beside its files: ``meta.json`` and one ``.npy`` file per NumPy array
(no pickle) of what the index is built from, already computed:

* the local plane's parameters, and whether PROJ's pipeline built straight from them gives the
  same bits as the plane's own transformers (checked on the line's vertices when written; if
  not, the plane is built as usual, 20 ms);
* the contact line's segments at full detail in the plane (simplified by 5 cm, as
  :class:`~truce.geo.distance.PolylineIndex` makes them) and their runs of 32 (*chunks*: a
  small batch measures chunks best-first by the distance to their bounding boxes, instead of
  making 100k segment geometries and their STRtree first), the line's vertices in the plane
  (for the coarser levels of detail a large batch builds) and the lon/lat line (WKB);
* the parties' areas, regions and zones (WKB, names, bounding boxes) and, per set, every
  boundary edge filed in horizontal bands: a small batch of points is located by counting
  crossings of the band's few edges (even-odd rule), and a point within 1e-9 degrees of an
  edge is handed to GEOS, so every answer is GEOS's;
* the version's canonical hash and the cache format.

Its files are installed files, so the install manifest's SHA-256 covers each: a file is read
only when needed and used only once its hash matched (:class:`Cache`), so a changed cache is
refused like any changed file; a cache whose recorded version hash is not its version's is
refused too. A cache of another format is not used: the index is then built from the verified
GeoJSON, with a warning.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from truce.errors import VerificationError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

FORMAT = "truce-agreement-index/1"
#: Segments per chunk of the nearest-segment search of small batches.
CHUNK = 32
#: Points closer than this (degrees) to an area's edge are located by GEOS, not by counting.
EDGE_TOL_DEG = 1e-9


def folder_name(version: int) -> str:
    """The cache folder of a version, in the installed folder."""
    return f".truce-index-v{version}"


class StaleCache(Exception):
    """A cache of another format: not an error, the index is built from the source."""


# -- polygons: edges in horizontal bands ---------------------------------------------------


@dataclass(frozen=True)
class Bands:
    """Every boundary edge of a set of polygons, filed by horizontal band (CSR): edge ``e``
    runs from ``xy[start[e]]`` to ``xy[start[e] + 1]`` and bounds polygon ``poly[e]``."""

    xy: FloatArray
    start: npt.NDArray[np.int32]
    poly: npt.NDArray[np.int32]
    y0: float
    height: float
    indptr: IntArray
    indices: npt.NDArray[np.int32]

    @classmethod
    def of(cls, geoms: list[Any]) -> Bands:
        coords, starts, owner = [], [], []
        n = 0
        for k, g in enumerate(geoms):
            rings = shapely.get_rings(shapely.get_parts(g)) if not g.is_empty else []
            for ring in rings:
                xy = shapely.get_coordinates(ring)
                coords.append(xy)
                starts.append(n + np.arange(len(xy) - 1))
                owner.append(np.full(len(xy) - 1, k))
                n += len(xy)
        xy = np.concatenate(coords) if coords else np.zeros((0, 2))
        start = np.concatenate(starts).astype(np.int32) if starts else np.zeros(0, np.int32)
        poly = np.concatenate(owner).astype(np.int32) if owner else np.zeros(0, np.int32)
        y1, y2 = xy[start, 1], xy[start + 1, 1]
        lo, hi = np.minimum(y1, y2) - EDGE_TOL_DEG, np.maximum(y1, y2) + EDGE_TOL_DEG
        n_bands = int(np.clip(len(start) // 4, 1, 1 << 16))
        y0 = float(lo.min()) if len(lo) else 0.0
        span = float(hi.max()) - y0 if len(hi) else 0.0
        height = span / n_bands if span > 0 else 1.0
        b0 = np.clip(np.floor((lo - y0) / height), 0, n_bands - 1).astype(np.int64)
        b1 = np.clip(np.floor((hi - y0) / height), 0, n_bands - 1).astype(np.int64)
        count = b1 - b0 + 1
        edge = np.repeat(np.arange(len(start), dtype=np.int32), count)
        first = np.repeat(np.cumsum(count) - count, count)
        band = np.repeat(b0, count) + (np.arange(len(edge)) - first)
        order = np.argsort(band, kind="stable")
        indptr = np.zeros(n_bands + 1, dtype=np.int64)
        np.cumsum(np.bincount(band, minlength=n_bands), out=indptr[1:])
        return cls(xy, start, poly, y0, height, indptr, edge[order])

    def arrays(self) -> dict[str, Any]:
        return {
            "xy": self.xy,
            "start": self.start,
            "poly": self.poly,
            "band": np.array([self.y0, self.height]),
            "indptr": self.indptr,
            "indices": self.indices,
        }

    def locate(self, k: int, px: FloatArray, py: FloatArray) -> tuple[BoolArray, BoolArray]:
        """(inside polygon ``k``, undecided): inside by the even-odd rule, which is exact for
        a point farther than :data:`EDGE_TOL_DEG` from every edge; the others are undecided."""
        n_bands = len(self.indptr) - 1
        inside = np.zeros(len(px), dtype=bool)
        undecided = np.zeros(len(px), dtype=bool)
        bands = np.clip(np.floor((py - self.y0) / self.height), 0, n_bands - 1).astype(np.int64)
        for i, (x, y, b) in enumerate(zip(px.tolist(), py.tolist(), bands.tolist(), strict=True)):
            e = self.indices[self.indptr[b] : self.indptr[b + 1]]
            e = e[self.poly[e] == k]
            if not len(e):
                continue
            v = self.start[e]
            x1, y1, x2, y2 = self.xy[v, 0], self.xy[v, 1], self.xy[v + 1, 0], self.xy[v + 1, 1]
            dx, dy = x2 - x1, y2 - y1
            len2 = dx * dx + dy * dy
            t = np.clip(((x - x1) * dx + (y - y1) * dy) / np.where(len2 > 0, len2, 1.0), 0, 1)
            near = np.hypot(x - (x1 + t * dx), y - (y1 + t * dy)).min()
            if near <= EDGE_TOL_DEG:
                undecided[i] = True
                continue
            cross = (y1 > y) != (y2 > y)
            xs = x1[cross] + (y - y1[cross]) * dx[cross] / dy[cross]
            inside[i] = bool(np.count_nonzero(xs > x) % 2)
        return inside, undecided


# -- writing --------------------------------------------------------------------------------


def _wkb_arrays(geoms: Any) -> dict[str, Any]:
    blobs = (
        [bytes(b) for b in shapely.to_wkb(np.asarray(geoms, dtype=object))] if len(geoms) else []
    )
    sizes = np.asarray([len(b) for b in blobs], dtype=np.int64)
    return {
        "wkb": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        "wkb_ends": np.cumsum(sizes) if len(sizes) else np.zeros(0, dtype=np.int64),
    }


def fine_parts(plane_parts: list[FloatArray], tolerance: float) -> list[FloatArray]:
    """The vertices of every part at full detail, as :class:`truce.geo._segments.Segments`
    simplifies them (its segments join consecutive vertices of a part)."""
    return [
        shapely.get_coordinates(shapely.simplify(shapely.linestrings(xy), tolerance))
        for xy in plane_parts
        if len(xy) >= 2
    ]


def write(folder: Path, index: Any, digest: str) -> None:
    """Write the cache of a built :class:`~truce.agreement.spatial.SpatialIndex` (its
    agreement's canonical hash ``digest``) into the new folder ``folder``."""
    from truce.agreement.spatial import pipeline_plane

    agreement = index.agreement
    line, poly = index.line, index.line.index
    plane_parts = []  # as GeodesicLine and PolylineIndex project and keep them
    for part in line.parts:
        ll = np.asarray(part, dtype=float)
        x, y = index.plane.forward(ll[:, 0], ll[:, 1])
        if len(ll) >= 2:
            plane_parts.append(np.column_stack([x, y]))
    fine_xy = fine_parts(plane_parts, poly.simplify_m)
    a, b, part_of = segments_of(fine_xy)
    chunk_start = _chunks(part_of)
    fine = poly.fine
    if not (np.array_equal(fine.ax, a[:, 0]) and np.array_equal(fine.dy, b[:, 1] - a[:, 1])):
        raise AssertionError("the cached segments differ from the index's")
    # The pipeline plane is used only where it gives the plane's own bits (the line's vertices).
    lon_lat = np.concatenate([np.asarray(p, dtype=float) for p in line.parts])
    fast = pipeline_plane(index.plane)
    same = all(
        np.array_equal(u, v)
        for u, v in zip(
            index.plane.forward(lon_lat[:, 0], lon_lat[:, 1]),
            fast.forward(lon_lat[:, 0], lon_lat[:, 1]),
            strict=True,
        )
    )
    meta = {
        "format": FORMAT,
        "agreement": agreement.id,
        "version": agreement.version,
        "sha256": digest,
        "plane": [index.plane.lon0, index.plane.lat0, index.plane.lat1, index.plane.lat2],
        "pipeline": [fast.fwd_def, fast.inv_def] if same else None,
        "extent_lonlat": list(line.extent_lonlat),
        "refine_m": line.refine_m if np.isfinite(line.refine_m) else None,
        "simplify_m": line.simplify_m,
        "index": {
            "extent": list(poly.extent) if poly.extent is not None else None,
            "simplify_m": poly.simplify_m,
            "cells": poly.cells,
            "tolerance": poly.tolerance,
            "exact_within_m": poly.exact_within_m,
        },
        "sides": list(index.sides.names),
        "regions": list(index.regions.names),
        "zones": list(index.zones.names),
    }
    arrays: dict[str, Any] = {
        "fine_xy": np.concatenate(fine_xy),
        "fine_ends": np.cumsum([len(p) for p in fine_xy]).astype(np.int64),
        "chunk_start": chunk_start,
        "parts_xy": np.concatenate(plane_parts),
        "parts_ends": np.cumsum([len(p) for p in plane_parts]).astype(np.int64),
        "line_lonlat": np.frombuffer(bytes(shapely.to_wkb(index.line_lonlat)), dtype=np.uint8),
    }
    for name in ("sides", "regions", "zones"):
        polys = getattr(index, name)
        arrays |= {f"{name}.{k}": v for k, v in _wkb_arrays(polys.geoms).items()}
        arrays[f"{name}.bounds"] = np.asarray(polys.bounds, dtype=float).reshape(-1, 4)
        bands = Bands.of(list(polys.geoms)).arrays()
        arrays |= {f"{name}.{k}": v for k, v in bands.items()}
    folder.mkdir()
    for name, value in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(value), allow_pickle=False)
    (folder / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def segments_of(fine_xy: list[FloatArray]) -> tuple[FloatArray, FloatArray, IntArray]:
    """Start and end points and part of every segment of the parts' vertices ``fine_xy``."""
    a = np.concatenate([p[:-1] for p in fine_xy])
    b = np.concatenate([p[1:] for p in fine_xy])
    part_of = np.concatenate(
        [np.full(len(p) - 1, k, dtype=np.int64) for k, p in enumerate(fine_xy)]
    )
    return a, b, part_of


def _chunks(part_of: IntArray) -> IntArray:
    """First segment of each chunk: runs of at most :data:`CHUNK` segments of one part."""
    starts: list[int] = []
    edges = np.flatnonzero(np.r_[True, part_of[1:] != part_of[:-1], True])
    for s, e in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
        starts.extend(range(s, e, CHUNK))
    return np.asarray([*starts, len(part_of)], dtype=np.int64)


# -- reading --------------------------------------------------------------------------------

_HINT = "install the agreement again: truce init --agreement DIR --replace"


class Cache:
    """A version's cache folder. Every file is read when first needed and used only after its
    SHA-256 matched the install manifest's (``hashes``: name in the folder -> SHA-256)."""

    def __init__(self, folder: Path, *, version: int, digest: str, hashes: dict[str, str]) -> None:
        self.folder = folder
        self._hashes = hashes
        self._arrays: dict[str, Any] = {}
        try:
            meta = json.loads(self._read("meta.json").decode("utf-8"))
        except ValueError as exc:
            raise VerificationError(f"index cache {folder.name} is unreadable: {exc}") from exc
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            got = meta.get("format") if isinstance(meta, dict) else None
            raise StaleCache(f"index cache {folder.name} has format {got!r}, not {FORMAT}")
        if meta.get("version") != version or meta.get("sha256") != digest:
            raise VerificationError(
                f"index cache {folder.name} was built for another version than installed "
                f"version {version}",
                hint=_HINT,
            )
        self.meta: dict[str, Any] = meta

    def _read(self, name: str) -> bytes:
        want = self._hashes.get(name)
        try:
            data = (self.folder / name).read_bytes()
        except OSError as exc:
            raise VerificationError(
                f"index cache file {self.folder.name}/{name} is unreadable: {exc}", hint=_HINT
            ) from exc
        if want is None or hashlib.sha256(data).hexdigest() != want:
            raise VerificationError(
                f"installed agreement file {self.folder.name}/{name} was changed after "
                "installation",
                hint=_HINT,
            )
        return data

    def array(self, name: str) -> Any:
        got = self._arrays.get(name)
        if got is None:
            data = self._read(f"{name}.npy")
            try:  # a read-only view of the checked bytes, not a copy
                head = io.BytesIO(data)
                np.lib.format.read_magic(head)
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(head)
                if dtype.hasobject or fortran:
                    raise ValueError("not a plain C-ordered array")
                got = np.frombuffer(data, dtype=dtype, offset=head.tell()).reshape(shape)
            except ValueError as exc:
                raise VerificationError(f"index cache array {name} is unreadable: {exc}") from exc
            self._arrays[name] = got
        return got

    def parts(self, name: str) -> list[FloatArray]:
        xy, ends = self.array(f"{name}_xy"), self.array(f"{name}_ends").tolist()
        return [xy[s:e] for s, e in zip([0, *ends[:-1]], ends, strict=True)]

    def wkb(self, prefix: str) -> Any:
        blob = bytes(self.array(f"{prefix}.wkb"))
        ends = self.array(f"{prefix}.wkb_ends").tolist()
        starts = [0, *ends[:-1]][: len(ends)]
        return shapely.from_wkb([blob[s:e] for s, e in zip(starts, ends, strict=True)])

    def bands(self, prefix: str) -> Bands:
        y0, height = self.array(f"{prefix}.band").tolist()
        return Bands(
            self.array(f"{prefix}.xy"),
            self.array(f"{prefix}.start"),
            self.array(f"{prefix}.poly"),
            float(y0),
            float(height),
            self.array(f"{prefix}.indptr"),
            self.array(f"{prefix}.indices"),
        )
