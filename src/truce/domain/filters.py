"""Filters of the listings (observations, incidents, violations): validated values only.

Enumerated filters take the enums of :mod:`truce.domain.vocabulary` and
:mod:`truce.domain.violation`, so that an edge that parses them (``--kind``, ``?kind=``)
rejects an unknown value with the list of valid ones instead of returning nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from truce.domain.violation import DecisionStatus, Outcome
from truce.domain.vocabulary import EventKind, SourceType
from truce.errors import InvalidInput

#: (west, south, east, north) in WGS84 degrees, edges included.
BBox = tuple[float, float, float, float]

E = TypeVar("E", bound=StrEnum)


def enum_values(cls: type[E], values: Iterable[str], *, name: str) -> tuple[E, ...]:
    """``values`` as members of ``cls``; an unknown one is an error listing the valid ones."""
    out = []
    for v in values:
        try:
            out.append(cls(v))
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise InvalidInput(f"{name}: {v!r} is not one of: {valid}") from None
    return tuple(out)


def _check_times(since: datetime | None, until: datetime | None) -> None:
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise InvalidInput(f"{name}: must include a UTC offset")
    if since is not None and until is not None and until < since:
        raise InvalidInput("until: must not be before since")


def _check_bbox(bbox: BBox | None) -> None:
    if bbox is None:
        return
    west, south, east, north = bbox
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput(
            "bbox: expected WEST,SOUTH,EAST,NORTH in degrees with WEST <= EAST, SOUTH <= NORTH"
        )


@dataclass(frozen=True, slots=True)
class Release:
    """What the public view holds (issue 14, item 3), as a filter the store applies in its
    query, so that a page of a listing is full: records whose time window ends at or before
    ``ended_by`` and starts inside one of the published ``periods`` ([start, end) each; none:
    nothing is released). :func:`truce.services.access.view_incident` and the other views
    still decide on each record; this only keeps the others out of the page."""

    ended_by: datetime
    periods: tuple[tuple[datetime, datetime], ...] = ()


@dataclass(frozen=True, slots=True)
class ObservationFilter:
    """Observations whose time window overlaps [since, until], of the given kinds, sources,
    source types and inside ``bbox``; an empty tuple or ``None`` means no filter.

    With ``released``, only ``public`` observations in the public view, and with
    ``or_submitted_by`` also that principal's own submissions.
    """

    since: datetime | None = None
    until: datetime | None = None
    kinds: tuple[EventKind, ...] = ()
    source_ids: tuple[str, ...] = ()
    source_types: tuple[SourceType, ...] = ()
    bbox: BBox | None = None
    released: Release | None = None
    or_submitted_by: str | None = None

    def __post_init__(self) -> None:
        _check_times(self.since, self.until)
        _check_bbox(self.bbox)
        object.__setattr__(self, "kinds", enum_values(EventKind, self.kinds, name="kind"))
        types = enum_values(SourceType, self.source_types, name="source_type")
        object.__setattr__(self, "source_types", types)


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Incidents whose window overlaps [since, until], of the given kinds, inside ``bbox`` and
    in one of ``regions`` (agreement region ids, or ``other``: outside every region); with
    ``released``, only those in the public view."""

    since: datetime | None = None
    until: datetime | None = None
    kinds: tuple[EventKind, ...] = ()
    bbox: BBox | None = None
    released: Release | None = None
    regions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_times(self.since, self.until)
        _check_bbox(self.bbox)
        object.__setattr__(self, "kinds", enum_values(EventKind, self.kinds, name="kind"))


@dataclass(frozen=True, slots=True)
class ViolationFilter:
    """Violations whose time overlaps [since, until], by clause, clause type, outcome, decision
    status (``detected``: no decision yet), inside ``bbox`` and in one of ``regions`` (the
    region of their facts; ``other``: outside every region)."""

    since: datetime | None = None
    until: datetime | None = None
    clause_ids: tuple[str, ...] = ()
    clause_types: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    statuses: tuple[DecisionStatus | str, ...] = ()
    bbox: BBox | None = None
    regions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_times(self.since, self.until)
        _check_bbox(self.bbox)
        object.__setattr__(self, "outcomes", enum_values(Outcome, self.outcomes, name="outcome"))
        for s in self.statuses:
            if s != "detected" and s not in set(DecisionStatus):
                valid = ", ".join(["detected", *DecisionStatus])
                raise InvalidInput(f"status: {s!r} is not one of: {valid}")
