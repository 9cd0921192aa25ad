"""Observations: submit one or a batch, list with the CLI's filters, get one; narratives."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from truce.api.auth import (
    CurrentPrincipal,
    bearer_token,
    recent_caller,
    recent_tokens_of,
    require,
)
from truce.api.deps import group_commit_of, mission_of
from truce.api.params import parse_bbox, parse_time
from truce.api.routes._common import (
    SUBMITTERS,
    DirectRoute,
    json_body,
    json_object,
    page_body,
    require_media,
)
from truce.domain.filters import ObservationFilter
from truce.domain.intake import SubmitResult
from truce.domain.principal import Principal, Role
from truce.errors import Conflict, ErrorDetail, InvalidInput, Unauthenticated
from truce.services import intake, views

router = APIRouter(tags=["observations"])
Submitter = Annotated[Principal, Depends(require(*SUBMITTERS))]
#: The single submission takes the role from a recent look-up of the token; the group commit
#: checks the token again (inside the group's transaction) before it stores anything.
_SUBMITTERS = frozenset(SUBMITTERS)
_JSONL = ("application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain")


async def submit(request: Request) -> Response:
    """One observation (wire format v1): 201 created, 200 duplicate, 409 conflict, 422 invalid.

    Needs a token of role monitor, sensor, party or analyst.
    """
    principal = await recent_caller(request, _SUBMITTERS)
    require_media(request, "application/json")
    raw = await request.body()
    group = group_commit_of(request)
    token = bearer_token(request)
    try:
        try:  # the JSON text validated as it is: the common case, and the cheapest
            prepared = group.prepare(record=raw, principal=principal.name, token=token)
        except InvalidInput:  # parsed first: the JSON errors, and a record without an id
            record = json_object(await json_body(request))
            prepared = group.prepare(record=record, principal=principal.name, token=token)
        result = await group.asubmit(prepared=prepared)
    except Unauthenticated:
        if token is not None:
            recent_tokens_of(request).drop(token)
        raise
    if result.status.value == "conflict":
        raise Conflict(
            f"observation {result.id} is stored with different content; nothing was changed",
            details=[ErrorDetail(("id",), "same id, different content")],
        )
    status = 201 if result.status.value == "created" else 200
    return Response(_submitted(result), status_code=status, media_type="application/json")


# The endpoint takes the request alone: called as it is (:class:`DirectRoute`), without
# FastAPI's dependency resolution, which has nothing to resolve here.
router.add_api_route(
    "/observations",
    submit,
    methods=["POST"],
    status_code=201,
    route_class_override=DirectRoute,
)


def _submitted(result: SubmitResult) -> bytes:
    """The body of a stored submission: ``{"status", "id", "leaf_index", "warnings"}``.

    Without warnings (almost always) it is written directly: the id is a UUID's text and
    the status a member's name, neither needs escaping.
    """
    if result.warnings:  # stored, but look (issue 11.11)
        body = {
            "status": result.status.value,
            "id": result.id,
            "leaf_index": result.leaf_index,
            "warnings": [w.as_dict() for w in result.warnings],
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    leaf = "null" if result.leaf_index is None else str(int(result.leaf_index))
    return (
        f'{{"status":"{result.status.value}","id":"{result.id}","leaf_index":{leaf},"warnings":[]}}'
    ).encode()


def _lines(raw: bytes) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    problems = []
    for n, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(ErrorDetail((), f"not JSON: {exc.msg}", line=n))
            continue
        if not isinstance(value, dict):
            problems.append(ErrorDetail((), "not a JSON object", line=n))
            continue
        records.append(value)
    if problems:
        raise InvalidInput(f"batch rejected: {problems[0]}", details=problems)
    return records


@router.post("/observations:batch")
async def batch(
    request: Request,
    principal: Submitter,
    skip_invalid: Annotated[bool, Query(description="Store the valid records.")] = False,
) -> JSONResponse:
    """A JSONL body; atomic by default (any rejected line: nothing stored, 422; any line whose
    id is stored, or given on an earlier line, with other content: nothing stored, 409, each
    such line named). With ``skip_invalid`` the other lines are stored: 200, a result per line.
    """
    require_media(request, *_JSONL)
    records = _lines(await request.body())
    mission = mission_of(request)
    report = await run_in_threadpool(
        partial(
            intake.ingest_records,
            mission=mission,
            records=records,
            skip_invalid=skip_invalid,
            principal=principal.name,
        )
    )
    results = [_line_result(r) for r in report.results()]
    if report.rejected and not skip_invalid:
        details = [ErrorDetail(d.loc, d.msg, line=d.line) for d in report.rejected]
        raise InvalidInput(f"batch rejected, nothing stored: {details[0]}", details=details)
    if report.conflicts and not skip_invalid:
        details = [_conflict(r) for r in report.results() if r.status.value == "conflict"]
        raise Conflict(f"batch rejected, nothing stored: {details[0]}", details=details)
    body = {
        "created": len(report.accepted),
        "duplicates": len(report.duplicates),
        "conflicts": len(report.conflicts),
        "rejected": len({d.line for d in report.rejected}),
        "results": results,
        "warnings": [w.as_dict() for w in report.warnings],  # each with its line
    }
    return JSONResponse(body, status_code=200)


def _conflict(result: Any) -> ErrorDetail:
    """The detail of a conflicting line: the earlier line or the stored record it contradicts."""
    earlier = getattr(result, "earlier_line", None)
    what = f"line {earlier}" if earlier is not None else "the stored record"
    return ErrorDetail(("id",), f"{result.id}: same id as {what}, other content", line=result.line)


def _line_result(result: Any) -> dict[str, Any]:
    out = {"line": result.line, "status": result.status.value, "id": result.id}
    if getattr(result, "earlier_line", None) is not None:  # a repeat within the batch
        out["earlier_line"] = result.earlier_line
    errors = getattr(result, "errors", ())
    if errors:
        out["errors"] = [e.as_json() if hasattr(e, "as_json") else str(e) for e in errors]
    return out


Csv = Annotated[list[str] | None, Query()]


@router.get("/observations")
def list_observations(
    request: Request,
    principal: CurrentPrincipal,
    since: str | None = None,
    until: str | None = None,
    kind: Csv = None,
    source: Csv = None,
    source_type: Csv = None,
    bbox: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 100,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Observations in the caller's view, in the order they were accepted."""
    f = ObservationFilter(
        since=parse_time(since, name="since"),
        until=parse_time(until, name="until"),
        kinds=tuple(kind or ()),  # type: ignore[arg-type]
        source_ids=tuple(source or ()),
        source_types=tuple(source_type or ()),  # type: ignore[arg-type]
        bbox=parse_bbox(bbox),
    )
    page = views.observations_page(
        mission=mission_of(request), principal=principal, filter=f, limit=limit, cursor=cursor
    )
    return page_body(request, page)


