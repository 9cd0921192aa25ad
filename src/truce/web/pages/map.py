"""The map (``/``) and the data it draws (``/map/layers.json``, ``/map/data.json``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from truce.domain.vocabulary import EventKind
from truce.errors import ErrorDetail, InvalidInput
from truce.services import agreement
from truce.web import _data
from truce.web.pages._common import Caller, mission_of
from truce.web.templating import render

router = APIRouter()

_STATUSES = ("violation", "detected", "confirmed", "dismissed", "attributed", "none")


def _day(value: str | None, name: str, *, end: bool) -> datetime | None:
    """A date filter (YYYY-MM-DD, UTC) as the start of that day, or of the next for ``end``."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{name}: not a date", details=[ErrorDetail((name,), "expected YYYY-MM-DD")]
        ) from None
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start + timedelta(days=1) if end else start


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, principal: Caller) -> HTMLResponse:
    mission = mission_of(request)
    current = agreement.history(mission=mission).latest
    regions = [(r.id, r.name) for r in current.doc.regions]
    q = request.query_params
    chosen = {k: q.get(k, "") for k in ("since", "until", "region", "kind", "status")}
    # The data the script fetches first (static/map.js builds the same address from the form).
    data_url = "/map/data.json?" + urlencode(
        [(k, chosen[k]) for k in ("since", "until") if chosen[k]]
    )
    return render(
        request,
        "map.html",
        data_url=data_url,
        principal=principal,
        regions=regions,
        kinds=[k.value for k in EventKind],
        statuses=_STATUSES,
        chosen=chosen,
    )


@router.get("/map/layers.json")
def map_layers(request: Request) -> JSONResponse:
    return JSONResponse(_data.map_layers(mission=mission_of(request)))


@router.get("/map/data.json")
def map_data(request: Request, principal: Caller) -> Response:
    q = request.query_params
    body = _data.map_json(
        mission=mission_of(request),
        principal=principal,
        since=_day(q.get("since"), "since", end=False),
        until=_day(q.get("until"), "until", end=True),
    )
    return Response(
        body, media_type="application/json", headers={"Cache-Control": "private, no-store"}
    )
