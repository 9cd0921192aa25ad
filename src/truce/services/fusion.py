"""Fusing what is in the store: the service behind ``truce fuse`` and ``truce incidents``.

Finds the observations no stored incident rests on yet, reads only the time around them
(widening until the time islands they touch are complete: no report's event-time window reaches
more than ``MAX_WINDOW_REACH_S`` beyond its observed window), recomputes those islands
(:func:`truce.fusion.engine.fuse_incremental`) and replaces the affected incidents in one
transaction. A full recompute (``full``, or stored incidents of another algorithm version)
reads everything. Every fuse measures in the mission's plane, pinned by its first fuse
(:func:`plane_of`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import numpy as np
from sqlalchemy import Connection

from truce.domain.filters import IncidentFilter
from truce.domain.incident import FUSION_ALGORITHM_VERSION, Incident
from truce.domain.observation import Observation
from truce.domain.page import Page, check_limit, decode_cursor, encode_cursor
from truce.domain.results import FuseReport
from truce.errors import InvalidInput, NotFound
from truce.fusion.association import MAX_WINDOW_REACH_S
from truce.fusion.engine import fuse_incremental, plane_for, touched_span
from truce.geo.projection import LocalPlane
from truce.services.mission import Mission
from truce.services.regions import RegionSelection, select_regions
from truce.store import Store
from truce.store.fusion_tables import (
    IncidentQuery,
    count_incidents,
    incidents_resting_on,
    load_incidents,
    other_versions,
    pin_plane,
    pinned_plane,
    query_incident_records,
    query_incidents,
    replace_incidents,
    unfused_observations,
)
from truce.store.locks import DERIVATION_LOCK, exclusive
from truce.store.observations import ObservationQuery, observer_positions

__all__ = [
    "FuseReport",
    "IncidentFilter",
    "fuse",
    "get_incident",
    "list_incident_records",
    "list_incidents",
    "plane_of",
]


def fuse(*, mission: Mission, full: bool = False, workers: int = 1) -> FuseReport:
    """Fuse new observations (all of them with ``full``) and store the incidents.

    Incidents of another algorithm version are never mixed with new ones: when any stored
    incident has another version, everything is recomputed. ``workers`` > 1 fuses large
    inputs on that many processes (the caller asks; the default forks nothing).
    """
    with exclusive(mission.store.engine, DERIVATION_LOCK):  # one fuse or check at a time
        return _fuse_store(mission.store, full=full, workers=workers)


def plane_of(conn: Connection) -> LocalPlane:
    """The plane the mission's incidents are measured in: pinned by the first fuse (one whole
    degree near the observers' median then, :func:`truce.fusion.engine.default_plane`), or the
    one the next fuse would pin. Chosen again at every fuse, it moved when new observations
    shifted the median past half a degree, and older incidents were then measured in another
    plane than a full recompute uses."""
    pinned = pinned_plane(conn)
    if pinned is not None:
        return LocalPlane(*pinned)
    return plane_for(*(np.asarray(v, float) for v in observer_positions(conn)))


def _pin(conn: Connection, plane: LocalPlane) -> None:
    if pinned_plane(conn) is None:
        pin_plane(conn, plane.lon0, plane.lat0)


def _fuse_store(store: Store, *, full: bool, workers: int) -> FuseReport:
    with store.connect() as conn:
        full = full or other_versions(conn, FUSION_ALGORITHM_VERSION)
        new = [] if full else unfused_observations(conn)
        plane = plane_of(conn)
    total = store.count_observations()
    if full:
        return _full(store, total, workers, plane)
    if not new:
        with store.connect() as conn:
            n = count_incidents(conn)
        return FuseReport(total, 0, 0, 0, n)
    new_ids = [i for i, _, _ in new]
    lo, hi = min(s for _, s, _ in new), max(e for _, _, e in new)
    while True:
        obs = _read(store, lo - MAX_WINDOW_REACH_S, hi + MAX_WINDOW_REACH_S)
        span = touched_span(obs, new_ids, plane=plane)
        assert span is not None  # the new observations were read
        if span[0] >= lo and span[1] <= hi:
            break  # nothing unread can reach the touched islands
        lo, hi = min(lo, span[0]), max(hi, span[1])
    with store.connect() as conn:
        previous = incidents_resting_on(conn, [str(o.id) for o in obs])
    stale, fresh = fuse_incremental(
        observations=obs, previous=previous, new_ids=new_ids, plane=plane, workers=workers
    )
    with store.begin() as conn:
        _pin(conn, plane)
        replace_incidents(conn, delete=stale, insert=fresh)
        n = count_incidents(conn)
    return FuseReport(total, len(new), len(stale), len(fresh), n, read=len(obs))


def _read(store: Store, since: float, until: float) -> list[Observation]:
    """Observations whose observed window overlaps [since, until] (epoch seconds)."""
    q = ObservationQuery(
        since=datetime.fromtimestamp(since, UTC), until=datetime.fromtimestamp(until, UTC)
    )
    return list(store.iter_observations(q))


def _full(store: Store, total: int, workers: int, plane: LocalPlane) -> FuseReport:
    observations = list(store.iter_observations())
    with store.connect() as conn:
        previous = load_incidents(conn)
    fresh: list[Incident] = []
    if observations:
        ids = [str(o.id) for o in observations]
        _, fresh = fuse_incremental(
            observations=observations, previous=[], new_ids=ids, plane=plane, workers=workers
        )
    with store.begin() as conn:
        if observations:
            _pin(conn, plane)
        replace_incidents(conn, delete=previous, insert=fresh)
    return FuseReport(total, total, len(previous), len(fresh), len(fresh), read=total)


def iter_incidents(*, mission: Mission, filter: IncidentFilter | None = None) -> list[Incident]:
    """Every matching incident, in (window start, id) order."""
    f = filter or IncidentFilter()
    sel = select_regions(mission=mission, regions=f.regions)
    with mission.store.connect() as conn:
        found = query_incidents(conn, _query(f, sel))
    return _in_regions(found, sel)


def _in_regions(found: list[Incident], sel: RegionSelection | None) -> list[Incident]:
    """The incidents inside the selected regions' outlines (the store filtered their box)."""
    if sel is None:
        return found
    keep = sel.keeps([i.lon for i in found], [i.lat for i in found])
    return [i for i, k in zip(found, keep, strict=True) if k]


