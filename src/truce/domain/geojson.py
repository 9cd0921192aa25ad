"""GeoJSON that GIS opens cleanly (RFC 7946; issue 11.9): the pure parts every record's
``feature()`` uses. Polygons from shapely geometries: :mod:`truce.geo.geojson`.

- Coordinates are rounded to :data:`COORDINATE_DECIMALS` decimals: 1e-7 degrees is at most
  1.1 cm, below any observation's accuracy (RFC 7946 §11.2: "6 decimal places ... is
  precise to about 10 centimeters"; more digits only bloat files).
- Polygon rings wind as RFC 7946 §3.1.6 says: exteriors counter-clockwise, holes clockwise
  (:func:`oriented`).
- Nested objects (``observed``, ``event``, ``counts`` ...) reach GDAL as JSON strings, which
  QGIS can neither style nor filter. :func:`flat_properties` adds flat, typed copies beside
  them: ``{"event": {"count": {"value": 14}}}`` also gives ``event_count_value: 14`` (an
  Integer field), ``observed_start`` an ISO 8601 string (a DateTime field), lists joined by
  ``;`` (a String field).

One Feature per kind of record (:func:`incident_feature`, :func:`violation_feature`,
:func:`observation_feature`) from the record's JSON form: the CLI's exports (through the
models' ``feature()``) and the OGC API (on the caller's view of a record) both build their
features here, so the two cannot drift. The flat copies are made from the record given: a
field the caller's view left out has no flat copy either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: Decimals of output coordinates: 1e-7 degrees is at most 1.1 cm (RFC 7946 §11.2).
COORDINATE_DECIMALS = 7


def rounded(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


def point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    """A GeoJSON Point with rounded coordinates (``None`` when unlocated)."""
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [rounded(lon), rounded(lat)]}


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Twice the signed area of a closed ring (shoelace; > 0: counter-clockwise)."""
    return sum(
        float(a[0]) * float(b[1]) - float(b[0]) * float(a[1])
        for a, b in zip(ring[:-1], ring[1:], strict=True)
    )


def _wound(rings: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    out = []
    for k, ring in enumerate(rings):
        coords = [list(map(float, c)) for c in ring]
        ccw = _signed_area(coords) > 0
        if ccw != (k == 0):  # exterior counter-clockwise, holes clockwise
            coords.reverse()
        out.append(coords)
    return out


def oriented(geometry: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``geometry`` (GeoJSON) with its polygon rings wound as RFC 7946 §3.1.6 says (other
    geometries, and the coordinates themselves, unchanged)."""
    if geometry is None:
        return None
    out = dict(geometry)
    kind, coords = out.get("type"), out.get("coordinates")
    if kind == "Polygon" and coords:
        out["coordinates"] = _wound(coords)
    elif kind == "MultiPolygon" and coords:
        out["coordinates"] = [_wound(p) for p in coords]
    elif kind == "GeometryCollection":
        out["geometries"] = [oriented(g) for g in out.get("geometries") or ()]
    return out


def rounded_coordinates(coords: Any) -> Any:
    """Nested coordinate arrays with every number rounded to :data:`COORDINATE_DECIMALS`."""
    if coords and isinstance(coords[0], int | float):
        return [rounded(float(c)) for c in coords]
    return [rounded_coordinates(c) for c in coords]


def flat_properties(props: Mapping[str, Any], *, sep: str = "_") -> dict[str, Any]:
    """Flat, typed copies of the nested objects in ``props`` (top-level scalars and lists are
    already fields and not repeated): numbers stay numbers, lists of scalars are joined by
    ``;``, lists of objects are left out."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if isinstance(value, Mapping):
            _flatten(value, key, sep, out)
    return out


def _flatten(node: Mapping[str, Any], prefix: str, sep: str, out: dict[str, Any]) -> None:
    for key, value in node.items():
        name = f"{prefix}{sep}{key}"
        if isinstance(value, Mapping):
            _flatten(value, name, sep, out)
        elif _is_list(value):
            if all(_scalar(v) for v in value):
                out[name] = ";".join(str(v) for v in value)
        elif _scalar(value):
            out[name] = value


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def with_flat(props: Mapping[str, Any], *, reals: frozenset[str] = frozenset()) -> dict[str, Any]:
    """``props`` followed by its flat copies (names already present are not overwritten).

    Flat names in ``reals`` are written as floats (``4.0``), so that GDAL types the field Real
    even when every value in a file happens to be integral.
    """
    out = dict(props)
    for key, value in flat_properties(props).items():
        if key in reals and isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        out.setdefault(key, value)
    return out


#: Flat GeoJSON properties of incidents that are real numbers (typed Real in GDAL).
INCIDENT_REALS = frozenset(
    {"ellipse_semi_major_m", "ellipse_semi_minor_m", "ellipse_orientation_deg", "confidence"}
)

#: Flat GeoJSON properties of violations that are real numbers.
VIOLATION_REALS = frozenset({"facts_distance_m", "facts_limit_km"})

#: Flat GeoJSON properties of observations that are real numbers.
OBSERVATION_REALS = frozenset(
    {
        "position_lon",
        "position_lat",
        "position_accuracy_m",
        "event_calibre_mm",
        "direction_sigma_deg",
        "distance_km_min",
        "distance_km_max",
    }
)


def _feature(ident: Any, geometry: dict[str, Any] | None, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": str(ident), "geometry": geometry, "properties": props}


def incident_feature(
    record: Mapping[str, Any], *, geometry: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An incident (its JSON form) as a Feature: its point (rounded) or the ``geometry``
    given (the 95 % ellipse), every other field in ``properties``, the window also as
    ``observed_start``/``observed_end`` (the observations' names, so that layers share one
    time field), and flat, typed copies of the nested fields (``counts_total``, ...)."""
    props = {k: v for k, v in record.items() if k not in ("lon", "lat")}
    window = props.get("window") or {}
    props["observed_start"] = window.get("start")
    props["observed_end"] = window.get("end")
    where = geometry if geometry is not None else point(record.get("lon"), record.get("lat"))
    return _feature(record["id"], where, with_flat(props, reals=INCIDENT_REALS))


def violation_feature(record: Mapping[str, Any]) -> dict[str, Any]:
    """A violation (its JSON form, with its ``decision`` when given) as a Feature: a Point at
    the subject's representative location (rounded) or null, every other field in
    ``properties`` and flat, typed copies of the nested ones (``observed_start``,
    ``facts_distance_m``, ``decision_status``, ...)."""
    props = {k: v for k, v in record.items() if k not in ("lon", "lat")}
    where = point(record.get("lon"), record.get("lat"))
    return _feature(record["id"], where, with_flat(props, reals=VIOLATION_REALS))


def observation_feature(record: Mapping[str, Any]) -> dict[str, Any]:
    """An observation (wire format v1) as a Feature: the observer's position (rounded), the
    record as properties and flat, typed copies of its nested fields (``observed_start``,
    ``event_count_value``, ``position_lon``, ...)."""
    position = record.get("position") or {}
    where = point(position.get("lon"), position.get("lat"))
    return _feature(record["id"], where, with_flat(record, reals=OBSERVATION_REALS))
