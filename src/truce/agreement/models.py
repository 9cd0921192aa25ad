"""The agreement folder format, as frozen pydantic models (DESIGN.md "Agreement").

A version folder holds ``agreement.yaml`` (:class:`AgreementDoc`) and GeoJSON layers (RFC 7946,
WGS84 lon/lat) named in its ``layers`` map. :class:`Agreement` is one loaded version: the
document plus its parsed layers. Geometry stays GeoJSON here; :mod:`truce.agreement.spatial`
turns it into indexed shapely objects.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from truce.agreement.clauses import Clause
from truce.domain.types import LanguageTag, ShortText
from truce.domain.vocabulary import Weapon

FORMAT = "truce-agreement/1"
_FROZEN = ConfigDict(frozen=True, extra="forbid")
#: Tolerance width (metres) of a version that does not state ``tolerance_m``.
DEFAULT_TOLERANCE_M = 25.0

#: An identifier used across files: lower-case letters, digits, ``-`` and ``_``.
Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
#: Text in several languages, keyed by language tag (``en``, ``de``, ``uk``, ``ru``).
Text = dict[LanguageTag, Annotated[str, Field(min_length=1, max_length=4000)]]


class Party(BaseModel):
    model_config = _FROZEN

    id: Ident
    name: Text


class Region(BaseModel):
    model_config = _FROZEN

    id: Ident
    name: Text


class ReportingPeriod(BaseModel):
    """A reporting period is the 24 hours ending at ``end`` local time in ``time_zone``."""

    model_config = _FROZEN

    end: time
    time_zone: Annotated[str, Field(min_length=1, max_length=64)]

    @field_validator("end", mode="before")
    @classmethod
    def _hh_mm(cls, value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
            raise ValueError("end must be HH:MM")
        return value


class Layers(BaseModel):
    """File names (relative to the version folder) of the GeoJSON layers."""

    model_config = _FROZEN

    contact_line: ShortText = "contact_line.geojson"
    controlled_areas: ShortText = "controlled_areas.geojson"
    regions: ShortText = "regions.geojson"
    zones: ShortText | None = "zones.geojson"
    holding_areas: ShortText | None = "holding_areas.geojson"
    sites: ShortText | None = "sites.geojson"


class AgreementDoc(BaseModel):
    """The content of ``agreement.yaml``."""

    model_config = _FROZEN

    format: Literal["truce-agreement/1"] = "truce-agreement/1"
    id: Ident
    version: Annotated[int, Field(ge=1)]
    effective: AwareDatetime
    title: Text
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    languages: tuple[LanguageTag, ...] = Field(min_length=1)
    regions: tuple[Region, ...] = Field(min_length=1)
    reporting_period: ReportingPeriod
    parties: tuple[Party, ...] = Field(min_length=2)
    layers: Layers = Layers()
    #: Width (metres) within which two boundaries count as one line: how far the contact line
    #: may stray from the controlled areas' boundaries, the widest sliver of overlap or gap
    #: that is rounding, the gap allowed between line features. ``None``: the default
    #: (:data:`DEFAULT_TOLERANCE_M`). Left out of the document when not given, so versions
    #: written before it existed keep their hash.
    tolerance_m: Annotated[float, Field(gt=0, le=1000)] | None = None
    clauses: tuple[Clause, ...] = Field(min_length=1)

    @property
    def tolerance(self) -> float:
        """The version's tolerance width in metres."""
        return DEFAULT_TOLERANCE_M if self.tolerance_m is None else self.tolerance_m


class Window(BaseModel):
    """A local ceasefire window: ``[start, end)`` once, or daily ``[from_time, to_time)`` local
    time in ``time_zone`` on the days ``first_day`` .. ``last_day`` (inclusive)."""

    model_config = _FROZEN

    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    first_day: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    last_day: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    from_time: time | None = None
    to_time: time | None = None
    time_zone: str | None = None


class Feature(BaseModel):
    """A GeoJSON feature: ``geometry`` is the RFC 7946 geometry object, WGS84 lon/lat."""

    model_config = _FROZEN

    geometry: dict[str, Any]


class LineFeature(Feature):
    name: str | None = None


class ControlledArea(Feature):
    party: Ident


class RegionArea(Feature):
    region: Ident


class NamedFeature(Feature):
    """A feature other layers and clauses refer to by ``id``."""

    id: Ident
    name: Text


class Zone(NamedFeature):
    kind: Literal["disengagement_area", "security_zone", "buffer_zone", "other"]
    name: Text


class HoldingArea(NamedFeature):
    party: Ident
    #: Registered weapons: category -> number.
    inventory: dict[Weapon, Annotated[int, Field(ge=0)]]


class Site(NamedFeature):
    kind: Literal["water", "power", "gas", "rail", "other"]
    windows: tuple[Window, ...] = ()


class Agreement(BaseModel):
    """One version of an agreement: its document and its layers, as loaded from a folder."""

    model_config = _FROZEN

    doc: AgreementDoc
    contact_line: tuple[LineFeature, ...]
    controlled_areas: tuple[ControlledArea, ...]
    regions: tuple[RegionArea, ...]
    zones: tuple[Zone, ...] = ()
    holding_areas: tuple[HoldingArea, ...] = ()
    sites: tuple[Site, ...] = ()

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def version(self) -> int:
        return self.doc.version

    @property
    def effective(self) -> datetime:
        return self.doc.effective

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.doc.parties)

    @property
    def named_features(self) -> tuple[NamedFeature, ...]:
        """Zones, holding areas and sites, in that order."""
        return (*self.zones, *self.holding_areas, *self.sites)

    def zone(self, zone_id: str) -> NamedFeature | None:
        """The zone, holding area or site with this id, if any."""
        return next((item for item in self.named_features if item.id == zone_id), None)