def _query(f: IncidentFilter, sel: RegionSelection | None = None, **kw: object) -> IncidentQuery:
    released = f.released
    return IncidentQuery(
        since=None if f.since is None else f.since.astimezone(UTC),
        until=None if f.until is None else f.until.astimezone(UTC),
        kinds=tuple(k.value for k in f.kinds),
        bbox=f.bbox if sel is None else sel.narrow(f.bbox),
        ended_by=None if released is None else released.ended_by.timestamp(),
        start_in=None
        if released is None
        else tuple((a.timestamp(), b.timestamp()) for a, b in released.periods),
        **kw,  # type: ignore[arg-type]
    )


def _after(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None:
        return None
    start, ident = decode_cursor(cursor, size=2)
    try:
        return datetime.fromisoformat(start).astimezone(UTC), str(UUID(ident))
    except (TypeError, ValueError):
        raise InvalidInput(f"cursor: not a cursor of this listing: {cursor[:40]!r}") from None


def _cursor(start: datetime, ident: str) -> str:
    return encode_cursor([start.astimezone(UTC).isoformat(), ident])


def list_incidents(
    *,
    mission: Mission,
    filter: IncidentFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Incident]:
    """One page of matching incidents, in (window start, id) order."""
    size = check_limit(limit)
    f = filter or IncidentFilter()
    sel = select_regions(mission=mission, regions=f.regions)
    after = _after(cursor)
    found: list[Incident] = []
    with mission.store.connect() as conn:
        while len(found) <= size:  # the store filters all but a region's exact outline
            batch = query_incidents(conn, _query(f, sel, after=after, limit=size + 1))
            found += _in_regions(batch, sel)
            if len(batch) <= size:
                break
            after = (batch[-1].window.start, str(batch[-1].id))
    items = tuple(found[:size])
    last = items[-1] if len(found) > size else None
    return Page(items, None if last is None else _cursor(last.window.start, str(last.id)))


def list_incident_records(
    *,
    mission: Mission,
    filter: IncidentFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[dict[str, Any]]:
    """:func:`list_incidents` as JSON records (``Incident.model_dump(mode="json")``), read
    as stored without building a model of each (the API's listings: a page of 100 incidents
    cost 35 ms in validating and dumping models again); same order and cursors."""
    if filter is not None and filter.regions:  # a region's outline needs the located records
        page = list_incidents(mission=mission, filter=filter, limit=limit, cursor=cursor)
        return Page(tuple(i.model_dump(mode="json") for i in page.items), page.next_cursor)
    size = check_limit(limit)
    query = _query(filter or IncidentFilter(), after=_after(cursor), limit=size + 1)
    with mission.store.connect() as conn:
        found = query_incident_records(conn, query)
    items = tuple(json.loads(record) for _, _, record in found[:size])
    if len(found) <= size or not items:
        return Page(items, None)
    last = items[-1]
    return Page(items, _cursor(datetime.fromisoformat(last["window"]["start"]), str(last["id"])))


def get_incident(*, mission: Mission, incident_id: str | UUID) -> Incident:
    """One stored incident; raises :class:`~truce.errors.NotFound`."""
    with mission.store.connect() as conn:
        found = query_incidents(conn, IncidentQuery(ids=(str(incident_id),)))
    if not found:
        raise NotFound(f"no incident {incident_id}")
    return found[0]
