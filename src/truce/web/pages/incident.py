"""The incident page (``/incidents/{id}``) and the proofs its script checks."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from truce.errors import TruceError
from truce.web import _incident
from truce.web.pages._common import Caller, error_page, mission_of
from truce.web.templating import render

router = APIRouter()


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str, principal: Caller) -> HTMLResponse:
    mission = mission_of(request)
    try:
        page = _incident.incident_page(
            mission=mission, principal=principal, incident_id=incident_id
        )
    except TruceError as exc:
        return error_page(request, principal, exc)
    return render(request, "incident.html", principal=principal, **page)


@router.get("/incidents/{incident_id}/proofs.json")
def incident_proofs(request: Request, incident_id: str, principal: Caller) -> JSONResponse:
    mission = mission_of(request)
    body = _incident.incident_proofs(mission=mission, principal=principal, incident_id=incident_id)
    return JSONResponse(body, headers={"Cache-Control": "private, no-store"})
