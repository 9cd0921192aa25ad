"""Query parameters shared by the routes: ``bbox``, times and the OGC ``datetime`` interval.

Each bad value is an :class:`~truce.errors.InvalidInput` naming the parameter (``loc``
``query.bbox``) and the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

from truce.errors import ErrorDetail, InvalidInput


def _bad(name: str, msg: str) -> InvalidInput:
    return InvalidInput(f"{name}: {msg}", details=[ErrorDetail(("query", name), msg)])


def parse_bbox(
    value: str | None, *, name: str = "bbox"
) -> tuple[float, float, float, float] | None:
    """``WEST,SOUTH,EAST,NORTH`` in degrees (WGS84 / CRS84), or ``None``."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise _bad(name, "expected four numbers WEST,SOUTH,EAST,NORTH")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise _bad(name, "expected four numbers WEST,SOUTH,EAST,NORTH") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise _bad(name, "expected WEST <= EAST within -180..180, SOUTH <= NORTH within -90..90")
    return west, south, east, north


def parse_time(value: str | None, *, name: str) -> datetime | None:
    """An RFC 3339 date-time with offset (``Z`` allowed), or ``None``."""
    if value is None or value in ("", ".."):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise _bad(name, f"not an RFC 3339 date-time: {value!r}") from None
    if parsed.tzinfo is None:
        raise _bad(name, "must include a UTC offset (e.g. Z or +02:00)")
    return parsed.astimezone(UTC)


def parse_datetime_interval(
    value: str | None, *, name: str = "datetime"
) -> tuple[datetime | None, datetime | None]:
    """OGC API ``datetime``: an instant, or ``START/END`` with ``..`` (or empty) for open."""
    if value is None or value == "":
        return None, None
    if "/" not in value:
        instant = parse_time(value, name=name)
        return instant, instant
    start, _, end = value.partition("/")
    since, until = parse_time(start, name=name), parse_time(end, name=name)
    if since is not None and until is not None and until < since:
        raise _bad(name, "the interval ends before it starts")
    return since, until
