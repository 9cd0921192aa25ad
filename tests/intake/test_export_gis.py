"""Observation GeoJSON opens in GDAL with flat, typed fields and rounded coordinates (11.9)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import new_id, wire
from tests.gis import ogr_fields, ogr_geometry
from truce.domain import Observation
from truce.intake.export import iter_geojson


def test_observation_geojson_has_flat_typed_fields_in_gdal(tmp_path: Path) -> None:
    records = [
        wire(id=new_id(), position={"lon": 38.123456789012345, "lat": 48.1, "accuracy_m": 50}),
        wire(id=new_id(), event={"kind": "fire", "count": {"qualifier": "unstated"}}),
    ]
    path = tmp_path / "observations.geojson"
    path.write_text("".join(iter_geojson(Observation.model_validate(r) for r in records)))
    fields = ogr_fields(path)
    assert ogr_geometry(path) == "Point"
    assert fields["event_count_value"] == "Integer"
    assert fields["observed_start"] == "DateTime"
    assert fields["observed_end"] == "DateTime"
    assert fields["distance_km_min"] == "Real"
    assert fields["position_accuracy_m"] == "Real"
    assert fields["event_kind"] == "String"
    assert fields["source_id"] == "String"
    assert fields["event"] == "String(JSON)"  # the nested object stays, beside its flat copies
    first = json.loads(path.read_text())["features"][0]
    assert first["geometry"]["coordinates"] == [38.1234568, 48.1]
    assert first["properties"]["event_count_value"] == 14
