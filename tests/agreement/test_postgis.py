"""Distances and sides against PostGIS (``ST_Distance`` on geography, ``ST_Within``).

Edges are straight in lon/lat (RFC 7946), as ``ST_Within`` on geometry takes them; for
``ST_Distance`` on geography (great-circle edges) the line is first cut into pieces of at most
0.0005 degrees along its lon/lat edges (``ST_Segmentize`` on geometry), where arc and edge are
less than 0.1 mm apart.

Runs when ``TRUCE_TEST_DATABASE_URL`` points at a PostgreSQL database with the PostGIS
extension (CI sets it); skipped otherwise.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import create_engine, text

from truce.agreement import SpatialIndex

pytestmark = pytest.mark.postgres
URL = os.environ.get("TRUCE_TEST_DATABASE_URL")


@pytest.fixture(scope="module")
def pg():  # type: ignore[no-untyped-def]
    if not URL:
        pytest.skip("TRUCE_TEST_DATABASE_URL is not set")
    engine = create_engine(URL)
    with engine.connect() as conn:
        if (
            conn.execute(
                text("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'")
            ).scalar_one()
            == 0
        ):
            pytest.skip("PostGIS is not installed in the test database")
    yield engine
    engine.dispose()


def _random_points(index: SpatialIndex, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform random points inside the mission area (the union of the regions)."""
    area = shapely.union_all([shape(r.geometry) for r in index.agreement.regions])
    w, s, e, nn = area.bounds
    rng = np.random.default_rng(seed)
    lon, lat = np.empty(0), np.empty(0)
    while len(lon) < n:
        x, y = rng.uniform(w, e, 3 * n), rng.uniform(s, nn, 3 * n)
        keep = shapely.contains_xy(area, x, y)
        lon, lat = np.concatenate([lon, x[keep]]), np.concatenate([lat, y[keep]])
    return lon[:n], lat[:n]


def _postgis(
    engine, index: SpatialIndex, lon: np.ndarray, lat: np.ndarray
) -> tuple[np.ndarray, list[str | None]]:  # type: ignore[no-untyped-def]
    line = shapely.to_wkt(
        shapely.union_all([shape(f.geometry) for f in index.agreement.contact_line]),
        rounding_precision=-1,
    )
    sides = {
        c.party: shapely.to_wkt(shape(c.geometry), rounding_precision=-1)
        for c in index.agreement.controlled_areas
    }
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE pts (i int, lon float8, lat float8) ON COMMIT DROP"))
        conn.execute(
            text("INSERT INTO pts VALUES (:i, :lon, :lat)"),
            [
                {"i": i, "lon": float(x), "lat": float(y)}
                for i, (x, y) in enumerate(zip(lon, lat, strict=True))
            ],
        )
        rows = conn.execute(
            text(
                """
                SELECT p.i,
                       ST_Distance(
                           ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography,
                           ST_Segmentize(ST_GeomFromText(:line, 4326), 0.0005)::geography
                       ) AS d,
                       ST_Within(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326),
                                 ST_GeomFromText(:a, 4326)) AS in_a,
                       ST_Within(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326),
                                 ST_GeomFromText(:b, 4326)) AS in_b
                FROM pts p ORDER BY p.i
                """
            ),
            {"line": line, "a": sides["side-a"], "b": sides["side-b"]},
        ).all()
    dist = np.array([r.d for r in rows])
    side = ["side-a" if r.in_a else "side-b" if r.in_b else None for r in rows]
    return dist, side


def test_10000_random_points_agree_with_postgis(pg, index: SpatialIndex) -> None:  # type: ignore[no-untyped-def]
    lon, lat = _random_points(index, 10_000, seed=11)
    ref_d, ref_side = _postgis(pg, index, lon, lat)
    got = index.locate(lon, lat)
    rel = np.abs(got.distance_m - ref_d) / np.maximum(ref_d, 1e-9)
    assert np.all((rel <= 0.005) | (np.abs(got.distance_m - ref_d) < 1e-6)), float(rel.max())
    assert list(got.side) == ref_side


def test_boundary_points_agree_with_postgis(pg, index: SpatialIndex) -> None:  # type: ignore[no-untyped-def]
    coords = np.asarray(shape(index.agreement.contact_line[0].geometry).coords)
    lon, lat = coords[::10, 0], coords[::10, 1]  # exactly on the line
    ref_d, ref_side = _postgis(pg, index, lon, lat)
    got = index.locate(lon, lat)
    assert np.all(ref_d < 1e-6) and np.all(got.distance_m < 1e-6)
    assert list(got.side) == ref_side == [None] * len(lon)
