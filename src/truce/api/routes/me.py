"""``GET /api/v1/me``: who the server takes the caller for."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from truce.api.auth import CurrentPrincipal

router = APIRouter(tags=["users"])


class Me(BaseModel):
    name: str
    role: str
    party: str | None


@router.get("/me", response_model=Me)
def me(principal: CurrentPrincipal) -> Me:
    """The caller's name, role and party (``public`` without a token)."""
    return Me(name=principal.name, role=principal.role.value, party=principal.party)
