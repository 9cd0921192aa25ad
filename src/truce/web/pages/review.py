"""The analyst's review queue (``/review``): decide on violations, follow the parties'
responses, publish the day's report."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from truce.domain.filters import ViolationFilter
from truce.domain.principal import MISSION_READERS, Principal
from truce.errors import ErrorDetail, Forbidden, InvalidInput, TruceError
from truce.services import agreement, decisions, followup, reports
from truce.web import _data
from truce.web.pages._common import Caller, error_page, form_of, mission_of, see_other
from truce.web.templating import render

router = APIRouter()

#: The queue's actions: (decision status, whether a party is named).
_ACTIONS = {
    "confirm": ("confirmed", False),
    "dismiss": ("dismissed", False),
    "attribute": ("confirmed", True),
}
_QUEUE_LIMIT = 200
_THREADS_LIMIT = 50


def _analyst(principal: Principal) -> None:
    if principal.role not in MISSION_READERS:
        raise Forbidden("the review queue is for analysts")


def _queue(mission: Any, principal: Principal) -> list[dict[str, Any]]:
    waiting = _data.all_violations(
        mission=mission, principal=principal, filter=ViolationFilter(statuses=("detected",))
    )
    newest = sorted(waiting, key=lambda v: (v["observed"]["start"], v["id"]), reverse=True)
    return newest[:_QUEUE_LIMIT]


def _responded(mission: Any, principal: Principal) -> list[dict[str, Any]]:
    """Notified violations with their threads, the latest answered first."""
    notified = [
        v
        for v in _data.all_violations(mission=mission, principal=principal)
        if v.get("notified_to")
    ]
    threads = [
        _data.with_responses(mission=mission, principal=principal, violation_id=str(v["id"]))
        for v in notified[-_THREADS_LIMIT:]
    ]
    return sorted(
        threads, key=lambda t: max((r["at"] for r in t["responses"]), default=0), reverse=True
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, principal: Caller) -> HTMLResponse:
    mission = mission_of(request)
    try:
        _analyst(principal)
    except TruceError as exc:
        return error_page(request, principal, exc)
    q = request.query_params
    return render(
        request,
        "review.html",
        principal=principal,
        queue=_queue(mission, principal),
        threads=_responded(mission, principal),
        parties=agreement.history(mission=mission).latest.party_ids,
        done={k: q.get(k) for k in ("decided", "record", "leaf", "published", "closed")},
    )


@router.post("/review/{violation_id}")
async def decide(request: Request, violation_id: str, principal: Caller) -> Response:
    form = await form_of(request)
    try:
        _analyst(principal)
        action = form.get("action", "")
        if action not in _ACTIONS:
            raise InvalidInput(
                f"action: {action!r} is not one of confirm, dismiss, attribute",
                details=[ErrorDetail(("action",), "one of: confirm, dismiss, attribute")],
            )
        status, names_party = _ACTIONS[action]
        receipt = decisions.decide(
            mission=mission_of(request),
            violation_id=violation_id,
            status=status,
            principal=principal.name,
            reason=form.get("reason", "").strip(),
            attribution=(form.get("party") or None) if names_party else None,
        )
    except TruceError as exc:
        return error_page(request, principal, exc)
    return see_other(
        f"/review?decided={violation_id}&record={receipt.id}&leaf={receipt.leaf_index}"
    )


@router.post("/review/{violation_id}/close")
async def close(request: Request, violation_id: str, principal: Caller) -> Response:
    form = await form_of(request)
    try:
        _analyst(principal)
        followup.respond(
            mission=mission_of(request),
            principal=principal,
            violation_id=violation_id,
            status="closed",
            reasons=form.get("reason", ""),
        )
    except TruceError as exc:
        return error_page(request, principal, exc)
    return see_other(f"/review?closed={violation_id}")


@router.post("/review/publish")
async def publish(request: Request, principal: Caller) -> Response:
    form = await form_of(request)
    try:
        _analyst(principal)
        day = form.get("date") or None
        try:
            chosen = date.fromisoformat(day) if day else None
        except ValueError:
            raise InvalidInput(
                "date: not a date", details=[ErrorDetail(("date",), "YYYY-MM-DD")]
            ) from None
        published = reports.publish(
            mission=mission_of(request), date=chosen, principal=principal.name
        )
    except TruceError as exc:
        return error_page(request, principal, exc)
    return see_other(f"/review?published={published.date}")
