"""The one JSON error envelope on every error path (STYLE.md 3-4).

``{"error": {"code", "message", "details": [{"loc", "msg"}]}}`` for a
:class:`~truce.errors.TruceError`, FastAPI's request validation (422), Starlette's HTTP errors
(404, 405, …) and anything unexpected (500, logged, never a stack trace to the client).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from truce.errors import (
    Conflict,
    ErrorDetail,
    Forbidden,
    InvalidInput,
    NotFound,
    TruceError,
    Unauthenticated,
)

log = logging.getLogger("truce.api")


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


class MethodNotAllowed(TruceError):
    code = "method_not_allowed"
    status = 405
    exit_code = 2


class NotAcceptable(TruceError):
    code = "not_acceptable"
    status = 406
    exit_code = 2


class HTTPError(TruceError):
    """Any other HTTP error Starlette raises (sent with that error's own status)."""

    code = "http_error"
    exit_code = 2


class InternalError(TruceError):
    code = "internal_error"
    status = 500


#: The error class of each HTTP status Starlette may raise; its code names the status.
_BY_STATUS: dict[int, type[TruceError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthenticated,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        NotAcceptable,
        Conflict,
        BodyTooLarge,
        UnsupportedMediaType,
        InvalidInput,
        RateLimited,
    )
}


def error_response(
    exc: TruceError, *, status: int | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """``exc`` as the JSON envelope (:meth:`TruceError.envelope`), with ``status`` when given
    (else the error's own) and ``WWW-Authenticate: Bearer`` on a 401."""
    status = exc.status if status is None else status
    response = JSONResponse(exc.envelope(), status_code=status)
    if status == 401:
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
    details = validation_details(list(exc.errors()))
    return error_response(InvalidInput("the request does not validate", details=details))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 404:
        message = f"no such resource: {request.url.path}"
    elif status == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    kind = _BY_STATUS.get(status, HTTPError)
    return error_response(kind(message), status=status, headers=exc.headers)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(InternalError("internal server error"))


def install(app: FastAPI) -> None:
    """Register the envelope for every error path on ``app``."""
    app.add_exception_handler(TruceError, _truce_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
