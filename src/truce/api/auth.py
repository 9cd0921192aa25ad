"""Who is calling: ``Authorization: Bearer TOKEN`` or the dashboard's ``truce_session`` cookie,
as FastAPI dependencies over :mod:`truce.services.callers` (the rules, shared with the
dashboard's pages).

No credentials is the public (:data:`~truce.domain.principal.PUBLIC`). A bearer token that
is unknown or revoked is refused (401); a stale session cookie is the public again (the
dashboard then offers to sign in). :func:`require` guards a route by role: 401 for the
public, 403 for a known caller of another role.

:func:`require_recent` does the same from a look-up of the token made in the last
:data:`RECENT_S` seconds (:class:`RecentTokens`, per process), without a query of its own;
only for a route that hands the token on to a service that checks it again where it acts
(``POST /api/v1/observations``: the group commit checks every token of a group, in one
query, just before storing it). Every other route looks the token up on each request, so a
revoked token is refused at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from truce.api.deps import mission_of
from truce.domain.principal import Principal, Role
from truce.services import callers
from truce.services.callers import SESSION_COOKIE

__all__ = [
    "SESSION_COOKIE",
    "CurrentPrincipal",
    "RecentPrincipal",
    "RecentTokens",
    "bearer_token",
    "current_principal",
    "recent_principal",
    "recent_tokens_of",
    "require",
    "require_recent",
]


def current_principal(request: Request) -> Principal:
    """The principal of the request (a dependency; cached per request by FastAPI); the rules
    are :func:`truce.services.callers.principal_of`'s, which the dashboard uses too."""
    mission = mission_of(request)
    return callers.principal_for(mission=mission, headers=request.headers, cookies=request.cookies)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

#: How long a token looked up stays known to :func:`recent_principal` (seconds).
RECENT_S = 30.0
_RECENT_MAX = 10_000


class RecentTokens:
    """Principals of bearer tokens looked up in the last :data:`RECENT_S` seconds."""

    def __init__(self) -> None:
        self._known: dict[bytes, tuple[Principal, float]] = {}

    @staticmethod
    def _key(token: str) -> bytes:
        return hashlib.sha256(token.encode("utf-8")).digest()

    def get(self, token: str) -> Principal | None:
        found = self._known.get(self._key(token))
        if found is None or time.monotonic() - found[1] > RECENT_S:
            return None
        return found[0]

    def put(self, token: str, principal: Principal) -> None:
        if len(self._known) >= _RECENT_MAX:
            self._known.clear()
        self._known[self._key(token)] = (principal, time.monotonic())

    def drop(self, token: str) -> None:
        self._known.pop(self._key(token), None)


def recent_tokens_of(request: Request) -> RecentTokens:
    """The application's :class:`RecentTokens`."""
    recent = request.app.state.recent_tokens
    assert isinstance(recent, RecentTokens)
    return recent


def bearer_token(request: Request) -> str | None:
    """The request's bearer token, ``None`` without an Authorization header (401 if malformed)."""
    return callers.bearer_token(request.headers.get("authorization"))


async def recent_principal(request: Request) -> Principal:
    """:func:`current_principal`, from a recent look-up of the bearer token when there is one
    (see the module docstring: only for routes whose service checks the token again)."""
    token = bearer_token(request)
    recent = recent_tokens_of(request)
    found = None if token is None else recent.get(token)
    if found is not None:
        return found
    principal = await run_in_threadpool(current_principal, request)
    if token is not None:
        recent.put(token, principal)
    return principal


RecentPrincipal = Annotated[Principal, Depends(recent_principal)]


def _allow(principal: Principal, allowed: frozenset[Role]) -> Principal:
    return callers.allow(principal, allowed)


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only ``roles`` through (401 for the public, 403 for others)."""
    allowed = frozenset(roles)

    def guard(principal: CurrentPrincipal) -> Principal:
        return _allow(principal, allowed)

    return guard


async def recent_caller(request: Request, allowed: frozenset[Role]) -> Principal:
    """:func:`require_recent` called from a route's body: the same checks without FastAPI's
    dependency resolution, a noticeable share of the hottest route's time."""
    return _allow(await recent_principal(request), allowed)


def require_recent(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """:func:`require` on :func:`recent_principal`."""
    allowed = frozenset(roles)

    async def guard(principal: RecentPrincipal) -> Principal:
        return _allow(principal, allowed)

    return guard
