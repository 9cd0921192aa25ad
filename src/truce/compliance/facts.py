"""Geometric facts about subjects, computed once per subject and shared by every clause.

Point subjects are measured together, vectorised (:class:`~truce.agreement.spatial.SpatialIndex`);
area subjects (sectors, ellipses, accuracy discs) one by one. For an area, ``distance_m`` is that
of its representative point and ``min/max`` span the area; ``wholly_on`` names the party whose
controlled area contains all of it, ``zones_covering`` the zones that cover all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from truce.agreement.spatial import SpatialIndex
from truce.compliance.subject import Subject

InArea = Literal["yes", "no", "partly", "unknown"]


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
    regions = index.regions
    for k, i in enumerate(located):
        s = subjects[i]
        d = float(where.distance_m[k])
        if s.area is None:
            side = where.side[k]
            out[i] = SubjectFacts(
                distance_m=d,
                min_distance_m=d,
                max_distance_m=d,
                side=side,
                sides=(side,) if side else (),
                wholly_on=side,
                region=where.region[k],
                zones_covering=where.zones[k],
                zones_intersecting=where.zones[k],
                in_area="no" if where.region[k] is None else "yes",
            )
            continue
        area = index.describe_area(s.area)
        in_regions = [g for g in regions.geoms if g.intersects(s.area)]
        covered = any(g.covers(s.area) for g in in_regions) or (
            len(in_regions) > 1 and _union_covers(in_regions, s.area)
        )
        out[i] = SubjectFacts(
            distance_m=d,
            min_distance_m=area.min_distance_m,
            max_distance_m=area.max_distance_m,
            side=where.side[k],
            sides=area.sides,
            wholly_on=area.wholly_on,
            region=where.region[k],
            zones_covering=area.zones_covering,
            zones_intersecting=area.zones_intersecting,
            in_area="yes" if covered else ("partly" if in_regions else "no"),
        )
    return out


def _union_covers(geoms: list[object], area: object) -> bool:
    import shapely

    return bool(shapely.union_all(geoms).covers(area))
