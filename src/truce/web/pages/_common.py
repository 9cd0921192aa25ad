"""What every page route needs: the mission, the caller, the form with its CSRF check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truce.api.auth import current_principal
from truce.api.deps import mission_of
from truce.domain.principal import Principal, Role
from truce.errors import TruceError
from truce.web import csrf
from truce.web.templating import render

__all__ = ["Caller", "error_page", "form_of", "home_of", "mission_of", "see_other"]

Caller = Annotated[Principal, Depends(current_principal)]

#: Where a role lands after signing in.
_HOMES = {
    Role.ANALYST: "/review",
    Role.ADMIN: "/review",
    Role.PARTY: "/party",
    Role.MONITOR: "/field",
}


def home_of(principal: Principal) -> str:
    return _HOMES.get(principal.role, "/")


async def form_of(request: Request) -> dict[str, str]:
    """The submitted form (urlencoded or multipart), refused with 403 unless its CSRF
    token matches the browser's cookie (:mod:`truce.web.csrf`)."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    csrf.check(request, fields.get(csrf.CSRF_FIELD))
    return fields


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: 303 to ``url``."""
    return RedirectResponse(url, status_code=303)


def error_page(request: Request, principal: Principal, exc: TruceError) -> HTMLResponse:
    """A TruceError as a page in the reader's language (its code and message, no trace)."""
    return render(
        request, "error.html", principal=principal, status=exc.status, error=exc.envelope()["error"]
    )
