"""GeoJSON output that GIS opens cleanly (RFC 7946; issue 11.9): shapely polygons as GeoJSON,
wound and rounded as :mod:`truce.domain.geojson` says (re-exported here)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping

from truce.domain.geojson import (
    COORDINATE_DECIMALS,
    flat_properties,
    oriented,
    point,
    rounded,
    rounded_coordinates,
    with_flat,
)

__all__ = [
    "COORDINATE_DECIMALS",
    "flat_properties",
    "oriented",
    "point",
    "polygon",
    "rounded",
    "with_flat",
]


def polygon(geom: Any) -> dict[str, Any]:
    """A shapely (multi)polygon as GeoJSON: RFC 7946 §3.1.6 winding (exteriors
    counter-clockwise, holes clockwise), coordinates rounded to ``COORDINATE_DECIMALS``."""
    out: dict[str, Any] = dict(mapping(geom))
    out["coordinates"] = rounded_coordinates(out["coordinates"])
    wound = oriented(out)
    assert wound is not None
    return wound
