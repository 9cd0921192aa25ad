"""GeoJSON helpers: flat copies of nested properties, rounding, RFC 7946 winding."""

from __future__ import annotations

import shapely

from truce.geo.geojson import flat_properties, point, polygon, with_flat


def test_flat_properties_of_nested_objects() -> None:
    props = {
        "id": "x",
        "event": {"count": {"value": 14, "qualifier": "exact"}, "weapons": ["mortar", "tank"]},
        "observed": {"start": "2025-03-12T18:00:00+02:00"},
        "attachments": [{"sha256": "ab"}],
        "tags": ["a"],
    }
    assert flat_properties(props) == {
        "event_count_value": 14,
        "event_count_qualifier": "exact",
        "event_weapons": "mortar;tank",
        "observed_start": "2025-03-12T18:00:00+02:00",
    }
    flat = with_flat({"d": {"min": 2}}, reals=frozenset({"d_min"}))
    assert flat == {"d": {"min": 2}, "d_min": 2.0} and isinstance(flat["d_min"], float)


def test_points_are_rounded_to_six_decimals() -> None:
    assert point(38.123456789012345, 48.0000004) == {
        "type": "Point",
        "coordinates": [38.123457, 48.0],
    }
    assert point(None, None) is None


def test_polygons_wind_counter_clockwise_with_clockwise_holes() -> None:
    outer = [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]  # clockwise
    hole = [(0.2, 0.2), (0.4, 0.2), (0.4, 0.4), (0.2, 0.4), (0.2, 0.2)]  # counter-clockwise
    out = polygon(shapely.Polygon(outer, [hole]))
    ext, inner = (shapely.LinearRing(r) for r in out["coordinates"])
    assert ext.is_ccw and not inner.is_ccw
    assert out["coordinates"][0][0] == [0.0, 0.0]
