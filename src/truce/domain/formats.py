"""Output formats of listings (``--format``), one enum for every command."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from truce.errors import InvalidInput


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    #: One JSON object per line (what ``truce ingest`` reads).
    JSONL = "jsonl"
    GEOJSON = "geojson"
    CSV = "csv"


def require_format(fmt: OutputFormat, allowed: Iterable[OutputFormat], *, what: str) -> None:
    """Raise :class:`InvalidInput` naming the valid formats when ``what`` has no ``fmt``."""
    valid = tuple(allowed)
    if fmt not in valid:
        names = ", ".join(f.value for f in valid)
        raise InvalidInput(f"--format: {what} have no {fmt.value} output; one of: {names}")


class IncidentGeometry(StrEnum):
    """The geometry of an incident's GeoJSON feature (``truce incidents --geometry``): its
    point estimate, or its 95 % confidence ellipse as a Polygon (RFC 7946 §3.1.6 winding)."""

    POINT = "point"
    ELLIPSE = "ellipse"
