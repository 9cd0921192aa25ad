"""What every page route needs: the mission, the caller, the form with its CSRF check, and
the two shapes of a page route (:func:`page`: check the caller, load, render; :func:`action`:
check the form and the caller, act, redirect), each showing a :class:`TruceError` as the
error page.

Who the caller is and what its role may do are :mod:`truce.services.callers`' rules, the
same the API applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truce.domain.principal import Principal, Role
from truce.errors import TruceError
from truce.services import callers
from truce.services.callers import SESSION_COOKIE, Access
from truce.services.mission import Mission
from truce.web import csrf
from truce.web.templating import render

__all__ = [
    "SESSION_COOKIE",
    "Access",
    "Caller",
    "action",
    "error_page",
    "form_of",
    "home_of",
    "mission_of",
    "page",
    "see_other",
]


def mission_of(request: Request) -> Mission:
    """The mission the application serves."""
    return callers.mission_in(request.app.state)


def current_caller(request: Request) -> Principal:
    """The caller of a page: its bearer token or session (:func:`callers.principal_of`)."""
    mission = mission_of(request)
    return callers.principal_for(mission=mission, headers=request.headers, cookies=request.cookies)


Caller = Annotated[Principal, Depends(current_caller)]

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


def _checked(principal: Principal, access: Access | None) -> None:
    if access is not None:
        access.check(principal)


def page(
    request: Request,
    principal: Principal,
    template: str,
    load: Callable[[Mission], Mapping[str, Any]],
    *,
    access: Access | None = None,
) -> HTMLResponse:
    """The page ``template`` with what ``load(mission)`` gives, for a caller that ``access``
    lets in; the error page of the :class:`TruceError` the check or ``load`` raised."""
    try:
        _checked(principal, access)
        context = load(mission_of(request))
    except TruceError as exc:
        return error_page(request, principal, exc)
    return render(request, template, principal=principal, **context)


async def action(
    request: Request,
    principal: Principal,
    act: Callable[[Mission, dict[str, str]], str],
    *,
    access: Access | None = None,
) -> RedirectResponse | HTMLResponse:
    """A form's post: its CSRF check (:func:`form_of`), the caller checked by ``access``, then
    ``act(mission, form)``, and a 303 to the URL it returns; the error page of the
    :class:`TruceError` the check or ``act`` raised."""
    form = await form_of(request)
    try:
        _checked(principal, access)
        to = act(mission_of(request), form)
    except TruceError as exc:
        return error_page(request, principal, exc)
    return see_other(to)
