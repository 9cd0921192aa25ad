"""Rendering observations as JSON, GeoJSON and flat CSV, and coverage records as flat CSV
(the inverse of the CSV reader)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from truce.domain import Observation
from truce.domain.coverage import Coverage
from truce.domain.geojson import observation_feature
from truce.intake.readers import JSON_COLUMNS, LIST_COLUMNS

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "source.type",
    "source.id",
    "observed.start",
    "observed.end",
    "position.lon",
    "position.lat",
    "position.accuracy_m",
    "position.place",
    "event.kind",
    "event.subtype",
    "event.weapons",
    "event.calibre_mm",
    "event.count.value",
    "event.count.qualifier",
    "direction.bearings",
    "direction.bearing_deg",
    "direction.sigma_deg",
    "direction.from",
    "direction.to",
    "distance_km.min",
    "distance_km.max",
    "narrative.text",
    "narrative.lang",
    "narrative.span",
    "classification",
    "attachments",
)


def flatten(wire: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """``{"position": {"lat": 48.1}}`` -> ``{"position.lat": "48.1"}`` (lists joined by ``;``)."""
    out: dict[str, str] = {}
    for key, value in wire.items():
        name = f"{prefix}{key}"
        if name in JSON_COLUMNS:
            if value:
                out[name] = json.dumps(value, ensure_ascii=False)
        elif name in LIST_COLUMNS:
            if value:
                out[name] = ";".join(str(v) for v in value)
        elif isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif value is not None:
            out[name] = str(value)
    return out


#: Flat CSV columns of a coverage record, in this order (``truce`` writes them; any order reads).
COVERAGE_CSV_COLUMNS: tuple[str, ...] = (
    "record",
    "id",
    "source.type",
    "source.id",
    "observed.start",
    "observed.end",
    "position.lon",
    "position.lat",
    "position.accuracy_m",
    "position.place",
    "track.coordinates",
    "range_km",
    "status",
    "note",
    "classification",
)


def coverage_csv_row(record: Coverage) -> dict[str, str]:
    """The coverage record as one CSV row over :data:`COVERAGE_CSV_COLUMNS` (empty cell: field
    absent); a track's vertices in one ``lon lat;lon lat;…`` cell, as ``Track`` reads it."""
    wire = record.wire()
    track = wire.pop("track", None)
    flat = flatten(wire)
    if track is not None:
        flat["track.coordinates"] = ";".join(f"{x} {y}" for x, y in track["coordinates"])
    return {column: flat.get(column, "") for column in COVERAGE_CSV_COLUMNS}


def iter_json_array(observations: Iterable[Observation]) -> Iterator[str]:
    """Chunks of one JSON array of wire-format observations (streamed)."""
    yield "["
    for n, obs in enumerate(observations):
        yield ("," if n else "") + "\n" + json.dumps(obs.wire(), ensure_ascii=False)
    yield "\n]\n"


def feature(obs: Observation) -> dict[str, Any]:
    """A GeoJSON Feature of the wire record, as :func:`truce.domain.geojson.observation_feature`
    builds it (the observer's position, rounded; flat, typed copies of the nested fields)."""
    return observation_feature(obs.wire())


def iter_geojson(observations: Iterable[Observation]) -> Iterator[str]:
    """Chunks of one GeoJSON FeatureCollection (RFC 7946)."""
    yield '{"type": "FeatureCollection", "features": ['
    for n, obs in enumerate(observations):
        yield ("," if n else "") + "\n" + json.dumps(feature(obs), ensure_ascii=False)
    yield "\n]}\n"


def iter_csv(observations: Iterable[Observation]) -> Iterator[str]:
    """Chunks of a CSV file with ``CSV_COLUMNS`` (readable back by ``truce ingest``)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for obs in observations:
        writer.writerow(flatten(obs.wire()))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
