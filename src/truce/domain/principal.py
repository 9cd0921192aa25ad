"""Who is asking: a :class:`Principal` (user name, role, party) and the roles of DESIGN.md.

A request without a token is the public (:data:`PUBLIC`). Roles are an enum; a bad role lists
the valid ones.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    """The roles of DESIGN.md "Users and roles"; ``public`` is the caller without a token."""

    ADMIN = "admin"
    ANALYST = "analyst"
    MONITOR = "monitor"
    SENSOR = "sensor"
    PARTY = "party"
    PUBLIC = "public"


#: Roles a user can be given (``truce users add --role``); ``public`` is nobody's account.
USER_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.PUBLIC)

#: Roles that submit observations and read their own submissions.
SUBMITTER_ROLES: frozenset[Role] = frozenset({Role.MONITOR, Role.SENSOR})

#: Roles that read everything the mission holds.
MISSION_READERS: frozenset[Role] = frozenset({Role.ANALYST, Role.ADMIN})


class Principal(BaseModel):
    """The caller of a request: a user's name and role, and for a party role its party id."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=100)
    role: Role
    party: str | None = None

    @property
    def is_public(self) -> bool:
        return self.role is Role.PUBLIC

    @property
    def reads_everything(self) -> bool:
        return self.role in MISSION_READERS


#: The caller without a token.
PUBLIC = Principal(name="public", role=Role.PUBLIC)
