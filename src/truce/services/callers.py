"""Who is calling, for both edges that serve HTTP: the API's dependencies
(:mod:`truce.api.auth`) and the dashboard's pages (:mod:`truce.web.pages._common`) turn a
request's credentials into a principal here and check its role here, so the two cannot
disagree on who may do what.

Credentials are an ``Authorization: Bearer TOKEN`` header or the dashboard's
:data:`SESSION_COOKIE`. No credentials is the public (:data:`~truce.domain.principal.PUBLIC`);
an unknown or revoked bearer token is refused (401); a stale session is the public again (the
dashboard then offers to sign in). Nothing here knows a web framework: an edge passes the
header's and the cookie's values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from truce.domain.principal import PUBLIC, Principal, Role
from truce.errors import Forbidden, Unauthenticated
from truce.services import users
from truce.services.mission import Mission

__all__ = [
    "SESSION_COOKIE",
    "Access",
    "allow",
    "bearer_token",
    "mission_in",
    "principal_for",
    "principal_of",
]

#: The dashboard's session cookie (HttpOnly, SameSite=Strict; set by the sign-in page).
SESSION_COOKIE = "truce_session"


def mission_in(state: Any) -> Mission:
    """The open mission an application serves (its ``state.mission``, set at startup)."""
    mission = state.mission
    assert isinstance(mission, Mission)
    return mission


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization`` header's value, ``None`` without one.

    Raises :class:`~truce.errors.Unauthenticated` when it is not ``Bearer TOKEN``.
    """
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer TOKEN'")
    return token.strip()


def principal_of(*, mission: Mission, authorization: str | None, session: str | None) -> Principal:
    """The caller of a request with these credentials (the header's and the cookie's values).

    A bearer token wins over a session; raises :class:`~truce.errors.Unauthenticated` for an
    unknown or revoked token (or a malformed header). A session that is unknown, expired or
    ended gives the public.
    """
    token = bearer_token(authorization)
    if token is not None:
        found = users.authenticate_token(mission=mission, token=token)
        if found is None:
            raise Unauthenticated("unknown or revoked token", hint="truce users token NAME")
        return found
    if session:
        found = users.principal_for_session(mission=mission, session_id=session)
        if found is not None:
            return found
    return PUBLIC


def principal_for(
    *, mission: Mission, headers: Mapping[str, str], cookies: Mapping[str, str]
) -> Principal:
    """:func:`principal_of` with a request's headers and cookies (any mappings: an edge passes
    its framework's, whose header names are case-insensitive)."""
    return principal_of(
        mission=mission,
        authorization=headers.get("authorization"),
        session=cookies.get(SESSION_COOKIE),
    )


def allow(principal: Principal, roles: Iterable[Role], *, refusal: str | None = None) -> Principal:
    """``principal`` when its role is one of ``roles``.

    Raises :class:`~truce.errors.Unauthenticated` (401) for the public and
    :class:`~truce.errors.Forbidden` (403) for a known caller of another role, with
    ``refusal`` as the message when given (a page's own words), else one naming the roles.
    """
    allowed = frozenset(roles)
    if principal.role in allowed:
        return principal
    names = ", ".join(sorted(r.value for r in allowed))
    if principal.is_public:
        raise Unauthenticated(refusal or f"this needs a token of role {names}")
    raise Forbidden(refusal or f"role {principal.role.value} may not do this (needs {names})")


@dataclass(frozen=True, slots=True)
class Access:
    """Who may use something (a page, a form), and what the others are told."""

    roles: frozenset[Role]
    refusal: str | None = None

    def check(self, principal: Principal) -> Principal:
        """:func:`allow` with these roles and this refusal."""
        return allow(principal, self.roles, refusal=self.refusal)
