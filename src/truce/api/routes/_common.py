"""Helpers of the routes: JSON bodies, pages with ``next`` links, role groups."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from truce.api.errors import UnsupportedMediaType
from truce.domain.page import Page
from truce.domain.principal import Role
from truce.errors import ErrorDetail, InvalidInput

#: Roles that submit observations (a party submits its own, e.g. as evidence of a dispute).
SUBMITTERS = (Role.MONITOR, Role.SENSOR, Role.PARTY, Role.ANALYST)


def require_media(request: Request, *types: str) -> None:
    """415 unless the body's Content-Type is one of ``types``."""
    declared = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared not in types:
        raise UnsupportedMediaType(
            f"Content-Type {declared or 'none'!r} is not accepted here; send {' or '.join(types)}"
        )


async def json_body(request: Request) -> Any:
    """The request body as JSON (415 for another media type, 400-style 422 for bad JSON)."""
    require_media(request, "application/json")
    raw = await request.body()
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = getattr(exc, "msg", "not UTF-8")
        raise InvalidInput(
            f"the body is not JSON: {msg}", details=[ErrorDetail(("body",), str(msg))]
        ) from None


def json_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(
            "the body must be a JSON object", details=[ErrorDetail(("body",), "not an object")]
        )
    return value


def page_body(request: Request, page: Page[dict[str, Any]]) -> dict[str, Any]:
    """``{"items", "next"}``: ``next`` is the URL of the next page (``null`` on the last)."""
    nxt = None
    if page.next_cursor is not None:
        nxt = str(request.url.include_query_params(cursor=page.next_cursor))
    return {"items": list(page.items), "next": nxt, "next_cursor": page.next_cursor}


class DirectRoute(APIRoute):
    """A route whose endpoint is ``async def endpoint(request) -> Response``, called as it is.

    FastAPI's request handler resolves the endpoint's parameters (its dependencies, body,
    query) for every request, a noticeable share of the hottest route's time
    (``POST /api/v1/observations``) when there is nothing to resolve but the request. The
    route is still described in the OpenAPI document as any other; errors raised by the
    endpoint go to the app's exception handlers as before.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint: Callable[[Request], Coroutine[Any, Any, Response]] = self.endpoint
        return endpoint
