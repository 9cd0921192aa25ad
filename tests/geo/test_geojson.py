"""GeoJSON helpers: flat copies of nested properties, rounding, RFC 7946 winding."""

from __future__ import annotations

import shapely

from truce.geo.geojson import flat_properties, oriented, point, polygon, with_flat


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


def test_points_are_rounded_to_seven_decimals() -> None:
    """1e-7 degrees is at most 1.1 cm (RFC 7946 §11.2)."""
    assert point(38.123456789012345, 48.00000004) == {
        "type": "Point",
        "coordinates": [38.1234568, 48.0],
    }
    assert point(None, None) is None


def test_polygons_wind_counter_clockwise_with_clockwise_holes() -> None:
    outer = [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]  # clockwise
    hole = [(0.2, 0.2), (0.4, 0.2), (0.4, 0.4), (0.2, 0.4), (0.2, 0.2)]  # counter-clockwise
    out = polygon(shapely.Polygon(outer, [hole]))
    ext, inner = (shapely.LinearRing(r) for r in out["coordinates"])
    assert ext.is_ccw and not inner.is_ccw
    assert out["coordinates"][0][0] == [0.0, 0.0]


def test_multipolygons_and_dict_geometries_are_wound_without_moving_a_vertex() -> None:
    cw = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
    ccw_hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]]
    out = oriented({"type": "MultiPolygon", "coordinates": [[cw, ccw_hole], [cw]]})
    assert out is not None
    for ext, *holes in out["coordinates"]:
        assert shapely.LinearRing(ext).is_ccw and sorted(map(tuple, ext)) == sorted(map(tuple, cw))
        assert all(not shapely.LinearRing(h).is_ccw for h in holes)
    line = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    assert oriented(line) == line and oriented(None) is None
