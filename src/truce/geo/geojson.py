"""GeoJSON output that GIS opens cleanly (RFC 7946; issue 11.9).

- Coordinates are rounded to :data:`COORDINATE_DECIMALS` decimals (about 0.1 m): more digits
  claim a precision no observation has and bloat files.
- Polygons wind as RFC 7946 §3.1.6 says: exteriors counter-clockwise, holes clockwise.
- Nested objects (``observed``, ``event``, ``counts`` ...) reach GDAL as JSON strings, which
  QGIS can neither style nor filter. :func:`flat_properties` adds flat, typed copies beside
  them: ``{"event": {"count": {"value": 14}}}`` also gives ``event_count_value: 14`` (an
  Integer field), ``observed_start`` an ISO 8601 string (a DateTime field), lists joined by
  ``;`` (a String field).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import shapely
from shapely.geometry import mapping

#: Decimals of output coordinates: 1e-6 degrees is at most 0.11 m.
COORDINATE_DECIMALS = 6


def rounded(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


def point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    """A GeoJSON Point with rounded coordinates (``None`` when unlocated)."""
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [rounded(lon), rounded(lat)]}


def polygon(geom: Any) -> dict[str, Any]:
    """A shapely (multi)polygon as GeoJSON: RFC 7946 winding, rounded coordinates."""
    oriented = shapely.orient_polygons(geom)
    fixed = shapely.set_precision(oriented, 10.0**-COORDINATE_DECIMALS, mode="pointwise")
    out: dict[str, Any] = dict(mapping(fixed))
    out["coordinates"] = _lists(out["coordinates"])
    return out


def _lists(coords: Any) -> Any:
    if coords and isinstance(coords[0], int | float):
        return [rounded(float(c)) for c in coords]
    return [_lists(c) for c in coords]


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
