"""The Observation, wire format version 1 (DESIGN.md "Observation").

One report by one source of one kind of event over one time window. Field names are stable
API. Models are frozen and reject unknown fields, so a typo is an error that names the field.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from truce.domain.time import TimeWindow
from truce.domain.types import (
    BearingDegrees,
    Count,
    JsonNumber,
    Kilometres,
    LanguageTag,
    Latitude,
    Longitude,
    LongText,
    MediaType,
    Metres,
    Sha256Hex,
    ShortText,
    SigmaDegrees,
)
from truce.domain.vocabulary import (
    Classification,
    Compass16,
    CountQualifier,
    EventKind,
    ExplosionSubtype,
    SourceType,
    Weapon,
)

WIRE_VERSION = 1

#: A mission's plausible time range (issue 12.8): nothing observed before this instant ...
EARLIEST_OBSERVED = datetime(1990, 1, 1, tzinfo=UTC)
#: ... nor ending more than this far ahead of the server's clock (clock skew, time zones) ...
MAX_AHEAD = timedelta(days=1)
#: ... nor spanning more than this (a report covers an evening, a night, a day or a weekend).
MAX_WINDOW = timedelta(days=4)

_FROZEN = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Source(BaseModel):
    model_config = _FROZEN

    id: ShortText
    type: SourceType


class Observed(TimeWindow):
    """The time window of an observation (a :class:`TimeWindow`), bounded at intake."""

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:  # replaces TimeWindow's check, with the bounds
        # Bounded at intake so that every later stage (UTC conversion, fusion windows,
        # timestamps) can rely on ordinary dates: see EARLIEST_OBSERVED, MAX_AHEAD, MAX_WINDOW.
        if self.start < EARLIEST_OBSERVED:
            raise ValueError(f"start must not be before {EARLIEST_OBSERVED:%Y-%m-%d} (UTC)")
        if self.end > datetime.now(UTC) + MAX_AHEAD:
            hours = MAX_AHEAD.total_seconds() / 3600
            raise ValueError(f"end must not be more than {hours:g} hours ahead of the clock")
        if self.end < self.start:
            raise ValueError("end must not be before start")
        if self.end - self.start > MAX_WINDOW:
            raise ValueError(f"the window from start to end must not exceed {MAX_WINDOW.days} days")
        return self


class Position(BaseModel):
    """Where the source was: WGS84 ``lon``/``lat`` in degrees, and/or a gazetteer ``place``."""

    model_config = _FROZEN

    accuracy_m: Metres | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    place: ShortText | None = None

    @model_validator(mode="after")
    def _located(self) -> Self:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("lon and lat must be given together")
        if self.lon is None and self.place is None:
            raise ValueError("give lon and lat, or a place")
        return self

    @property
    def resolved(self) -> bool:
        return self.lon is not None and self.lat is not None


class EventCount(BaseModel):
    """How many: ``value`` is required unless the qualifier is uncountable or unstated."""

    model_config = _FROZEN

    qualifier: CountQualifier = CountQualifier.EXACT
    value: Count | None = None

    @model_validator(mode="after")
    def _value_matches_qualifier(self) -> Self:
        without_number = (CountQualifier.UNCOUNTABLE, CountQualifier.UNSTATED)
        if self.qualifier in without_number:
            if self.value is not None:
                raise ValueError(f"value must be null when the qualifier is {self.qualifier}")
        elif self.value is None:
            raise ValueError(f"value is required when the qualifier is {self.qualifier}")
        return self


class Event(BaseModel):
    model_config = _FROZEN

    #: Calibre in millimetres when known (decides some withdrawal categories).
    calibre_mm: Annotated[float, JsonNumber] | None = Field(
        default=None, gt=0, le=1000, allow_inf_nan=False
    )
    count: EventCount = EventCount(value=1)
    kind: EventKind
    subtype: ExplosionSubtype | None = None
    weapons: tuple[Weapon, ...] = ()

    @model_validator(mode="after")
    def _subtype_only_for_explosions(self) -> Self:
        if self.subtype is not None and self.kind is not EventKind.EXPLOSION:
            raise ValueError("subtype is only allowed for kind explosion")
        return self


class Direction(BaseModel):
    """Directions from the observer: 16-point codes and/or degrees; ``from``/``to`` of a flight."""

    model_config = _FROZEN

    bearing_deg: tuple[BearingDegrees, ...] = Field(default=(), max_length=16)
    bearings: tuple[Compass16, ...] = Field(default=(), max_length=16)
    from_: Compass16 | None = Field(default=None, alias="from")
    sigma_deg: SigmaDegrees | None = None
    to: Compass16 | None = None


class DistanceRange(BaseModel):
    """A distance from the observer, in kilometres; ``min <= max``."""

    model_config = _FROZEN

    max: Kilometres
    min: Kilometres

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class Narrative(BaseModel):
    """The sentence an observation was parsed from, with its character span."""

    model_config = _FROZEN

    lang: LanguageTag = "en"
    span: tuple[int, int] | None = None
    text: LongText

    @model_validator(mode="after")
    def _span_inside_text(self) -> Self:
        if self.span is not None:
            start, end = self.span
            if not 0 <= start <= end <= len(self.text):
                raise ValueError("span must satisfy 0 <= start <= end <= len(text)")
        return self


class Attachment(BaseModel):
    model_config = _FROZEN

    bytes: int = Field(ge=0)
    media_type: MediaType
    sha256: Sha256Hex


class Observation(BaseModel):
    """One observation in wire format v1."""

    model_config = _FROZEN

    # Fields are declared in RFC 8785 key order (here: ASCII order of the wire names), in
    # every model, so that ``wire_json`` is canonical JSON straight from pydantic's encoder.
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=64)
    classification: Classification = Classification.MISSION
    direction: Direction | None = None
    distance_km: DistanceRange | None = None
    event: Event
    id: UUID
    narrative: Narrative | None = None
    observed: Observed
    position: Position
    source: Source

    def wire(self) -> dict[str, Any]:
        """The wire-format JSON object (aliases applied, nulls omitted)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def wire_json(self) -> str:
        """The wire-format JSON text, keys in RFC 8785 order (numbers: see ``canonical``)."""
        return self.model_dump_json(by_alias=True, exclude_none=True)
