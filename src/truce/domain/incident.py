"""The Incident: one physical event or episode fused from observations (DESIGN.md "Incident").

Incidents are derived records: recomputable from the observations at any time. Each names the
algorithm version and the observations it rests on; its id is a UUIDv5 of both, so the same
evidence and the same algorithm always give the same id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Self
from uuid import UUID, SafeUUID, uuid5

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from truce.domain.geojson import incident_feature
from truce.domain.time import TimeWindow
from truce.domain.types import Latitude, Longitude
from truce.domain.vocabulary import EventKind, ExplosionSubtype, Weapon

#: Version of the fusion algorithm; part of every incident's id.
FUSION_ALGORITHM_VERSION = "fusion-1.4"

#: Namespace of incident ids (UUIDv5).
INCIDENT_NAMESPACE = UUID("5b0c2f47-2f1e-4e8a-9d55-7c1f0e6a9b31")

#: chi-square quantile with 2 degrees of freedom at 95 %: a 95 % ellipse is sqrt(5.991) sigma.
CHI2_2DOF_95 = 5.991464547107979

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_setattr = object.__setattr__
_UNKNOWN = SafeUUID.unknown


def uuid_from_int(value: int) -> UUID:
    """``UUID(int=value)`` for a value known to fit in 128 bits, without re-checking it."""
    u = UUID.__new__(UUID)
    _setattr(u, "int", value)
    _setattr(u, "is_safe", _UNKNOWN)
    return u


def incident_id(
    observation_ids: Iterable[UUID | str], version: str = FUSION_ALGORITHM_VERSION
) -> UUID:
    """UUIDv5 of the algorithm version and the sorted contributing observation ids."""
    key = version + ":" + ",".join(sorted(str(i) for i in observation_ids))
    return uuid5(INCIDENT_NAMESPACE, key)


class Ellipse(BaseModel):
    """A 95 % confidence ellipse in a local metric plane.

    ``orientation_deg`` is the azimuth of the major axis, clockwise from true north, in
    [0, 180). Semi-axes are in metres.
    """

    model_config = _FROZEN

    semi_major_m: float = Field(ge=0.0, allow_inf_nan=False)
    semi_minor_m: float = Field(ge=0.0, allow_inf_nan=False)
    orientation_deg: float = Field(ge=0.0, lt=180.0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.semi_minor_m > self.semi_major_m:
            raise ValueError("semi_minor_m must not exceed semi_major_m")
        return self

    def plane_points(self, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """``n`` boundary points (x east, y north, metres) relative to the centre."""
        t = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
        u = self.semi_major_m * np.cos(t)  # along the major axis
        v = self.semi_minor_m * np.sin(t)
        az = math.radians(self.orientation_deg)
        # major axis unit vector (east, north) = (sin az, cos az); minor = (cos az, -sin az)
        x = u * math.sin(az) + v * math.cos(az)
        y = u * math.cos(az) - v * math.sin(az)
        return x, y

    def contains_offset(self, dx: float, dy: float) -> bool:
        """Whether the offset (metres east, north) from the centre lies in the ellipse (covers)."""
        az = math.radians(self.orientation_deg)
        u = dx * math.sin(az) + dy * math.cos(az)
        v = dx * math.cos(az) - dy * math.sin(az)
        a = max(self.semi_major_m, 1e-9)
        b = max(self.semi_minor_m, 1e-9)
        return (u / a) ** 2 + (v / b) ** 2 <= 1.0 + 1e-9


class Counts(BaseModel):
    """De-duplicated counts: ``total`` and its split by explosion subtype.

    For kinds other than explosion only ``total`` is used. ``qualifier`` is ``at_least`` when
    a contributing report gave no number or a lower bound.
    """

    model_config = _FROZEN

    total: int = Field(ge=0)
    impact: int = Field(default=0, ge=0)
    outgoing: int = Field(default=0, ge=0)
    airburst: int = Field(default=0, ge=0)
    undetermined: int = Field(default=0, ge=0)
    qualifier: str = "exact"


class Incident(BaseModel):
    """One physical event or episode, located with a 95 % ellipse and counted once."""

    model_config = _FROZEN

    id: UUID
    algorithm_version: str = FUSION_ALGORITHM_VERSION
    kind: EventKind
    subtype: ExplosionSubtype | None = None
    weapons: tuple[Weapon, ...] = ()
    lon: Longitude
    lat: Latitude
    ellipse: Ellipse
    #: How the location was estimated: ``wls`` (bearings and ranges), ``tdoa`` (with arrival
    #: times), ``sector`` (one observer) or ``position`` (the observer's own position).
    method: str
    window: TimeWindow
    counts: Counts
    observation_ids: tuple[UUID, ...]
    n_sources: int = Field(ge=1)
    confidence: float = Field(ge=0.0, le=1.0)

    def feature(self, geometry: dict[str, Any] | None = None) -> dict[str, Any]:
        """A GeoJSON Feature: the point location (rounded) or the ``geometry`` given (the 95 %
        ellipse: :func:`truce.services.exports.export_incidents`), as
        :func:`truce.domain.geojson.incident_feature` builds it (issue 11.9)."""
        return incident_feature(self.model_dump(mode="json"), geometry=geometry)
