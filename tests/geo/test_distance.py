"""Nearest-segment index and geodesic distances (truce.geo.distance) against brute force."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from tests.conftest import DEMO_AREA
from truce.geo.distance import (
    WGS84,
    GeodesicLine,
    PolylineIndex,
    great_circle_foot,
    plane_error_bound,
)
from truce.geo.projection import LocalPlane

AREA = DEMO_AREA
EXTENT = (36.5, 46.8, 40.3, 50.2)


@pytest.fixture(scope="module")
def line_lonlat() -> np.ndarray:
    fc = json.loads((AREA / "contact_line.geojson").read_text())
    return np.asarray(fc["features"][0]["geometry"]["coordinates"], dtype=float)


@pytest.fixture(scope="module")
def geodesic(line_lonlat: np.ndarray) -> GeodesicLine:
    return GeodesicLine([line_lonlat], LocalPlane.for_bounds(*EXTENT), EXTENT)


def _brute_geodesic(line: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Minimum WGS84 distance to points every ~20 m along each great-circle edge."""
    best = np.full(len(lon), np.inf)
    for (alon, alat), (blon, blat) in zip(line[:-1], line[1:], strict=True):
        _, _, seg = WGS84.inv(alon, alat, blon, blat)
        n = max(2, int(seg / 20.0))
        pts = np.array(WGS84.npts(alon, alat, blon, blat, n, initial_idx=0, terminus_idx=0))
        _, _, d = WGS84.inv(
            np.repeat(lon, len(pts)),
            np.repeat(lat, len(pts)),
            np.tile(pts[:, 0], len(lon)),
            np.tile(pts[:, 1], len(lon)),
        )
        best = np.minimum(best, d.reshape(len(lon), len(pts)).min(axis=1))
    return best


def test_grid_and_strtree_paths_find_the_same_minimum() -> None:
    rng = np.random.default_rng(3)
    xy = np.cumsum(rng.normal(0, 2000, (400, 2)), axis=0)
    index = PolylineIndex(
        [xy],
        extent=(
            xy[:, 0].min() - 5e4,
            xy[:, 1].min() - 5e4,
            xy[:, 0].max() + 5e4,
            xy[:, 1].max() + 5e4,
        ),
    )
    n = 40_000  # above the grid threshold
    px = rng.uniform(xy[:, 0].min() - 6e4, xy[:, 0].max() + 6e4, n)  # some outside the grid
    py = rng.uniform(xy[:, 1].min() - 6e4, xy[:, 1].max() + 6e4, n)
    fast = index.nearest(px, py).distance
    exact = shapely.distance(shapely.LineString(xy), shapely.points(px, py))
    assert np.allclose(fast, exact, rtol=0, atol=1e-6)
    small = index.nearest(px[:500], py[:500]).distance  # the STRtree path
    assert np.allclose(small, exact[:500], rtol=0, atol=1e-6)


def test_collinear_vertices_are_dropped_but_distances_kept() -> None:
    line = shapely.segmentize(shapely.LineString([(0, 0), (10_000, 0), (10_000, 10_000)]), 10.0)
    index = PolylineIndex([shapely.get_coordinates(line)])
    assert index.n_segments == 2
    d = index.nearest([5_000, 12_000, 3.0], [-300, 5_000, 0.0]).distance
    assert np.allclose(d, [300, 2_000, 0.0])


def test_multipart_lines() -> None:
    index = PolylineIndex([[(0, 0), (100, 0)], [(0, 1000), (100, 1000)]])
    near = index.nearest([50, 50], [10, 990])
    assert np.allclose(near.distance, [10, 10])
    assert list(index.part_of[near.segment]) == [0, 1]


def test_geodesic_distance_matches_brute_force_within_0_05_percent(
    geodesic: GeodesicLine, line_lonlat: np.ndarray
) -> None:
    rng = np.random.default_rng(7)
    lon = rng.uniform(37.0, 40.0, 60)
    lat = rng.uniform(47.0, 49.5, 60)
    got = geodesic.distance(lon, lat)
    ref = _brute_geodesic(line_lonlat, lon, lat)
    # The brute force samples every ~20 m, so it overestimates by at most ~0.05 m near the line.
    assert np.all(np.abs(got - ref) <= np.maximum(5e-4 * ref, 0.1))


