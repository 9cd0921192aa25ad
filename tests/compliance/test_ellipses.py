"""The distance range of an ellipse from its centre (issue 11.4) against the traced polygon."""

from __future__ import annotations

import math

import numpy as np
import pytest

from truce.agreement import SpatialIndex
from truce.compliance._areas import describe_areas
from truce.compliance._ellipses import distance_range, ellipse_polygons, may_reach_line


def test_range_matches_the_polygon_where_the_line_is_straight(index: SpatialIndex) -> None:
    """Ellipses beside the middle of the longest straight piece of the line: the range from
    the centre is the traced 64-gon's, within the gap between the gon and the ellipse."""
    line = index.line.index
    ax, ay, bx, by = line.segment_ends()
    k = int(np.argmax(np.hypot(bx - ax, by - ay)))
    length = math.hypot(bx[k] - ax[k], by[k] - ay[k])
    ux, uy = (bx[k] - ax[k]) / length, (by[k] - ay[k]) / length
    rng = np.random.default_rng(4)
    n = 200
    a = rng.uniform(0.02, 0.1, n) * length
    b = a * rng.uniform(0.05, 1.0, n)
    turn = rng.uniform(0.0, 180.0, n)
    off = a * rng.uniform(1.5, 4.0, n) * rng.choice([-1.0, 1.0], n)
    mx, my = (ax[k] + bx[k]) / 2, (ay[k] + by[k]) / 2
    lon, lat = index.plane.inverse(mx - uy * off, my + ux * off)
    d = index.distance_m(lon, lat)
    assert not may_reach_line(d, a).any()
    lo, hi = distance_range(
        index, lon=lon, lat=lat, distance_m=d, semi_major_m=a, semi_minor_m=b, orientation_deg=turn
    )
    polygons = ellipse_polygons(
        lon=lon, lat=lat, semi_major_m=a, semi_minor_m=b, orientation_deg=turn, n=64
    )
    traced, _ = describe_areas(index, list(polygons))
    x, y = index.plane.forward(lon, lat)
    plane_d = line.nearest(x, y, full_detail=True).distance  # the polygon is measured in the plane
    gap = a * (1 - math.cos(math.pi / 64)) + 1e-3 * a + 0.5
    poly_lo = np.array([t.min_distance_m for t in traced]) - plane_d
    poly_hi = np.array([t.max_distance_m for t in traced]) - plane_d
    assert np.all(np.abs((lo - d) - poly_lo) < gap)
    assert np.all(np.abs((hi - d) - poly_hi) < gap)
    assert np.all(hi - lo <= 2 * a + 1e-6) and np.all(hi - lo >= 2 * b - 1e-6)


@pytest.mark.parametrize(
    ("d", "a", "near"), [(0.0, 10.0, True), (100.0, 100.0, True), (1000.0, 100.0, False)]
)
def test_may_reach_line(d: float, a: float, near: bool) -> None:
    assert bool(may_reach_line(np.array([d]), np.array([a]))[0]) is near


def test_range_from_segments_already_found_is_the_range_searched_afresh(
    index: SpatialIndex,
) -> None:
    """Given the nearest segments ``GeodesicLine.measure`` found (the columnar path), the
    range is the one ``distance_range`` finds by its own search, bit for bit."""
    rng = np.random.default_rng(9)
    n = 500
    lon, lat = rng.uniform(37.0, 40.0, n), rng.uniform(47.0, 49.5, n)
    a = rng.uniform(50.0, 3_000.0, n)
    b = a * rng.uniform(0.1, 1.0, n)
    turn = rng.uniform(0.0, 180.0, n)
    line = index.line.measure(lon, lat, exact=True)
    kw = dict(lon=lon, lat=lat, distance_m=line.distance, semi_major_m=a, semi_minor_m=b)
    fresh = distance_range(index, **kw, orientation_deg=turn)
    given = distance_range(
        index,
        **kw,
        orientation_deg=turn,
        plane_xy=(line.x, line.y),
        nearest=(line.nearest.segment, line.nearest.t),
    )
    assert np.array_equal(fresh[0], given[0]) and np.array_equal(fresh[1], given[1])
    assert not np.array_equal(fresh[0], fresh[1])
