"""Geometric facts about subjects, computed once per subject and shared by every clause.

Point subjects are measured together, vectorised (:class:`~truce.agreement.spatial.SpatialIndex`),
and so are area subjects (sectors, ellipses, accuracy discs: :mod:`truce.compliance._areas`).
For an area, ``distance_m`` is that of its representative point and ``min/max`` span the
area; ``wholly_on`` names the party whose controlled area contains all of it,
``zones_covering`` the zones that cover all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from truce.agreement.spatial import SpatialIndex
from truce.compliance._areas import InArea, describe_areas
from truce.compliance.subject import Subject


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
    with_area = [k for k, i in enumerate(located) if subjects[i].area is not None]
    areas, in_area = describe_areas(index, [subjects[located[k]].area for k in with_area])
    described = dict(zip(with_area, zip(areas, in_area, strict=True), strict=True))
    dist = where.distance_m.tolist()
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
