"""Page data: the caller's views of records, shaped for the templates and scripts.

Every record comes from :mod:`truce.services.views`, which passes each one through the one
view per role of :mod:`truce.services.access`: the pages use only what it returns and
decide nothing about who may see what. This module only picks the fields a page draws.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from truce.domain.filters import IncidentFilter, ViolationFilter
from truce.domain.page import MAX_PAGE, Page
from truce.domain.principal import Principal
from truce.services import agreement, coverage_map, map_views, views

__all__ = [
    "all_incidents",
    "all_violations",
    "incident_marks",
    "map_json",
    "map_layers",
    "with_responses",
]

Record = dict[str, Any]
_LAYER_PROPS = ("id", "name", "party", "kind", "region")


def _every(listing: Callable[..., Page[Record]], **query: Any) -> Iterator[Record]:
    """Every item of a :mod:`truce.services.views` listing, page by page."""
    cursor = None
    while True:
        page = listing(limit=MAX_PAGE, cursor=cursor, **query)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def all_incidents(
    *, mission: Any, principal: Principal, filter: IncidentFilter | None = None
) -> Iterator[Record]:
    """Every incident the caller may see (through the API's listing, page by page)."""
    return _every(views.incidents, mission=mission, principal=principal, filter=filter)


def all_violations(
    *, mission: Any, principal: Principal, filter: ViolationFilter | None = None
) -> Iterator[Record]:
    """Every violation the caller may see, with its status (listing page by page)."""
    return _every(views.violations, mission=mission, principal=principal, filter=filter)


def with_responses(*, mission: Any, principal: Principal, violation_id: str) -> Record:
    """A violation with its thread, and the parties' responses in it as ``responses``."""
    full = views.violation_with_thread(
        mission=mission, principal=principal, violation_id=violation_id
    )
    full["responses"] = [t for t in full.get("thread", []) if t.get("type") == "response"]
    return full


def map_layers(*, mission: Any) -> dict[str, Record]:
    """The latest agreement version as GeoJSON layers (ids, names, parties and kinds only)."""
    current = agreement.history(mission=mission).latest
    out: dict[str, Record] = {}
    for name in ("regions", "controlled_areas", "zones", "holding_areas", "sites", "contact_line"):
        features = []
        for f in getattr(current, name):
            props = {k: getattr(f, k) for k in _LAYER_PROPS if getattr(f, k, None) is not None}
            features.append({"type": "Feature", "geometry": f.geometry, "properties": props})
        out[name] = {"type": "FeatureCollection", "features": features}
    return out


def incident_marks(violations: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Violations by the incident they rest on."""
    marks: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for v in violations:
        if v.get("record_type") == "incident":
            for rid in v.get("record_ids", ()):
                marks[str(rid)].append(v)
    return marks


def _status(marks: list[Mapping[str, Any]]) -> str:
    """An incident's review status on the map: ``none`` without a violation, ``detected``
    while one awaits review, else its violations' (first) status."""
    if not marks:
        return "none"
    statuses = {str(m.get("status")) for m in marks}
    return "detected" if "detected" in statuses else sorted(statuses)[0]


#: The columns of the map's incident rows (``incidents`` of :func:`map_json`).
INCIDENT_COLUMNS = (
    "id", "kind", "lon", "lat", "semi_major_m", "semi_minor_m", "orientation_deg", "count",
    "start", "end", "violations", "status",
)  # fmt: skip


def _epoch(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def _compact(incident: Mapping[str, Any], marks: list[Mapping[str, Any]]) -> list[Any]:
    """One incident as a row of :data:`INCIDENT_COLUMNS` (times in seconds since the epoch;
    no ellipse: zero axes)."""
    e = incident.get("ellipse") or {}
    return [
        incident["id"],
        incident["kind"],
        round(float(incident["lon"]), 6),
        round(float(incident["lat"]), 6),
        round(float(e.get("semi_major_m", 0.0)), 1),
        round(float(e.get("semi_minor_m", 0.0)), 1),
        round(float(e.get("orientation_deg", 0.0)), 1),
        incident["counts"]["total"],
        _epoch(incident["window"]["start"]),
        _epoch(incident["window"]["end"]),
        len(marks),
        _status(marks),
    ]


def map_json(
    *, mission: Any, principal: Principal, since: datetime | None, until: datetime | None
) -> bytes:
    """What the map draws, as JSON: ``incidents`` (compact rows), ``violations`` found on
    observations and the ``coverage`` of the contact line, each as the caller may see it.
    The records' part is shaped and encoded once per content (map_views.shaped_records)."""
    packed = map_views.shaped_records(
        mission=mission, principal=principal, since=since, until=until, shape=_packed
    )
    coverage = coverage_map.line_coverage(
        mission=mission, principal=principal, since=since, until=until
    )
    return packed[:-1] + b',"coverage":' + _dumps(coverage) + b"}"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def _packed(found: map_views.MapRecords) -> bytes:
    return _dumps(_shape(found))


def _shape(found: map_views.MapRecords) -> Record:
    """The map's incidents (compact rows) and violations found on observations."""
    marks = incident_marks(found.violations)
    rows = [_compact(inc, marks.get(str(inc["id"]), [])) for inc in found.incidents]
    others = [
        {
            "id": v["id"],
            "lon": v["lon"],
            "lat": v["lat"],
            "clause": v["clause_id"],
            "status": v["status"],
        }
        for v in found.violations
        if v.get("record_type") != "incident" and v.get("lon") is not None
    ]
    return {"incidents": {"columns": INCIDENT_COLUMNS, "rows": rows}, "violations": others}
