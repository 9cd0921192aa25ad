"""The spatial index: boundary decisions, input order, JSON shape."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from tests.agreement.conftest import point_from_line
from truce.agreement import SpatialIndex


def test_a_point_exactly_on_the_line_has_distance_zero_and_no_side(index: SpatialIndex) -> None:
    coords = shape(index.agreement.contact_line[0].geometry).coords
    lon, lat = coords[77]
    where = index.locate([lon], [lat])
    assert where.distance_m[0] < 1e-6
    assert where.side == (None,)
    assert where.region[0] in ("donetsk", "luhansk")


@pytest.mark.parametrize("party", ["side-a", "side-b"])
@pytest.mark.parametrize("metres", [50.0, 1000.0, 12_000.0])
def test_sides_and_distances_near_the_line(index: SpatialIndex, party: str, metres: float) -> None:
    lon, lat = point_from_line(index, party, metres)
    where = index.locate([lon], [lat])
    assert where.side == (party,)
    assert where.distance_m[0] == pytest.approx(metres, rel=1e-3)


def test_zone_edges_belong_to_the_zone(index: SpatialIndex) -> None:
    zone = next(z for z in index.agreement.zones if z.id == "da-zolote")
    lon, lat = shape(zone.geometry).exterior.coords[3]
    assert "da-zolote" in index.locate([lon], [lat]).zones[0]


def test_outside_the_mission_area(index: SpatialIndex) -> None:
    where = index.locate([30.5], [50.45])  # Kyiv
    assert where.side == (None,) and where.region == (None,) and where.zones == ((),)
    assert where.distance_m[0] > 500_000


def test_records_keep_input_order_and_shape(index: SpatialIndex) -> None:
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(37, 40, 50), rng.uniform(47, 49.5, 50)
    records = index.locate(lon, lat).records()
    assert [set(r) for r in records] == [{"distance_m", "side", "region", "zones"}] * 50
    for k in (0, 17, 49):
        assert records[k] == index.locate(lon[k : k + 1], lat[k : k + 1]).records()[0]
    json.dumps(records)


def test_holding_area_point_is_in_its_zone(index: SpatialIndex) -> None:
    ha = index.agreement.holding_areas[0]
    c = shapely.centroid(shape(ha.geometry))
    assert ha.id in index.locate([c.x], [c.y]).zones[0]


def test_describe_area_straddling_the_line(index: SpatialIndex) -> None:
    lon, lat = point_from_line(index, "side-a", 0.0)
    disc = shapely.Point(lon, lat).buffer(0.01)
    facts = index.describe_area(disc)
    assert set(facts.sides) == {"side-a", "side-b"} and facts.wholly_on is None
    assert facts.min_distance_m == 0.0 and facts.max_distance_m > 500
