"""Geometric facts about subjects, computed once per subject and shared by every clause.

Point subjects are measured together, vectorised (:class:`~truce.agreement.spatial.SpatialIndex`),
and so are area subjects (sectors, ellipses, accuracy discs: :mod:`truce.compliance._areas`).
For an area, ``distance_m`` is that of its representative point and ``min/max`` span the
area (for an incident's ellipse, from its centre and axes:
:func:`truce.compliance._ellipses.distance_range`); ``wholly_on`` names the party whose
controlled area contains all of it, ``zones_covering`` the zones that cover all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from truce.agreement.spatial import AreaFacts, SpatialIndex
from truce.compliance._areas import InArea, as_geometries, describe_areas, memberships
from truce.compliance._ellipses import distance_range, may_reach_line
from truce.compliance.subject import Subject
from truce.domain.incident import Ellipse

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SubjectFacts:
    distance_m: float | None = None
    min_distance_m: float | None = None
    max_distance_m: float | None = None
    side: str | None = None
    sides: tuple[str, ...] = ()
    wholly_on: str | None = None
    region: str | None = None
    zones_covering: tuple[str, ...] = ()
    zones_intersecting: tuple[str, ...] = ()
    #: Whether the subject lies in the agreement's area (the union of its regions).
    in_area: InArea = "unknown"

    def distance_range(self) -> tuple[float, float] | None:
        if self.min_distance_m is None or self.max_distance_m is None:
            return None
        return (round(self.min_distance_m, 1), round(self.max_distance_m, 1))


UNLOCATED = SubjectFacts()


def compute_facts(index: SpatialIndex, subjects: Sequence[Subject]) -> list[SubjectFacts]:
    """Facts for each subject, in order."""
    out: list[SubjectFacts] = [UNLOCATED] * len(subjects)
    located = [i for i, s in enumerate(subjects) if s.located]
    if not located:
        return out
    lon = np.array([subjects[i].lon for i in located], dtype=float)
    lat = np.array([subjects[i].lat for i in located], dtype=float)
    where = index.locate(lon, lat)
    dist = where.distance_m.tolist()
    described = _areas_of(index, subjects, located, where.distance_m)
    for k, i in enumerate(located):
        d, side, region, zones = dist[k], where.side[k], where.region[k], where.zones[k]
        got = described.get(k)
        if got is None:
            out[i] = SubjectFacts(
                distance_m=d,
                min_distance_m=d,
                max_distance_m=d,
                side=side,
                sides=(side,) if side else (),
                wholly_on=side,
                region=region,
                zones_covering=zones,
                zones_intersecting=zones,
                in_area="no" if region is None else "yes",
            )
            continue
        area, inside = got
        out[i] = SubjectFacts(
            distance_m=d,
            min_distance_m=area.min_distance_m,
            max_distance_m=area.max_distance_m,
            side=side,
            sides=area.sides,
            wholly_on=area.wholly_on,
            region=region,
            zones_covering=area.zones_covering,
            zones_intersecting=area.zones_intersecting,
            in_area=inside,
        )
    return out


def _areas_of(
    index: SpatialIndex, subjects: Sequence[Subject], located: list[int], distance_m: FloatArray
) -> dict[int, tuple[AreaFacts, InArea]]:
    """Area facts of the located subjects that have an area, by position in ``located``:
    measured on the polygon, except the line distances of an ellipse that cannot reach the
    line (from its centre and axes: :func:`~truce.compliance._ellipses.distance_range`)."""
    with_area = [k for k, i in enumerate(located) if subjects[i].area is not None]
    ellipses = [k for k in with_area if subjects[located[k]].ellipse is not None]
    far = set()
    if ellipses:
        a = np.array([_ellipse(subjects[located[k]]).semi_major_m for k in ellipses])
        near = may_reach_line(distance_m[ellipses], a)
        far = {k for k, n in zip(ellipses, near.tolist(), strict=True) if not n}
    polygons = [k for k in with_area if k not in far]
    areas, in_area = describe_areas(index, [subjects[located[k]].area for k in polygons])
    out = dict(zip(polygons, zip(areas, in_area, strict=True), strict=True))
    if far:
        ks = sorted(far)
        chosen = [subjects[located[k]] for k in ks]
        e = [_ellipse(s) for s in chosen]
        lo, hi = distance_range(
            index,
            lon=np.array([s.lon for s in chosen], dtype=float),
            lat=np.array([s.lat for s in chosen], dtype=float),
            distance_m=distance_m[ks],
            semi_major_m=np.array([x.semi_major_m for x in e]),
            semi_minor_m=np.array([x.semi_minor_m for x in e]),
            orientation_deg=np.array([x.orientation_deg for x in e]),
        )
        m = memberships(index, as_geometries([s.area for s in chosen]))
        for j, k in enumerate(ks):
            area = AreaFacts(
                float(lo[j]), float(hi[j]), m.sides[j], m.wholly_on[j],
                m.zones_intersecting[j], m.zones_covering[j],
            )  # fmt: skip
            out[k] = (area, m.in_area[j])
    return out


def _ellipse(subject: Subject) -> Ellipse:
    assert subject.ellipse is not None
    return subject.ellipse
