"""Incidents: list with filters and pagination, get one (in the caller's view)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from truce.api.auth import CurrentPrincipal
from truce.api.deps import mission_of
from truce.api.params import parse_bbox, parse_time
from truce.api.routes._common import page_body
from truce.domain.filters import IncidentFilter
from truce.services import views

router = APIRouter(tags=["incidents"])


@router.get("/incidents")
def list_incidents(
    request: Request,
    principal: CurrentPrincipal,
    since: str | None = None,
    until: str | None = None,
    kind: Annotated[list[str] | None, Query()] = None,
    bbox: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 100,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Incidents whose window overlaps [since, until], of ``kind``, inside ``bbox``."""
    f = IncidentFilter(
        since=parse_time(since, name="since"),
        until=parse_time(until, name="until"),
        kinds=tuple(kind or ()),  # type: ignore[arg-type]
        bbox=parse_bbox(bbox),
    )
    page = views.incidents(
        mission=mission_of(request), principal=principal, filter=f, limit=limit, cursor=cursor
    )
    return page_body(request, page)


@router.get("/incidents/{incident_id}")
def get_incident(request: Request, principal: CurrentPrincipal, incident_id: str) -> dict[str, Any]:
    """One incident (404 when the caller may not see it)."""
    return views.incident(mission=mission_of(request), principal=principal, incident_id=incident_id)
