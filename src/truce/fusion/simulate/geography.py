"""A line of contact in a local metric plane: points along it and offsets from it.

:func:`load_contact_line` reads the demo line (``data/demo-area/contact_line.geojson``, WGS84)
and its side B (``ngca.geojson``); :func:`contact_line_from` takes any agreement's line (parts
joined end to end in the order that makes the shortest jumps) and side B's area. Positions
are metres in an azimuthal equidistant plane centred on the line's bounds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import numpy as np
import shapely
from shapely.geometry import LineString, shape

from truce.fusion.table import F64
from truce.geo.projection import LocalPlane


def _read_geojson(name: str) -> dict[str, object]:
    text = resources.files("truce").joinpath("data", "demo-area", name).read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


@dataclass(frozen=True)
class ContactLine:
    """The line in plane metres, with cumulative arc length and side B's polygon."""

    plane: LocalPlane
    x: F64
    y: F64
    s: F64  # cumulative length at each vertex, metres
    side_b: shapely.Geometry
    line: LineString

    @property
    def length(self) -> float:
        return float(self.s[-1])

    def at(self, s: F64) -> tuple[F64, F64, F64, F64]:
        """Points at arc lengths ``s`` and the unit normal towards side A (nx, ny)."""
        s = np.clip(s, 0.0, self.length)
        k = np.clip(np.searchsorted(self.s, s, side="right") - 1, 0, len(self.s) - 2)
        seg = self.s[k + 1] - self.s[k]
        f = np.where(seg > 0, (s - self.s[k]) / np.maximum(seg, 1e-9), 0.0)
        dx, dy = self.x[k + 1] - self.x[k], self.y[k + 1] - self.y[k]
        px, py = self.x[k] + f * dx, self.y[k] + f * dy
        norm = np.maximum(np.hypot(dx, dy), 1e-9)
        nx, ny = -dy / norm, dx / norm  # left of the direction of travel
        # flip so that the normal points to side A (away from the NGCA polygon)
        probe_in_b = shapely.contains_xy(self.side_b, px + 300.0 * nx, py + 300.0 * ny)
        sign = np.where(probe_in_b, -1.0, 1.0)
        return px, py, nx * sign, ny * sign

    def offset(self, s: F64, d: F64) -> tuple[F64, F64]:
        """Points at arc length ``s``, ``d`` metres from the line (d > 0 side A, < 0 side B)."""
        px, py, nx, ny = self.at(s)
        return px + d * nx, py + d * ny

    def distance(self, x: F64, y: F64) -> F64:
        """Distance of points from the line, metres."""
        return np.asarray(shapely.distance(self.line, shapely.points(x, y)), dtype=float)

    def on_side_b(self, x: F64, y: F64) -> np.ndarray:
        return np.asarray(shapely.contains_xy(self.side_b, x, y), dtype=bool)


def load_contact_line() -> ContactLine:
    """The demo line and its side B (the demo area's files)."""
    line = _read_geojson("contact_line.geojson")
    ngca = _read_geojson("ngca.geojson")
    feats = line["features"]
    assert isinstance(feats, list)
    coords = np.asarray(feats[0]["geometry"]["coordinates"], dtype=float)
    nfeats = ngca["features"]
    assert isinstance(nfeats, list)
    return _build(coords[:, :2], shape(nfeats[0]["geometry"]))


def contact_line_from(parts: list[F64], side_b: shapely.Geometry) -> ContactLine:
    """A line from its parts (lon/lat arrays) and side B's area (lon/lat), e.g. an agreement
    version's (:func:`truce.agreement.spatial.simulation_geometry`)."""
    return _build(_chain([np.asarray(p, dtype=float)[:, :2] for p in parts]), side_b)


def _chain(parts: list[F64]) -> F64:
    """Line parts joined into one path, longest first, each next part the one whose end is
    nearest to the path's end (reversed where that is nearer)."""
    todo = sorted(parts, key=lambda p: -float(np.hypot(*np.diff(p, axis=0).T).sum()))
    path = todo.pop(0)
    while todo:
        end = path[-1]
        dist = [min(np.hypot(*(p[0] - end)), np.hypot(*(p[-1] - end))) for p in todo]
        nxt = todo.pop(int(np.argmin(dist)))
        if np.hypot(*(nxt[-1] - end)) < np.hypot(*(nxt[0] - end)):
            nxt = nxt[::-1]
        path = np.vstack([path, nxt])
    return path


def _build(coords: F64, side_b_lonlat: shapely.Geometry) -> ContactLine:
    plane = LocalPlane.for_bounds(
        coords[:, 0].min(), coords[:, 1].min(), coords[:, 0].max(), coords[:, 1].max()
    )
    x, y = plane.forward(coords[:, 0], coords[:, 1])
    s = np.r_[0.0, np.cumsum(np.hypot(np.diff(x), np.diff(y)))]

    def fwd(xy: F64) -> F64:
        px, py = plane.forward(xy[:, 0], xy[:, 1])
        return np.column_stack([px, py])

    side_b = shapely.transform(side_b_lonlat, fwd)
    shapely.prepare(side_b)
    return ContactLine(plane, x, y, s, side_b, LineString(np.column_stack([x, y])))
