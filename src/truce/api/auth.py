"""Who is calling: ``Authorization: Bearer TOKEN`` or the dashboard's ``truce_session`` cookie.

No credentials is the public (:data:`~truce.domain.principal.PUBLIC`). A bearer token that
is unknown or revoked is refused (401); a stale session cookie is the public again (the
dashboard then offers to sign in). :func:`require` guards a route by role: 401 for the
public, 403 for a known caller of another role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from truce.api.deps import mission_of
from truce.domain.principal import PUBLIC, Principal, Role
from truce.errors import Forbidden, Unauthenticated
from truce.services import users

SESSION_COOKIE = "truce_session"


def current_principal(request: Request) -> Principal:
    """The principal of the request (a dependency; cached per request by FastAPI)."""
    header = request.headers.get("authorization")
    mission = mission_of(request)
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer TOKEN'")
        found = users.authenticate_token(mission=mission, token=token.strip())
        if found is None:
            raise Unauthenticated("unknown or revoked token", hint="truce users token NAME")
        return found
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        found = users.principal_for_session(mission=mission, session_id=session)
        if found is not None:
            return found
    return PUBLIC


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only ``roles`` through (401 for the public, 403 for others)."""
    allowed = frozenset(roles)
    names = ", ".join(sorted(r.value for r in allowed))

    def guard(principal: CurrentPrincipal) -> Principal:
        if principal.role in allowed:
            return principal
        if principal.is_public:
            raise Unauthenticated(f"this needs a token of role {names}")
        raise Forbidden(f"role {principal.role.value} may not do this (needs {names})")

    return guard
