"""Sign-in: a bearer token entered once, exchanged for an HttpOnly SameSite=Strict session."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from truce.domain.principal import PUBLIC
from truce.errors import Unauthenticated
from truce.services import users
from truce.web.pages._common import SESSION_COOKIE, Caller, form_of, home_of, mission_of, see_other
from truce.web.templating import render

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, principal: Caller) -> HTMLResponse:
    return render(request, "login.html", principal=principal, failed=False)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await form_of(request)
    mission = mission_of(request)
    token = form.get("token", "").strip()
    try:
        session = users.create_session(mission=mission, token=token)
    except Unauthenticated:
        return render(request, "login.html", principal=PUBLIC, failed=True, status=401)
    principal = users.principal_for_session(mission=mission, session_id=session)
    response = see_other(home_of(principal) if principal else "/")
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=users.SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    await form_of(request)
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        users.end_session(mission=mission_of(request), session_id=session)
    response = see_other("/")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
