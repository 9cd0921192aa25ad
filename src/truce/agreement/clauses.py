"""Clauses: one pydantic model per machine-checkable clause type (DESIGN.md "Clause types").

Every clause has an ``id``, its ``text`` in several languages and type-specific
``parameters``; the ``type`` field selects the model.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from truce.domain.types import LanguageTag
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS, EventKind, SourceType, Weapon

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
_Text = dict[LanguageTag, Annotated[str, Field(min_length=1, max_length=4000)]]
_FIRE_KINDS: tuple[EventKind, ...] = tuple(sorted(CEASEFIRE_VIOLATION_KINDS))


class ClauseType(StrEnum):
    NO_FIRE = "no_fire"
    WEAPON_WITHDRAWAL = "weapon_withdrawal"
    ZONE_EXCLUSION = "zone_exclusion"
    HOLDING_AREA = "holding_area"
    FREEDOM_OF_MOVEMENT = "freedom_of_movement"
    INFRASTRUCTURE_WINDOW = "infrastructure_window"


class _ClauseBase(BaseModel):
    model_config = _FROZEN

    id: _Ident
    text: _Text


class NoFireParams(BaseModel):
    model_config = _FROZEN

    kinds: tuple[EventKind, ...] = _FIRE_KINDS


class NoFireClause(_ClauseBase):
    type: Literal["no_fire"] = "no_fire"
    parameters: NoFireParams = NoFireParams()


class WithdrawalLimit(BaseModel):
    """Weapons of these categories (and calibre range, mm, ``[min, max)``) stay this far away."""

    model_config = _FROZEN

    weapons: tuple[Weapon, ...] = Field(min_length=1)
    calibre_mm_min: float | None = Field(default=None, ge=0)
    calibre_mm_max: float | None = Field(default=None, gt=0)
    distance_km: float = Field(gt=0, le=1000)

    @model_validator(mode="after")
    def _range(self) -> WithdrawalLimit:
        lo, hi = self.calibre_mm_min, self.calibre_mm_max
        if lo is not None and hi is not None and lo >= hi:
            raise ValueError("calibre_mm_min must be below calibre_mm_max")
        return self


class WeaponWithdrawalParams(BaseModel):
    model_config = _FROZEN

    limits: tuple[WithdrawalLimit, ...] = Field(min_length=1)
    #: Weapons inside their own party's registered holding areas are exempt.
    exempt_holding_areas: bool = True


class WeaponWithdrawalClause(_ClauseBase):
    type: Literal["weapon_withdrawal"] = "weapon_withdrawal"
    parameters: WeaponWithdrawalParams


class ZoneExclusionParams(BaseModel):
    model_config = _FROZEN

    zones: tuple[_Ident, ...] = Field(min_length=1)
    kinds: tuple[EventKind, ...] = (EventKind.WEAPON, EventKind.PRESENCE, *_FIRE_KINDS)


class ZoneExclusionClause(_ClauseBase):
    type: Literal["zone_exclusion"] = "zone_exclusion"
    parameters: ZoneExclusionParams


class HoldingAreaParams(BaseModel):
    model_config = _FROZEN

    #: Holding areas this clause covers; empty means all.
    holding_areas: tuple[_Ident, ...] = ()
    #: Sources whose weapon counts inside a holding area count as an inspection.
    inspection_sources: tuple[SourceType, ...] = (
        SourceType.PATROL,
        SourceType.UAV,
        SourceType.CAMERA,
    )


class HoldingAreaClause(_ClauseBase):
    type: Literal["holding_area"] = "holding_area"
    parameters: HoldingAreaParams = HoldingAreaParams()


class FreedomOfMovementParams(BaseModel):
    model_config = _FROZEN

    kinds: tuple[EventKind, ...] = (EventKind.RESTRICTION, EventKind.INTERFERENCE)


class FreedomOfMovementClause(_ClauseBase):
    type: Literal["freedom_of_movement"] = "freedom_of_movement"
    parameters: FreedomOfMovementParams = FreedomOfMovementParams()


class InfrastructureWindowParams(BaseModel):
    model_config = _FROZEN

    sites: tuple[_Ident, ...] = Field(min_length=1)
    kinds: tuple[EventKind, ...] = _FIRE_KINDS


class InfrastructureWindowClause(_ClauseBase):
    type: Literal["infrastructure_window"] = "infrastructure_window"
    parameters: InfrastructureWindowParams


Clause = Annotated[
    NoFireClause
    | WeaponWithdrawalClause
    | ZoneExclusionClause
    | HoldingAreaClause
    | FreedomOfMovementClause
    | InfrastructureWindowClause,
    Field(discriminator="type"),
]
