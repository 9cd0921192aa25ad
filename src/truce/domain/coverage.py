"""Coverage, wire format ``coverage/1`` (DESIGN.md "Coverage"; README "Coverage wire format").

A source's duty period and what it could observe: a post's or camera's ``position`` or a
patrol's or UAV flight's ``track`` (a GeoJSON LineString, RFC 7946 §3.1.4), the ``range_km``
it could hear or see, and whether it was ``operational``. Without it "no violations recorded"
cannot be told apart from "not observed". Models are frozen and reject unknown fields; fields
are declared in RFC 8785 key order so that ``wire_json`` is canonical JSON.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from truce.domain.observation import Observed, Position, Source
from truce.domain.types import Kilometres, Latitude, Longitude, ShortText
from truce.domain.vocabulary import Classification

#: The value of a coverage record's ``record`` field (an observation may omit the field).
RECORD = "coverage"
#: Version of the coverage wire format.
WIRE_VERSION = 1

_FROZEN = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class CoverageStatus(StrEnum):
    """Could the source observe? Only ``operational`` coverage counts as observed."""

    OPERATIONAL = "operational"
    NON_OPERATIONAL = "non_operational"
    #: Monitors present but kept from observing (turned back, denied access, UAV jammed).
    RESTRICTED = "restricted"


class Track(BaseModel):
    """A GeoJSON LineString of WGS84 ``[lon, lat]`` positions, at least two.

    CSV gives ``track.coordinates`` as ``lon lat;lon lat;…`` (one cell), read here.
    """

    model_config = _FROZEN

    coordinates: tuple[tuple[Longitude, Latitude], ...] = Field(min_length=2, max_length=10_000)
    type: Literal["LineString"] = "LineString"

    @field_validator("coordinates", mode="before")
    @classmethod
    def _from_csv_cell(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        points = []
        for part in value.split(";"):
            if part.strip():
                xy = part.replace(",", " ").split()
                if len(xy) != 2:
                    raise ValueError("each point must be 'lon lat'")
                points.append((xy[0], xy[1]))
        return points


class Coverage(BaseModel):
    """One coverage record in wire format ``coverage/1``."""

    model_config = _FROZEN

    classification: Classification = Classification.MISSION
    id: UUID
    note: ShortText | None = None
    observed: Observed
    position: Position | None = None
    range_km: Kilometres
    record: Literal["coverage"] = "coverage"
    source: Source
    status: CoverageStatus
    track: Track | None = None

    @model_validator(mode="after")
    def _position_or_track(self) -> Self:
        if (self.position is None) == (self.track is None):
            raise ValueError("give a position (post, camera) or a track (patrol, UAV), not both")
        return self

    @property
    def operational(self) -> bool:
        return self.status is CoverageStatus.OPERATIONAL

    def points(self) -> tuple[tuple[float, float], ...]:
        """The lon/lat vertices observed from: the track's, or the one resolved position."""
        if self.track is not None:
            return tuple((float(x), float(y)) for x, y in self.track.coordinates)
        assert self.position is not None
        if self.position.lon is None or self.position.lat is None:
            return ()
        return ((float(self.position.lon), float(self.position.lat)),)

    def wire(self) -> dict[str, Any]:
        """The wire-format JSON object (nulls omitted)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def wire_json(self) -> str:
        """The wire-format JSON text, keys in RFC 8785 order."""
        return self.model_dump_json(by_alias=True, exclude_none=True)
