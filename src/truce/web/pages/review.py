"""The analyst's review queue (``/review``): decide on violations, follow the parties'
responses, publish the day's report."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from truce.domain.filters import ViolationFilter
from truce.domain.principal import MISSION_READERS, Principal
from truce.errors import ErrorDetail, InvalidInput
from truce.services import agreement, decisions, followup, reports
from truce.services.mission import Mission
from truce.web import _data
from truce.web.pages._common import Access, Caller, action, page

router = APIRouter()

#: The queue's actions: (decision status, whether a party is named).
_ACTIONS = {
    "confirm": ("confirmed", False),
    "dismiss": ("dismissed", False),
    "attribute": ("confirmed", True),
}
_QUEUE_LIMIT = 200
_THREADS_LIMIT = 50


#: The queue and its forms are for the mission's analysts.
_ANALYSTS = Access(MISSION_READERS, "the review queue is for analysts")


def _queue(mission: Mission, principal: Principal) -> list[dict[str, Any]]:
    waiting = _data.all_violations(
        mission=mission, principal=principal, filter=ViolationFilter(statuses=("detected",))
    )
    newest = sorted(waiting, key=lambda v: (v["observed"]["start"], v["id"]), reverse=True)
    return newest[:_QUEUE_LIMIT]


def _responded(mission: Mission, principal: Principal) -> list[dict[str, Any]]:
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
    def load(mission: Mission) -> dict[str, Any]:
        q = request.query_params
        return {
            "queue": _queue(mission, principal),
            "threads": _responded(mission, principal),
            "parties": agreement.history(mission=mission).latest.party_ids,
            "done": {k: q.get(k) for k in ("decided", "record", "leaf", "published", "closed")},
        }

    return page(request, principal, "review.html", load, access=_ANALYSTS)


@router.post("/review/{violation_id}")
async def decide(request: Request, violation_id: str, principal: Caller) -> Response:
    def act(mission: Mission, form: dict[str, str]) -> str:
        action_name = form.get("action", "")
        if action_name not in _ACTIONS:
            raise InvalidInput(
                f"action: {action_name!r} is not one of confirm, dismiss, attribute",
                details=[ErrorDetail(("action",), "one of: confirm, dismiss, attribute")],
            )
        status, names_party = _ACTIONS[action_name]
        receipt = decisions.decide(
            mission=mission,
            violation_id=violation_id,
            status=status,
            principal=principal.name,
            reason=form.get("reason", "").strip(),
            attribution=(form.get("party") or None) if names_party else None,
        )
        return f"/review?decided={violation_id}&record={receipt.id}&leaf={receipt.leaf_index}"

    return await action(request, principal, act, access=_ANALYSTS)


@router.post("/review/{violation_id}/close")
async def close(request: Request, violation_id: str, principal: Caller) -> Response:
    def act(mission: Mission, form: dict[str, str]) -> str:
        followup.respond(
            mission=mission,
            principal=principal,
            violation_id=violation_id,
            status="closed",
            reasons=form.get("reason", ""),
        )
        return f"/review?closed={violation_id}"

    return await action(request, principal, act, access=_ANALYSTS)


@router.post("/review/publish")
async def publish(request: Request, principal: Caller) -> Response:
    def act(mission: Mission, form: dict[str, str]) -> str:
        day = form.get("date") or None
        try:
            chosen = date.fromisoformat(day) if day else None
        except ValueError:
            raise InvalidInput(
                "date: not a date", details=[ErrorDetail(("date",), "YYYY-MM-DD")]
            ) from None
        published = reports.publish(mission=mission, date=chosen, principal=principal.name)
        return f"/review?published={published.date}"

    return await action(request, principal, act, access=_ANALYSTS)
