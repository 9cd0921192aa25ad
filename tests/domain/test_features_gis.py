"""Incidents and violations as GeoJSON that GDAL (as QGIS) reads with flat, typed fields and
rounded coordinates (issue 11.9), checked with ``ogrinfo``."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from tests.gis import ogr_fields, ogr_geometry
from truce.domain.incident import Incident
from truce.domain.violation import Violation

WINDOW = {"start": "2025-03-12T18:00:00+02:00", "end": "2025-03-12T18:05:00+02:00"}


def incident(**kw: Any) -> Incident:
    fields: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": "explosion",
        "subtype": "impact",
        "lon": 38.123456789012345,
        "lat": 48.98765432101234,
        "ellipse": {"semi_major_m": 900, "semi_minor_m": 400, "orientation_deg": 30},
        "method": "wls",
        "window": WINDOW,
        "counts": {"total": 14, "impact": 14},
        "observation_ids": [str(uuid.uuid4()), str(uuid.uuid4())],
        "n_sources": 2,
        "confidence": 1,
    }
    return Incident.model_validate({**fields, **kw})


def violation(**kw: Any) -> Violation:
    fields: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "agreement_id": "demo",
        "agreement_version": 2,
        "agreement_sha256": "0" * 64,
        "clause_id": "c02-withdrawal",
        "clause_type": "weapon_withdrawal",
        "record_type": "incident",
        "record_ids": [str(uuid.uuid4())],
        "outcome": "breached",
        "attribution": "side-b",
        "observed": WINDOW,
        "lon": 38.123456789012345,
        "lat": 48.1,
        "facts": {"reason": "fire_in_area", "distance_m": 5000, "side": "side-b"},
    }
    return Violation.model_validate({**fields, **kw})


def _write(path: Path, features: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_incident_geojson_has_flat_typed_fields_in_gdal(tmp_path: Path) -> None:
    items = [incident(), incident(counts={"total": 3}, subtype=None, confidence=0.5)]
    path = _write(tmp_path / "incidents.geojson", [i.feature() for i in items])
    fields = ogr_fields(path)
    assert ogr_geometry(path) == "Point"
    assert fields["observed_start"] == "DateTime" and fields["observed_end"] == "DateTime"
    assert fields["window_start"] == "DateTime"
    assert fields["counts_total"] == "Integer" and fields["counts_impact"] == "Integer"
    assert fields["ellipse_semi_major_m"] == "Real"
    assert fields["ellipse_orientation_deg"] == "Real" and fields["confidence"] == "Real"
    assert fields["kind"] == "String" and fields["method"] == "String"
    first = items[0].feature()
    assert first["geometry"]["coordinates"] == [38.1234568, 48.9876543]
    assert first["properties"]["observed_start"] == "2025-03-12T18:00:00+02:00"
    assert first["properties"]["counts"]["total"] == 14  # the nested object stays beside


def test_violation_geojson_has_flat_typed_fields_in_gdal(tmp_path: Path) -> None:
    decision = {"status": "confirmed", "decided_by": "analyst-1"}
    features = [violation().feature(decision=decision), violation(lon=None, lat=None).feature()]
    path = _write(tmp_path / "violations.geojson", features)
    fields = ogr_fields(path)
    assert fields["observed_start"] == "DateTime" and fields["observed_end"] == "DateTime"
    assert fields["facts_distance_m"] == "Real"
    assert fields["facts_side"] == "String" and fields["facts_reason"] == "String"
    assert fields["decision_status"] == "String" and fields["agreement_version"] == "Integer"
    assert features[0]["geometry"]["coordinates"] == [38.1234568, 48.1]
    assert features[1]["geometry"] is None
