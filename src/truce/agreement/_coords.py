"""Checks of a layer's coordinates as numbers, with NumPy (not a JSON Schema per number).

Per geometry (RFC 7946 §3.1): the nesting its ``type`` needs; every position two or three
finite numbers; a LineString at least two positions; a linear ring at least four positions and
closed (first = last, §3.1.6 — shapely would close it silently); longitude in [-180, 180] and
latitude in [-90, 90] (§4: WGS84 degrees). Values far outside degrees are reported as a
projected CRS (metres), which RFC 7946 does not allow. Then, over the whole version, the
geometry must lie in the agreement's ``country`` (its bounds from the gazetteer): a swapped
lon/lat lies outside, and the message says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from truce.agreement.problems import Problem

FloatArray = npt.NDArray[np.float64]

#: Nesting depth of ``coordinates`` below the geometry (1: a list of positions).
_DEPTH = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
#: Degrees added round a country's gazetteer extent (places are inland of its edges).
COUNTRY_MARGIN_DEG = 0.5


class _Bad(Exception):
    def __init__(self, where: list[int], message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


@dataclass
class LayerCoords:
    """Every position of a layer's valid geometries, stacked (lon, lat)."""

    lon: FloatArray
    lat: FloatArray


def _positions(c: Any, where: list[int], ring: bool) -> FloatArray:
    if not isinstance(c, list):
        raise _Bad(where, "must be a list of positions")
    try:
        arr = np.asarray(c)
    except ValueError as exc:
        raise _Bad(where, "positions must be lists of 2 or 3 numbers") from exc
    if arr.ndim != 2 or arr.shape[1] not in (2, 3) or arr.dtype.kind not in "if":
        raise _Bad(where, "positions must be lists of 2 or 3 numbers")
    arr = arr.astype(float)
    if not np.isfinite(arr).all():
        raise _Bad(where, "coordinates must be finite numbers")
    if ring:
        if len(arr) < 4:
            raise _Bad(where, f"a linear ring needs at least 4 positions, has {len(arr)}")
        if not np.array_equal(arr[0, :2], arr[-1, :2]):
            raise _Bad(
                where,
                f"ring is not closed: first position {arr[0, :2].tolist()} differs from the last "
                f"{arr[-1, :2].tolist()} (RFC 7946 §3.1.6)",
            )
    elif len(arr) < 2:
        raise _Bad(where, f"a LineString needs at least 2 positions, has {len(arr)}")
    return arr[:, :2]


def _walk(c: Any, depth: int, where: list[int], ring: bool) -> Iterator[FloatArray]:
    if depth == 1:
        yield _positions(c, where, ring)
        return
    if not isinstance(c, list) or not c:
        raise _Bad(where, "must be a non-empty list")
    for i, part in enumerate(c):
        yield from _walk(part, depth - 1, [*where, i], ring)


def geometry_positions(geom: Any) -> FloatArray:
    """All positions of a GeoJSON geometry as an (n, 2) array; raises ``_Bad``."""
    kind = geom.get("type")
    depth = _DEPTH[kind]
    parts = list(_walk(geom.get("coordinates"), depth, [], kind in ("Polygon", "MultiPolygon")))
    return np.concatenate(parts) if parts else np.zeros((0, 2))


def _path(i: int, where: list[int]) -> str:
    return f"$.features[{i}].geometry.coordinates" + "".join(f"[{k}]" for k in where)


def _range_problem(xy: FloatArray) -> str | None:
    lon, lat = xy[:, 0], xy[:, 1]
    bad = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if not bad.any():
        return None
    n = int(bad.sum())
    if np.median(np.abs(xy)) > 1000:
        return (
            f"coordinates are not longitude/latitude degrees (x {lon.min():.0f} to "
            f"{lon.max():.0f}, y {lat.min():.0f} to {lat.max():.0f}): they look like a "
            "projected CRS in metres; GeoJSON layers must be WGS84 lon/lat (RFC 7946 §4), "
            "e.g. reproject with: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
        )
    k = int(np.flatnonzero(bad)[0])
    what = f"latitude {lat[k]:g}" if abs(lat[k]) > 90 else f"longitude {lon[k]:g}"
    return (
        f"{what} out of range at position {k} ({n} position(s) outside lon [-180, 180], "
        "lat [-90, 90])"
    )


def layer_coordinate_problems(data: Any, file: str) -> tuple[list[Problem], list[FloatArray]]:
    """Problems of one layer's coordinates, and the positions of its good geometries."""
    problems: list[Problem] = []
    good: list[FloatArray] = []
    for i, feature in enumerate(data.get("features", [])):
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geom, dict) or geom.get("type") not in _DEPTH:
            continue  # the schema reports it
        try:
            xy = geometry_positions(geom)
        except _Bad as exc:
            problems.append(Problem(file, _path(i, exc.where), exc.message))
            continue
        message = _range_problem(xy)
        if message:
            problems.append(Problem(file, f"$.features[{i}].geometry.coordinates", message))
            continue
        good.append(xy)
    return problems, good


def country_problem(
    xy: FloatArray, country: str, bounds: tuple[float, float, float, float] | None, file: str
) -> Problem | None:
    """An error when positions lie outside the country's bounds (with a swapped-axes hint)."""
    if bounds is None or not len(xy):
        return None
    w, s, e, n = bounds
    w, s, e, n = (
        w - COUNTRY_MARGIN_DEG,
        s - COUNTRY_MARGIN_DEG,
        e + COUNTRY_MARGIN_DEG,
        n + COUNTRY_MARGIN_DEG,
    )

    def inside(lon: FloatArray, lat: FloatArray) -> Any:
        return (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)

    ok = inside(xy[:, 0], xy[:, 1])
    if ok.all():
        return None
    share = 100.0 * (1.0 - float(ok.mean()))
    k = int(np.flatnonzero(~ok)[0])
    hint = ""
    if inside(xy[:, 1], xy[:, 0]).mean() > 0.9:
        hint = "; with longitude and latitude swapped they would be inside: write [lon, lat]"
    return Problem(
        file,
        "$.features",
        f"{share:.0f} % of the positions lie outside {country} (lon {w:.1f} to {e:.1f}, lat "
        f"{s:.1f} to {n:.1f}), first [{xy[k, 0]:g}, {xy[k, 1]:g}]{hint}",
    )
