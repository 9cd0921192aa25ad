"""Sectors from an observer (truce.geo.sector)."""

from __future__ import annotations

import pytest
import shapely

from truce.geo.distance import WGS84
from truce.geo.sector import circular_mean_deg, point_at, sector, sectors


def test_sector_holds_its_middle_and_not_the_observer() -> None:
    s = sector(lon=38.0, lat=48.0, bearing_deg=90.0, half_width_deg=11.25, min_km=2.0, max_km=4.0)
    assert s.is_valid
    mid = point_at(lon=38.0, lat=48.0, bearing_deg=90.0, km=3.0)
    assert s.contains(shapely.Point(mid))
    assert not s.contains(shapely.Point(38.0, 48.0))
    assert not s.contains(shapely.Point(point_at(lon=38.0, lat=48.0, bearing_deg=0.0, km=3.0)))


def test_pie_slice_has_the_observer_at_its_tip() -> None:
    s = sector(lon=38.0, lat=48.0, bearing_deg=180.0, half_width_deg=10.0, min_km=0.0, max_km=1.0)
    assert s.exterior.coords[-2] == pytest.approx((38.0, 48.0))


def test_point_at_is_geodesic() -> None:
    lon, lat = point_at(lon=38.0, lat=48.0, bearing_deg=45.0, km=10.0)
    _, _, d = WGS84.inv(38.0, 48.0, lon, lat)
    assert d == pytest.approx(10_000.0, abs=1e-6)


def test_disjoint_bearings_give_one_polygon() -> None:
    s = sectors(
        lon=38.0, lat=48.0, bearings_deg=(0.0, 180.0), half_width_deg=5.0, min_km=1.0, max_km=2.0
    )
    assert s.geom_type == "Polygon" and s.is_valid


@pytest.mark.parametrize(
    ("bearings", "mean"), [((350.0, 10.0), 0.0), ((90.0,), 90.0), ((135.0, 180.0), 157.5)]
)
def test_circular_mean(bearings: tuple[float, ...], mean: float) -> None:
    assert circular_mean_deg(bearings) % 360 == pytest.approx(mean % 360, abs=1e-9)


def test_disc_is_a_geodesic_circle() -> None:
    from truce.geo.sector import disc

    d = disc(lon=38.0, lat=48.0, radius_m=500.0)
    assert d.is_valid and d.contains(shapely.Point(38.0, 48.0))
    lon, lat = d.exterior.coords[5]
    _, _, r = WGS84.inv(38.0, 48.0, lon, lat)
    assert r == pytest.approx(500.0, abs=1e-6)
