"""CSRF protection for every form: the double-submit token (OWASP CSRF Cheat Sheet).

Each browser gets a random token in the ``truce_csrf`` cookie (HttpOnly, SameSite=Strict);
every form carries it in the hidden field ``csrf_token`` and scripts send it as the
``X-CSRF-Token`` header. A state-changing request whose token is missing or differs from
the cookie is refused (403) before anything is read or stored. A site elsewhere can neither
read the cookie nor send it (SameSite=Strict), so it cannot forge a matching pair.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from truce.errors import Forbidden

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "check", "token_for"]

CSRF_COOKIE = "truce_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def token_for(request: Request) -> str:
    """This browser's token: the cookie's, or a new one :func:`set_cookie` will send."""
    existing = request.cookies.get(CSRF_COOKIE, "")
    if len(existing) >= 32:
        return existing
    fresh = getattr(request.state, "new_csrf", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.new_csrf = fresh
    return str(fresh)


def set_cookie(request: Request, response: Response) -> None:
    """Send the token cookie when :func:`token_for` made a new one for this request."""
    fresh = getattr(request.state, "new_csrf", None)
    if fresh is not None:
        response.set_cookie(
            CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )


def check(request: Request, submitted: str | None) -> None:
    """Refuse (403) unless ``submitted`` (form field or header) equals the cookie's token."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = submitted or request.headers.get(CSRF_HEADER, "")
    if not cookie or not given or not hmac.compare_digest(cookie, given):
        raise Forbidden("the form's CSRF token is missing or does not match; reload the page")
