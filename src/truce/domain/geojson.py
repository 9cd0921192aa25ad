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
