"""Violations and analysts' decisions (DESIGN.md "Violation").

Breached and undetermined findings of the compliance engine become :class:`Violation` records
with status ``detected``; an analyst's confirmation or dismissal is a separate, appended
:class:`Decision`. ``attribution`` names a party only when geometry allows it, else it is
``undetermined``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self
from uuid import UUID, uuid5

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from truce.domain.geojson import violation_feature
from truce.domain.reasons import Reason, ReasonParams
from truce.domain.time import TimeWindow
from truce.domain.vocabulary import Weapon

#: Version of the compliance rules; part of every violation's id.
COMPLIANCE_RULES_VERSION = "compliance-1.0"
VIOLATION_NAMESPACE = UUID("8d3f1c52-6a0e-4b7d-9f4e-2c9a71e0b3d4")
UNDETERMINED = "undetermined"

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Outcome(StrEnum):
    BREACHED = "breached"
    NOT_BREACHED = "not_breached"
    UNDETERMINED = "undetermined"


class RecordType(StrEnum):
    """What a violation rests on."""

    OBSERVATION = "observation"
    INCIDENT = "incident"


class DecisionStatus(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Facts(BaseModel):
    """The geometric facts that show a finding. Distances in metres (geodesic)."""

    model_config = _FROZEN

    #: Why: a code; its parameters in ``reason_params`` (render with
    #: :func:`truce.domain.reasons.render_reason`).
    reason: Reason
    reason_params: ReasonParams = Field(default_factory=dict)
    distance_m: float | None = None
    #: Nearest and farthest distance to the line over the subject's area (sector, ellipse).
    distance_range_m: tuple[float, float] | None = None
    side: str | None = None
    sides: tuple[str, ...] = ()
    region: str | None = None
    zones: tuple[str, ...] = ()
    zone: str | None = None
    time_window: TimeWindow | None = None
    weapon: Weapon | None = None
    limit_km: float | None = None
    holding_area: str | None = None
    registered: int | None = None
    counted: int | None = None


class Violation(BaseModel):
    """A detected breach (or possible breach) of one clause by one or more records."""

    model_config = _FROZEN

    id: UUID
    algorithm_version: str = COMPLIANCE_RULES_VERSION
    agreement_id: str
    agreement_version: int
    agreement_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    clause_id: str
    clause_type: str
    record_type: RecordType
    record_ids: tuple[str, ...]
    #: ``breached`` or ``undetermined`` (a finding that is not breached is no violation).
    outcome: Outcome
    status: Literal["detected"] = "detected"
    attribution: str
    observed: TimeWindow
    lon: float | None = None
    lat: float | None = None
    facts: Facts

    @model_validator(mode="after")
    def _a_violation(self) -> Self:
        if self.outcome is Outcome.NOT_BREACHED:
            raise ValueError("a violation's outcome is breached or undetermined")
        return self

    def feature(self, **extra: Any) -> dict[str, Any]:
        """A GeoJSON Feature of every field, then ``extra`` (e.g. the latest ``decision``), as
        :func:`truce.domain.geojson.violation_feature` builds it (issue 11.9)."""
        return violation_feature({**self.model_dump(mode="json", exclude_none=True), **extra})


def violation_id(
    *,
    agreement_id: str,
    version: int,
    clause_id: str,
    record_type: str,
    record_ids: tuple[str, ...],
) -> UUID:
    """UUIDv5 of the rules version, agreement version, clause and records: recomputing the same
    check on the same evidence gives the same id."""
    key = ":".join(
        [
            COMPLIANCE_RULES_VERSION,
            agreement_id,
            str(version),
            clause_id,
            record_type,
            ",".join(sorted(record_ids)),
        ]
    )
    return uuid5(VIOLATION_NAMESPACE, key)


class Decision(BaseModel):
    """An analyst's decision on a violation, appended (never an edit)."""

    model_config = _FROZEN

    violation_id: UUID
    status: DecisionStatus
    decided_by: str = Field(min_length=1, max_length=200)
    decided_at: AwareDatetime
    #: Why (the analyst's reason), free text.
    note: str = Field(default="", max_length=4000)
    #: A party id the analyst attributes the violation to, if they do.
    attribution: str | None = None
