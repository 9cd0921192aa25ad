"""Incidents and violations as JSON, JSON lines, GeoJSON and flat CSV (``truce incidents``,
``truce violations``): one record per line in JSON lines, one row per record in CSV.

A CSV's columns are the record's fields flattened with dots (``window.start``,
``ellipse.semi_major_m``, ``facts.distance_m``); a list of plain values is one cell joined by
``;`` (``observation_ids``), an object or a list of objects one JSON cell
(``facts.reason_params``). Times are ISO 8601 with their offset, as stored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from truce.domain.formats import IncidentGeometry, OutputFormat, require_format
from truce.domain.incident import Incident
from truce.domain.results import DecidedViolation
from truce.errors import InvalidInput
from truce.geo.ellipse import incident_polygons
from truce.geo.geojson import polygon, rounded

__all__ = [
    "INCIDENT_COLUMNS",
    "VIOLATION_COLUMNS",
    "check_incident_geometry",
    "export_incidents",
    "export_violations",
]

INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "kind", "subtype", "weapons", "window.start", "window.end", "lon", "lat",
    "ellipse.semi_major_m", "ellipse.semi_minor_m", "ellipse.orientation_deg", "counts.total",
    "counts.impact", "counts.outgoing", "counts.airburst", "counts.undetermined",
    "counts.qualifier", "n_sources", "method", "confidence", "observation_ids",
    "algorithm_version",
)  # fmt: skip

VIOLATION_COLUMNS: tuple[str, ...] = (
    "id", "status", "clause_id", "clause_type", "outcome", "attribution", "observed.start",
    "observed.end", "lon", "lat", "record_type", "record_ids", "facts.reason",
    "facts.reason_params", "facts.distance_m", "facts.distance_range_m", "facts.side",
    "facts.sides", "facts.region", "facts.zones", "facts.zone", "facts.time_window.start",
    "facts.time_window.end", "facts.weapon", "facts.limit_km", "facts.holding_area",
    "facts.registered", "facts.counted", "decision.status", "decision.decided_by",
    "decision.decided_at", "decision.note", "decision.attribution", "agreement_id",
    "agreement_version", "agreement_sha256", "algorithm_version",
)  # fmt: skip


def _flat(value: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, v in value.items():
        name = f"{prefix}{key}"
        if isinstance(v, dict) and not name.endswith("reason_params"):
            out.update(_flat(v, f"{name}."))
        elif isinstance(v, dict):
            out[name] = json.dumps(v, ensure_ascii=False, sort_keys=True) if v else ""
        elif isinstance(v, list):
            plain = all(not isinstance(x, dict | list) for x in v)
            out[name] = ";".join(map(str, v)) if plain else json.dumps(v, ensure_ascii=False)
        elif v is not None:
            out[name] = str(v)
    return out


def _csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        flat = _flat(row)
        writer.writerow([flat.get(c, "") for c in columns])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def _json_array(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def _jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _collection(features: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for n, f in enumerate(features):
        yield ("," if n else "") + "\n" + json.dumps(f, ensure_ascii=False)
    yield "\n]}\n"


def _render(
    fmt: OutputFormat,
    *,
    what: str,
    records: Callable[[], Iterator[dict[str, Any]]],
    features: Callable[[], Iterator[dict[str, Any]]],
    csv_rows: Callable[[], Iterator[dict[str, Any]]],
    columns: Sequence[str],
) -> Iterator[str]:
    allowed = (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.GEOJSON, OutputFormat.CSV)
    require_format(fmt, allowed, what=what)
    if fmt is OutputFormat.JSON:
        return _json_array(records())
    if fmt is OutputFormat.JSONL:
        return _jsonl(records())
    if fmt is OutputFormat.GEOJSON:
        return _collection(features())
    return _csv(csv_rows(), columns)


def _incident_features(
    incidents: Sequence[Incident], geometry: IncidentGeometry
) -> Iterator[dict[str, Any]]:
    if geometry is IncidentGeometry.POINT:
        yield from (i.feature() for i in incidents)
        return
    # The 95 % ellipse as a Polygon: geo's ellipse polygons (one geodesic call for all),
    # wound and rounded as RFC 7946 says (truce.geo.geojson.polygon).
    for i, shape in zip(incidents, incident_polygons(incidents), strict=True):
        yield i.feature(geometry=polygon(shape))


def _incident_row(incident: Incident) -> dict[str, Any]:
    """An incident's CSV row: its fields, coordinates rounded as in GeoJSON (~1 cm)."""
    return {**incident.model_dump(mode="json"), "lon": rounded(incident.lon),
            "lat": rounded(incident.lat)}  # fmt: skip


#: The formats ``--geometry`` applies to (a table, JSON or CSV has no geometry to choose).
GEOMETRY_FORMATS = (OutputFormat.GEOJSON,)


def check_incident_geometry(*, format: OutputFormat, geometry: IncidentGeometry) -> None:
    """Raise :class:`InvalidInput` naming ``--geometry`` and the formats it applies to when a
    geometry other than the default point is asked of a format without geometries (the
    CLI checks before it reads anything, so the option is never silently ignored)."""
    if geometry is not IncidentGeometry.POINT and format not in GEOMETRY_FORMATS:
        names = ", ".join(f"--format {f.value}" for f in GEOMETRY_FORMATS)
        raise InvalidInput(
            f"--geometry {geometry.value}: only with {names}, not --format {format.value}"
        )


def export_incidents(
    *,
    incidents: Sequence[Incident],
    format: OutputFormat,
    geometry: IncidentGeometry = IncidentGeometry.POINT,
) -> Iterator[str]:
    """Chunks of the incidents in ``format`` (json, jsonl, geojson or csv); in GeoJSON each
    feature is the incident's point, or with ``geometry=ellipse`` its 95 % ellipse."""
    check_incident_geometry(format=format, geometry=geometry)
    return _render(
        format,
        what="incidents",
        records=lambda: (i.model_dump(mode="json") for i in incidents),
        features=lambda: _incident_features(incidents, geometry),
        csv_rows=lambda: (_incident_row(i) for i in incidents),
        columns=INCIDENT_COLUMNS,
    )


def _decision(item: DecidedViolation) -> dict[str, Any] | None:
    return item.decision.model_dump(mode="json") if item.decision else None


def _violation_feature(item: DecidedViolation) -> dict[str, Any]:
    return item.violation.feature(decision=_decision(item))


def export_violations(
    *, violations: Sequence[DecidedViolation], format: OutputFormat
) -> Iterator[str]:
    """Chunks of the violations with their latest decision in ``format`` (json, jsonl,
    geojson or csv). In JSON a violation's ``status`` is its record's (``detected``) and
    ``decision`` the latest decision; a CSV row's ``status`` is the latest decision's status
    (``detected`` while none), as the table shows it."""

    def records() -> Iterator[dict[str, Any]]:
        for d in violations:
            yield {**d.violation.model_dump(mode="json"), "decision": _decision(d)}

    def rows() -> Iterator[dict[str, Any]]:
        for d in violations:
            v = d.violation
            yield {**v.model_dump(mode="json"), "status": d.status,
                   "decision": _decision(d) or {},
                   "lon": None if v.lon is None else rounded(v.lon),
                   "lat": None if v.lat is None else rounded(v.lat)}  # fmt: skip

    return _render(
        format,
        what="violations",
        records=records,
        features=lambda: (_violation_feature(d) for d in violations),
        csv_rows=rows,
        columns=VIOLATION_COLUMNS,
    )
