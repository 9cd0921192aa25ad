"""The one JSON error envelope on every error path (STYLE.md 3-4).

``{"error": {"code", "message", "details": [{"loc", "msg"}]}}`` for a
:class:`~truce.errors.TruceError`, FastAPI's request validation (422), Starlette's HTTP errors
(404, 405, …) and anything unexpected (500, logged, never a stack trace to the client).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from truce.errors import ErrorDetail, TruceError

log = logging.getLogger("truce.api")

_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


class BodyTooLarge(TruceError):
    code = "body_too_large"
    status = 413
    exit_code = 2


class UnsupportedMediaType(TruceError):
    code = "unsupported_media_type"
    status = 415
    exit_code = 2


class RateLimited(TruceError):
    code = "rate_limited"
    status = 429
    exit_code = 2


class BadRequest(TruceError):
    code = "bad_request"
    status = 400
    exit_code = 2


def envelope(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or []}}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def error_response(exc: TruceError, headers: dict[str, str] | None = None) -> JSONResponse:
    response = JSONResponse(exc.envelope(), status_code=exc.status)
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def validation_details(errors: list[Any]) -> list[ErrorDetail]:
    """FastAPI/pydantic errors as details: ``loc`` ``["query", "limit"]``."""
    return [ErrorDetail(tuple(e.get("loc", ())), str(e.get("msg", "invalid"))) for e in errors]


async def _truce_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TruceError)
    if exc.status >= 500:
        log.error("server error %s: %s", exc.code, exc.message)
    return error_response(exc)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [d.as_dict() for d in validation_details(list(exc.errors()))]
    return envelope(422, "invalid_input", "the request does not validate", details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = _CODES.get(status, "http_error")
    if status == 404:
        message = f"no such resource: {request.url.path}"
    elif status == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    response = envelope(status, code, message)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return envelope(500, "internal_error", "internal server error")


def install(app: FastAPI) -> None:
    """Register the envelope for every error path on ``app``."""
    app.add_exception_handler(TruceError, _truce_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
