"""What the compliance engine checks: a *subject*, adapted from an observation or an incident.

A :class:`Subject` is where and when something happened, of which kind, with which weapons and
how many, and which records it rests on. Clause modules see only subjects, so incidents from
fusion plug in without changing them.

Where an observation's subject is (a documented choice): when the observation gives a
direction *and* a distance, the subject is the sector those describe (16-point compass codes
are +-11.25 degrees wide; degrees are widened by ``sigma_deg``, default 5 degrees); otherwise
it is the observer's own position, widened to a disc when ``accuracy_m`` is given. An
incident's subject is its estimated location with its 95 % ellipse.

Whether the location marks the *origin* of fire (used to attribute fire to a side): yes for
outgoing explosions, muzzle flashes and direct fire located by sector or by fusion; no for
impacts, airbursts, projectiles in flight, flares, and anything located at the observer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import shapely

from truce.domain.observation import Observation
from truce.domain.vocabulary import (
    COMPASS_HALF_WIDTH_DEG,
    CountQualifier,
    EventKind,
    ExplosionSubtype,
    SourceType,
    Weapon,
)
from truce.geo.ellipse import incident_polygon, incident_polygons
from truce.geo.sector import (
    circular_mean_deg,
    disc,
    point_at,
    sectors,
)

if TYPE_CHECKING:
    from truce.domain.incident import Ellipse, Incident

#: Half-width (degrees) of a bearing given in degrees without ``sigma_deg``.
DEFAULT_BEARING_HALF_WIDTH_DEG = 5.0

Basis = Literal["sector", "observer", "estimate", "unknown"]


@dataclass(frozen=True, slots=True)
class Subject:
    """One thing to check against the agreement.

    ``lon``/``lat`` is the representative point (WGS84 degrees; ``None`` if unknown);
    ``area`` the lon/lat polygon it may lie anywhere in (``None`` for an exact point).
    """

    record_ids: tuple[str, ...]
    record_type: Literal["observation", "incident"]
    kind: EventKind
    start: datetime
    end: datetime
    lon: float | None
    lat: float | None
    area: Any = None
    basis: Basis = "observer"
    origin: bool = False
    subtype: ExplosionSubtype | None = None
    weapons: tuple[Weapon, ...] = ()
    calibre_mm: float | None = None
    count: int | None = None
    count_qualifier: CountQualifier = CountQualifier.UNSTATED
    source_type: SourceType | None = None
    #: An incident's 95 % ellipse (its ``area`` traced), ``None`` for other subjects.
    ellipse: Ellipse | None = None

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def is_point(self) -> bool:
        return self.located and self.area is None

    def geometry(self) -> Any:
        """The subject's area, or its point (lon/lat shapely geometry)."""
        if self.area is not None:
            return self.area
        return shapely.Point(self.lon, self.lat)


_ORIGIN_KINDS = frozenset({EventKind.MUZZLE_FLASH, EventKind.FIRE})


def _is_origin(kind: EventKind, subtype: ExplosionSubtype | None) -> bool:
    return kind in _ORIGIN_KINDS or (
        kind is EventKind.EXPLOSION and subtype is ExplosionSubtype.OUTGOING
    )


def _observation_sector(obs: Observation) -> Any:
    d, r, pos = obs.direction, obs.distance_km, obs.position
    if d is None or r is None or pos.lon is None or pos.lat is None:
        return None
    if d.bearing_deg:
        bearings = tuple(float(b) for b in d.bearing_deg)
        half = d.sigma_deg or DEFAULT_BEARING_HALF_WIDTH_DEG
    elif d.bearings:
        bearings = tuple(b.degrees for b in d.bearings)
        half = max(COMPASS_HALF_WIDTH_DEG, d.sigma_deg or 0.0)
    else:
        return None
    return sectors(
        lon=pos.lon,
        lat=pos.lat,
        bearings_deg=bearings,
        half_width_deg=half,
        min_km=r.min,
        max_km=r.max,
    )


def from_observation(obs: Observation) -> Subject:
    """The subject of one observation (see the module docstring for where it is)."""
    ev, pos = obs.event, obs.position
    area = _observation_sector(obs)
    lon, lat = pos.lon, pos.lat
    basis: Basis = "unknown" if lon is None else "observer"
    if area is not None and lon is not None and lat is not None:
        d, r = obs.direction, obs.distance_km
        assert d is not None and r is not None
        bearings = tuple(float(b) for b in d.bearing_deg) or tuple(b.degrees for b in d.bearings)
        lon, lat = point_at(
            lon=lon, lat=lat, bearing_deg=circular_mean_deg(bearings), km=(r.min + r.max) / 2
        )
        basis = "sector"
    elif lon is not None and lat is not None and pos.accuracy_m:
        area = disc(lon=lon, lat=lat, radius_m=pos.accuracy_m)
    count = ev.count
    return Subject(
        record_ids=(str(obs.id),),
        record_type="observation",
        kind=ev.kind,
        start=obs.observed.start,
        end=obs.observed.end,
        lon=lon,
        lat=lat,
        area=area,
        basis=basis,
        origin=basis == "sector" and _is_origin(ev.kind, ev.subtype),
        subtype=ev.subtype,
        weapons=ev.weapons,
        calibre_mm=ev.calibre_mm,
        count=count.value,
        count_qualifier=count.qualifier,
        source_type=obs.source.type,
    )


#: Vertices of an incident's ellipse polygon.
ELLIPSE_VERTICES = 64


def ellipse_area(incident: Incident, n: int = ELLIPSE_VERTICES) -> Any:
    """The incident's 95 % ellipse as a lon/lat polygon, ``None`` for a point estimate.

    :func:`truce.geo.ellipse.incident_polygon`, which traces the ellipse by the direct
    geodesic problem instead of a projection built per incident (issue 11.4: 5 ms each, 85 of
    96 s of a check).
    """
    if incident.ellipse.semi_major_m <= 0:
        return None
    return incident_polygon(incident, n)


def from_incident(incident: Incident) -> Subject:
    """The subject of a fused incident: its estimate and 95 % ellipse."""
    return _incident_subject(incident, ellipse_area(incident))


def from_incidents(incidents: Sequence[Incident]) -> list[Subject]:
    """:func:`from_incident` of each incident, the ellipses built together
    (:func:`~truce.geo.ellipse.incident_polygons`: the same polygons, vertex for vertex)."""
    with_area = [i for i in incidents if i.ellipse.semi_major_m > 0]
    polygons = iter(incident_polygons(with_area, ELLIPSE_VERTICES).tolist())
    return [
        _incident_subject(i, next(polygons) if i.ellipse.semi_major_m > 0 else None)
        for i in incidents
    ]


def _incident_subject(incident: Incident, area: Any) -> Subject:
    at_observer = incident.method == "position"
    return Subject(
        record_ids=(str(incident.id),),
        record_type="incident",
        kind=incident.kind,
        start=incident.window.start,
        end=incident.window.end,
        lon=incident.lon,
        lat=incident.lat,
        area=area,
        basis="observer" if at_observer else "estimate",
        origin=not at_observer and _is_origin(incident.kind, incident.subtype),
        subtype=incident.subtype,
        weapons=incident.weapons,
        count=incident.counts.total,
        count_qualifier=CountQualifier(incident.counts.qualifier),
        ellipse=incident.ellipse if area is not None else None,
    )