def test_vertices_are_at_distance_zero(geodesic: GeodesicLine, line_lonlat: np.ndarray) -> None:
    assert np.all(geodesic.distance(line_lonlat[:, 0], line_lonlat[:, 1]) < 1e-6)


def test_plane_error_bound_is_small_for_the_mission_area() -> None:
    bound = plane_error_bound(LocalPlane.for_bounds(*EXTENT), EXTENT)
    assert 0 < bound < 5e-4
    assert plane_error_bound(LocalPlane.for_bounds(0, 0, 40, 40), (0, 0, 40, 40)) > 1e-2


def test_great_circle_foot_interior_and_endpoint() -> None:
    # On the equator the great circle between (0,0) and (10,0) is the equator itself.
    lon, lat = great_circle_foot(
        np.array([5.0, 12.0]),
        np.array([1.0, 1.0]),
        np.zeros(2),
        np.zeros(2),
        np.full(2, 10.0),
        np.zeros(2),
    )
    assert np.allclose(lon, [5.0, 10.0]) and np.allclose(lat, [0.0, 0.0], atol=1e-12)


def test_conformal_plane_error_is_of_the_order_of_the_equidistant_one() -> None:
    from truce.geo.conformal import ConformalPlane

    lcc = plane_error_bound(ConformalPlane.for_bounds(*EXTENT), EXTENT)
    aeqd = plane_error_bound(LocalPlane.for_bounds(*EXTENT), EXTENT)
    assert 0 < lcc < 3e-4 and 0 < aeqd < 3e-4
    plane = ConformalPlane.for_bounds(*EXTENT)
    x, y = plane.forward([38.0, 39.0], [48.0, 48.5])
    lon, lat = plane.inverse(x, y)
    assert np.allclose(lon, [38.0, 39.0]) and np.allclose(lat, [48.0, 48.5])


def test_levels_of_detail_bound_the_relative_error_of_a_dense_wiggly_line() -> None:
    rng = np.random.default_rng(9)
    base = np.column_stack([np.linspace(0, 400_000, 12_000), np.zeros(12_000)])
    base[:, 1] = 30_000 * np.sin(base[:, 0] / 60_000) + rng.uniform(-10, 10, len(base))
    extent = (-50_000.0, -150_000.0, 450_000.0, 150_000.0)
    index = PolylineIndex([base], extent=extent, cells=4096)
    index.build_grids()  # the coarser levels come with the grids
    assert len(index.levels) > 1 and index.n_segments > 10_000
    px, py = rng.uniform(extent[0], extent[2], 25_000), rng.uniform(extent[1], extent[3], 25_000)
    near = index.nearest(px, py)
    exact = shapely.distance(shapely.LineString(base), shapely.points(px, py))
    close = exact < index.exact_within_m
    # Full detail near the line: exact to the 5 cm simplification.
    assert np.allclose(near.distance[close], exact[close], rtol=0, atol=index.simplify_m)
    assert np.all(near.segment[close] >= 0)
    far = ~close
    rel = np.abs(near.distance[far] - exact[far]) / exact[far]
    assert rel.max() <= index.tolerance
    assert (near.segment < 0).sum() > len(px) // 2  # most points answered by a coarse level


@pytest.mark.parametrize("n", [40, 30_000])
def test_measure_gives_the_distance_and_the_plane_search_it_made(
    line_lonlat: np.ndarray, n: int
) -> None:
    """``measure`` returns the same distances as ``distance`` (a fresh line each time, so that
    the small batch takes the per-segment arcs and the large one every segment's), with the
    projected points and the nearest full-detail segments of ``PolylineIndex.nearest``."""
    rng = np.random.default_rng(11)
    lon, lat = rng.uniform(37.0, 40.0, n), rng.uniform(47.0, 49.5, n)
    plane = LocalPlane.for_bounds(*EXTENT)
    got = GeodesicLine([line_lonlat], plane, EXTENT).measure(lon, lat, exact=True)
    ref = GeodesicLine([line_lonlat], plane, EXTENT)
    assert np.array_equal(got.distance, ref.distance(lon, lat, exact=True))
    x, y = plane.forward(lon, lat)
    assert np.array_equal(got.x, x) and np.array_equal(got.y, y)
    near = ref.index.nearest(x, y, full_detail=True)
    assert np.array_equal(got.nearest.segment, near.segment)
    assert np.array_equal(got.nearest.t, near.t)
    assert np.all(got.nearest.segment >= 0)
