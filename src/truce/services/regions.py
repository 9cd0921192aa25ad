"""Selecting records by the agreement's regions (``--region``): one rule for every listing.

A record belongs to the region (the agreement's ``regions`` layer, latest version) that
contains its location, as the reports count them (:class:`truce.reports.coverage.Regions`:
the first region listed wins); a record outside every region belongs to ``other``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shapely.geometry import shape

from truce.errors import InvalidInput
from truce.reports.coverage import OTHER, Regions
from truce.services.mission import Mission

BBox = tuple[float, float, float, float]

__all__ = ["OTHER", "RegionSelection", "select_regions"]


@dataclass(frozen=True)
class RegionSelection:
    """The regions asked for, and the box around them (``None``: ``other`` is among them)."""

    ids: frozenset[str]
    bbox: BBox | None
    regions: Regions

    def narrow(self, bbox: BBox | None) -> BBox | None:
        """``bbox`` intersected with the regions' box (what the store can filter on)."""
        if self.bbox is None:
            return bbox
        if bbox is None:
            return self.bbox
        w, s, e, n = (max(bbox[0], self.bbox[0]), max(bbox[1], self.bbox[1]),
                      min(bbox[2], self.bbox[2]), min(bbox[3], self.bbox[3]))  # fmt: skip
        return (w, s, max(w, e), max(s, n)) if w <= e and s <= n else (w, s, w, s)

    def keeps(self, lon: Sequence[float], lat: Sequence[float]) -> list[bool]:
        """Whether each point lies in one of the selected regions."""
        if not lon:
            return []
        return [r in self.ids for r in self.regions.of(list(lon), list(lat))]


def select_regions(*, mission: Mission, regions: Sequence[str]) -> RegionSelection | None:
    """The selection of ``regions`` (ids of the installed agreement, or ``other``), or ``None``
    when no region is asked for. An unknown id is an error listing the valid ones."""
    if not regions:
        return None
    latest = mission.agreement.latest
    known = Regions(latest)
    for r in regions:
        if r not in known.keys:
            raise InvalidInput(f"--region: {r!r} is not one of: {', '.join(known.keys)}")
    ids = frozenset(regions)
    bbox: BBox | None = None
    if OTHER not in ids:
        bounds = [shape(a.geometry).bounds for a in latest.regions if a.region in ids]
        bbox = (min(b[0] for b in bounds), min(b[1] for b in bounds),
                max(b[2] for b in bounds), max(b[3] for b in bounds))  # fmt: skip
    return RegionSelection(ids=ids, bbox=bbox, regions=known)
