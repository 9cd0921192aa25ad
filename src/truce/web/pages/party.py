"""The party's view (``/party``): what is notified to it, its responses, the checkpoint to
cosign."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from truce.domain.principal import Principal, Role
from truce.errors import Forbidden, NotFound, TruceError
from truce.services import followup, ledger, views
from truce.web import _data
from truce.web.pages._common import Caller, error_page, form_of, mission_of, see_other
from truce.web.templating import render

router = APIRouter()

#: What a party may answer (the follow-up service checks it again).
ANSWERS = ("acknowledged", "disputed", "remedied")


def _party(principal: Principal) -> None:
    if principal.role is not Role.PARTY:
        raise Forbidden("this page is for a party's liaison officer")


def _notified(mission: Any, principal: Principal) -> list[dict[str, Any]]:
    out = [
        _data.with_responses(mission=mission, principal=principal, violation_id=str(v["id"]))
        for v in views.notifications(mission=mission, principal=principal)
    ]
    return sorted(out, key=lambda v: v["observed"]["start"], reverse=True)


@router.get("/party", response_class=HTMLResponse)
def party_page(request: Request, principal: Caller) -> HTMLResponse:
    try:
        _party(principal)
        notified = _notified(mission_of(request), principal)
    except TruceError as exc:
        return error_page(request, principal, exc)
    return render(
        request,
        "party.html",
        principal=principal,
        notified=notified,
        answers=ANSWERS,
        answered=request.query_params.get("answered"),
    )


@router.post("/party/{violation_id}/respond")
async def respond(request: Request, violation_id: str, principal: Caller) -> Response:
    form = await form_of(request)
    try:
        _party(principal)
        followup.respond(
            mission=mission_of(request),
            principal=principal,
            violation_id=violation_id,
            status=form.get("status", ""),
            reasons=form.get("reasons", ""),
            evidence=tuple(form.get("evidence", "").split()),
        )
    except TruceError as exc:
        return error_page(request, principal, exc)
    return see_other(f"/party?answered={violation_id}")


@router.get("/party/checkpoint.txt")
def checkpoint(request: Request, principal: Caller) -> Response:
    """The latest signed checkpoint as a file, for the party to cosign."""
    note = ledger.latest_checkpoint(mission=mission_of(request))
    if note is None:
        return error_page(request, principal, NotFound("the ledger has no signed checkpoint yet"))
    return PlainTextResponse(
        note,
        headers={
            "Content-Disposition": 'attachment; filename="checkpoint.txt"',
            "Cache-Control": "no-store",
        },
    )
