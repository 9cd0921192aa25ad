"""Incidents and violations exported for GIS (issue 11.9): ``--geometry ellipse`` gives the
95 % ellipse as an RFC 7946 Polygon, flat typed fields arrive typed in GDAL, coordinates are
rounded to 7 decimals in GeoJSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shapely
from pyproj import Geod

from tests.domain.test_features_gis import incident, violation
from tests.gis import ogr_fields, ogr_geometry
from truce.domain.formats import IncidentGeometry, OutputFormat
from truce.domain.results import DecidedViolation
from truce.domain.violation import Decision, DecisionStatus
from truce.errors import InvalidInput
from truce.services.exports import export_incidents, export_violations


def test_incident_ellipses_are_rfc7946_polygons_in_gdal(tmp_path: Path) -> None:
    items = [incident(), incident(lon=37.5, lat=47.9, ellipse={
        "semi_major_m": 3000, "semi_minor_m": 3000, "orientation_deg": 0})]  # fmt: skip
    text = "".join(
        export_incidents(
            incidents=items, format=OutputFormat.GEOJSON, geometry=IncidentGeometry.ELLIPSE
        )
    )
    path = tmp_path / "ellipses.geojson"
    path.write_text(text)
    assert ogr_geometry(path) == "Polygon"
    fields = ogr_fields(path)
    assert fields["ellipse_semi_major_m"] == "Real" and fields["counts_total"] == "Integer"
    assert fields["observed_start"] == "DateTime"
    for item, feature in zip(items, json.loads(text)["features"], strict=True):
        ring = feature["geometry"]["coordinates"][0]
        assert shapely.LinearRing(ring).is_ccw  # RFC 7946 §3.1.6
        assert ring[0] == ring[-1] and len(ring) == 65
        assert all(len(str(c).split(".")[-1]) <= 7 for xy in ring for c in xy)
        shape = shapely.geometry.shape(feature["geometry"])
        assert shape.is_valid and shape.contains(shapely.Point(item.lon, item.lat))
        area, _ = Geod(ellps="WGS84").polygon_area_perimeter(*zip(*ring, strict=True))
        expected = math.pi * item.ellipse.semi_major_m * item.ellipse.semi_minor_m
        assert abs(area) == pytest.approx(expected, rel=0.01)  # 64 vertices: -0.16 %


def test_the_point_stays_the_default_and_ellipse_is_geojson_only() -> None:
    point = json.loads(
        "".join(export_incidents(incidents=[incident()], format=OutputFormat.GEOJSON))
    )
    assert point["features"][0]["geometry"] == {
        "type": "Point",
        "coordinates": [38.1234568, 48.9876543],
    }
    with pytest.raises(
        InvalidInput, match="--geometry ellipse: only with --format geojson, not --format csv"
    ):
        export_incidents(
            incidents=[incident()], format=OutputFormat.CSV, geometry=IncidentGeometry.ELLIPSE
        )


def test_csv_coordinates_are_rounded_too() -> None:
    rows = list(csv.DictReader(io.StringIO("".join(
        export_incidents(incidents=[incident()], format=OutputFormat.CSV)))))  # fmt: skip
    assert (rows[0]["lon"], rows[0]["lat"]) == ("38.1234568", "48.9876543")
    decided = DecidedViolation(violation(), None)
    rows = list(csv.DictReader(io.StringIO("".join(
        export_violations(violations=[decided], format=OutputFormat.CSV)))))  # fmt: skip
    assert rows[0]["lon"] == "38.1234568"


def test_violation_features_carry_the_decision_as_flat_fields(tmp_path: Path) -> None:
    v = violation()
    decision = Decision(
        violation_id=v.id,
        status=DecisionStatus.CONFIRMED,
        decided_by="analyst-1",
        decided_at=datetime(2025, 3, 13, 9, 0, tzinfo=UTC),
    )
    items = [DecidedViolation(v, decision), DecidedViolation(violation(), None)]
    path = tmp_path / "violations.geojson"
    path.write_text("".join(export_violations(violations=items, format=OutputFormat.GEOJSON)))
    fields = ogr_fields(path)
    assert fields["decision_status"] == "String" and fields["decision_decided_at"] == "DateTime"
    assert fields["facts_distance_m"] == "Real" and fields["observed_start"] == "DateTime"
