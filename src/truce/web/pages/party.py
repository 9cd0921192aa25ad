"""The party's view (``/party``): what is notified to it, its responses, the checkpoint to
cosign."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from truce.domain.principal import Principal, Role
from truce.errors import NotFound
from truce.services import followup, ledger, views
from truce.services.mission import Mission
from truce.web import _data
from truce.web.pages._common import Access, Caller, action, error_page, mission_of, page

router = APIRouter()

#: What a party may answer (the follow-up service checks it again).
ANSWERS = ("acknowledged", "disputed", "remedied")


#: The page and its forms are for a party's liaison officer.
_PARTY = Access(frozenset({Role.PARTY}), "this page is for a party's liaison officer")


def _notified(mission: Mission, principal: Principal) -> list[dict[str, Any]]:
    out = [
        _data.with_responses(mission=mission, principal=principal, violation_id=str(v["id"]))
        for v in views.notifications(mission=mission, principal=principal)
    ]
    return sorted(out, key=lambda v: v["observed"]["start"], reverse=True)


@router.get("/party", response_class=HTMLResponse)
def party_page(request: Request, principal: Caller) -> HTMLResponse:
    def load(mission: Mission) -> dict[str, Any]:
        return {
            "notified": _notified(mission, principal),
            "answers": ANSWERS,
            "answered": request.query_params.get("answered"),
        }

    return page(request, principal, "party.html", load, access=_PARTY)


@router.post("/party/{violation_id}/respond")
async def respond(request: Request, violation_id: str, principal: Caller) -> Response:
    def act(mission: Mission, form: dict[str, str]) -> str:
        followup.respond(
            mission=mission,
            principal=principal,
            violation_id=violation_id,
            status=form.get("status", ""),
            reasons=form.get("reasons", ""),
            evidence=tuple(form.get("evidence", "").split()),
        )
        return f"/party?answered={violation_id}"

    return await action(request, principal, act, access=_PARTY)


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
