"""Violations: list, get one with its follow-up thread; analysts' decisions; the parties'
responses and their open notifications."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from truce.api.auth import CurrentPrincipal, require
from truce.api.deps import mission_of
from truce.api.params import parse_bbox, parse_time
from truce.api.routes._common import json_body, json_object, page_body
from truce.domain.filters import ViolationFilter
from truce.domain.principal import Principal, Role
from truce.errors import ErrorDetail, InvalidInput
from truce.services import decisions, followup, views

router = APIRouter(tags=["violations"])
Csv = Annotated[list[str] | None, Query()]


@router.get("/violations")
def list_violations(
    request: Request,
    principal: CurrentPrincipal,
    since: str | None = None,
    until: str | None = None,
    clause: Csv = None,
    clause_type: Csv = None,
    outcome: Csv = None,
    status: Csv = None,
    bbox: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 100,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Violations in the caller's view, by time, clause, outcome and review status."""
    f = ViolationFilter(
        since=parse_time(since, name="since"),
        until=parse_time(until, name="until"),
        clause_ids=tuple(clause or ()),
        clause_types=tuple(clause_type or ()),
        outcomes=tuple(outcome or ()),  # type: ignore[arg-type]
        statuses=tuple(status or ()),
        bbox=parse_bbox(bbox),
    )
    page = views.violations(
        mission=mission_of(request), principal=principal, filter=f, limit=limit, cursor=cursor
    )
    return page_body(request, page)


@router.get("/violations/{violation_id}")
def get_violation(
    request: Request, principal: CurrentPrincipal, violation_id: str
) -> dict[str, Any]:
    """One violation with its thread (decisions, responses) where the caller may see it."""
    return views.violation_with_thread(
        mission=mission_of(request), principal=principal, violation_id=violation_id
    )


def _text(body: dict[str, Any], name: str, *, required: bool) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(
            f"{name}: required, a non-empty string", details=[ErrorDetail((name,), "required")]
        )
    return value


@router.post("/violations/{violation_id}/decisions", status_code=201)
async def decide(
    request: Request,
    violation_id: str,
    principal: Annotated[Principal, Depends(require(Role.ANALYST))],
) -> JSONResponse:
    """``{"status": "confirmed"|"dismissed", "reason", "attribution"?}``: appended, never an
    edit; a confirmed violation attributed to a party is notified to it."""
    body = json_object(await json_body(request))
    attribution = body.get("attribution")
    if attribution is not None and not isinstance(attribution, str):
        raise InvalidInput("attribution: a party id", details=[ErrorDetail(("attribution",), "")])
    receipt = await run_in_threadpool(
        partial(
            decisions.decide,
            mission=mission_of(request),
            violation_id=violation_id,
            status=str(body.get("status", "")),
            principal=principal.name,
            reason=_text(body, "reason", required=True),
            attribution=attribution,
        )
    )
    out = {"id": receipt.id, "leaf_index": receipt.leaf_index}
    out |= {"decision": receipt.decision.model_dump(mode="json")}
    return JSONResponse(out, status_code=201)


@router.post("/violations/{violation_id}/responses", status_code=201)
async def respond(
    request: Request,
    violation_id: str,
    principal: Annotated[Principal, Depends(require(Role.PARTY, Role.ANALYST))],
) -> JSONResponse:
    """A party's ``acknowledged`` / ``disputed`` (``reasons``, ``evidence``: its own
    observation ids) / ``remedied``, or an analyst's ``closed``; each a ledger record."""
    body = json_object(await json_body(request))
    evidence = body.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise InvalidInput(
            "evidence: a list of observation ids", details=[ErrorDetail(("evidence",), "")]
        )
    receipt = await run_in_threadpool(
        partial(
            followup.respond,
            mission=mission_of(request),
            principal=principal,
            violation_id=violation_id,
            status=str(body.get("status", "")),
            reasons=_text(body, "reasons", required=False),
            evidence=tuple(evidence),
        )
    )
    out = {"id": receipt.id, "leaf_index": receipt.leaf_index, "response": receipt.record}
    return JSONResponse(out, status_code=201)


@router.get("/notifications")
def notifications(
    request: Request, principal: Annotated[Principal, Depends(require(Role.PARTY))]
) -> dict[str, Any]:
    """The violations notified to the caller's party whose follow-up is still open."""
    items = views.notifications(mission=mission_of(request), principal=principal)
    return {"items": items}