@router.get("/observations/{observation_id}")
def get_observation(
    request: Request, principal: CurrentPrincipal, observation_id: str
) -> dict[str, Any]:
    """One observation in the caller's view (404 when it may not see it)."""
    return views.observation(
        mission=mission_of(request), principal=principal, observation_id=observation_id
    )


@router.post("/narratives", status_code=201)
async def narratives(
    request: Request,
    principal: Annotated[Principal, Depends(require(Role.MONITOR, Role.ANALYST))],
) -> JSONResponse:
    """A monitor's sentences: ``{"text", "date": "YYYY-MM-DD", "source", "lang"?,
    "skip_invalid"?}`` -> the stored observations and the parser's warnings."""
    body = json_object(await json_body(request))
    text, source = body.get("text"), body.get("source")
    problems = [
        ErrorDetail((name,), "required, a non-empty string")
        for name, value in (("text", text), ("source", source))
        if not isinstance(value, str) or not value.strip()
    ]
    try:
        day = date.fromisoformat(str(body.get("date")))
    except ValueError:
        problems.append(ErrorDetail(("date",), "required, YYYY-MM-DD"))
    if problems:
        raise InvalidInput(f"narrative rejected: {problems[0]}", details=problems)
    mission = mission_of(request)
    report = await run_in_threadpool(
        partial(
            intake.ingest_narrative,
            mission=mission,
            text=str(text),
            report_date=day,
            source_id=str(source),
            skip_invalid=bool(body.get("skip_invalid", False)),
            lang=str(body.get("lang", "en")),
            principal=principal.name,
        )
    )
    if report.rejected and not body.get("skip_invalid", False):
        details = [ErrorDetail(d.loc, d.msg, line=d.line) for d in report.rejected]
        raise InvalidInput(f"narrative rejected, nothing stored: {details[0]}", details=details)
    out = {
        "created": list(report.accepted),
        "duplicates": [i for _, i in report.duplicates],
        "results": [_line_result(r) for r in report.results()],
        "warnings": [w.msg for w in report.warnings],
    }
    return JSONResponse(out, status_code=201 if report.accepted else 200)
