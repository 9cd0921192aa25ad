"""Fusing what is in the store: the service behind ``truce fuse`` and ``truce incidents``.

Finds the observations no stored incident rests on yet, reads only the time around them
(widening until the time islands they touch are complete: no report's event-time window reaches
more than ``MAX_WINDOW_REACH_S`` beyond its observed window), recomputes those islands
(:func:`truce.fusion.engine.fuse_incremental`) and replaces the affected incidents in one
transaction. A full recompute (``full``, or stored incidents of another algorithm version)
reads everything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import numpy as np

from truce.domain.filters import IncidentFilter
from truce.domain.incident import FUSION_ALGORITHM_VERSION, Incident
from truce.domain.observation import Observation
from truce.domain.page import Page, check_limit, decode_cursor, encode_cursor
from truce.domain.results import FuseReport
from truce.errors import InvalidInput, NotFound
from truce.fusion.association import MAX_WINDOW_REACH_S
from truce.fusion.engine import fuse_incremental, plane_for, touched_span
from truce.services.mission import Mission
from truce.store import Store
from truce.store.fusion_tables import (
    IncidentQuery,
    count_incidents,
    incidents_resting_on,
    load_incidents,
    other_versions,
    query_incidents,
    replace_incidents,
    unfused_observations,
)
from truce.store.locks import DERIVATION_LOCK, exclusive
from truce.store.observations import ObservationQuery, observer_positions

__all__ = ["FuseReport", "IncidentFilter", "fuse", "get_incident", "list_incidents"]


def fuse(*, mission: Mission, full: bool = False, workers: int = 1) -> FuseReport:
    """Fuse new observations (all of them with ``full``) and store the incidents.

    Incidents of another algorithm version are never mixed with new ones: when any stored
    incident has another version, everything is recomputed. ``workers`` > 1 fuses large
    inputs on that many processes (the caller asks; the default forks nothing).
    """
    with exclusive(mission.store.engine, DERIVATION_LOCK):  # one fuse or check at a time
        return _fuse_store(mission.store, full=full, workers=workers)


def _fuse_store(store: Store, *, full: bool, workers: int) -> FuseReport:
    with store.connect() as conn:
        full = full or other_versions(conn, FUSION_ALGORITHM_VERSION)
        new = [] if full else unfused_observations(conn)
    total = store.count_observations()
    if full:
        return _full(store, total, workers)
    if not new:
        with store.connect() as conn:
            n = count_incidents(conn)
        return FuseReport(total, 0, 0, 0, n)
    with store.connect() as conn:
        plane = plane_for(*(np.asarray(v) for v in observer_positions(conn)))
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
        replace_incidents(conn, delete=stale, insert=fresh)
        n = count_incidents(conn)
    return FuseReport(total, len(new), len(stale), len(fresh), n, read=len(obs))


def _read(store: Store, since: float, until: float) -> list[Observation]:
    """Observations whose observed window overlaps [since, until] (epoch seconds)."""
    q = ObservationQuery(
        since=datetime.fromtimestamp(since, UTC), until=datetime.fromtimestamp(until, UTC)
    )
    return list(store.iter_observations(q))


def _full(store: Store, total: int, workers: int) -> FuseReport:
    observations = list(store.iter_observations())
    with store.connect() as conn:
        previous = load_incidents(conn)
    fresh: list[Incident] = []
    if observations:
        ids = [str(o.id) for o in observations]
        _, fresh = fuse_incremental(
            observations=observations, previous=[], new_ids=ids, workers=workers
        )
    with store.begin() as conn:
        replace_incidents(conn, delete=previous, insert=fresh)
    return FuseReport(total, total, len(previous), len(fresh), len(fresh), read=total)


def iter_incidents(*, mission: Mission, filter: IncidentFilter | None = None) -> list[Incident]:
    """Every matching incident, in (window start, id) order."""
    with mission.store.connect() as conn:
        return query_incidents(conn, _query(filter or IncidentFilter()))


def _query(f: IncidentFilter, **kw: object) -> IncidentQuery:
    return IncidentQuery(
        since=None if f.since is None else f.since.astimezone(UTC),
        until=None if f.until is None else f.until.astimezone(UTC),
        kinds=tuple(k.value for k in f.kinds),
        bbox=f.bbox,
        **kw,  # type: ignore[arg-type]
    )


def list_incidents(
    *,
    mission: Mission,
    filter: IncidentFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Incident]:
    """One page of matching incidents, in (window start, id) order."""
    size = check_limit(limit)
    after = None
    if cursor is not None:
        start, ident = decode_cursor(cursor, size=2)
        try:
            after = (datetime.fromisoformat(start).astimezone(UTC), str(UUID(ident)))
        except (TypeError, ValueError):
            raise InvalidInput(f"cursor: not a cursor of this listing: {cursor[:40]!r}") from None
    with mission.store.connect() as conn:
        found = query_incidents(
            conn, _query(filter or IncidentFilter(), after=after, limit=size + 1)
        )
    items = tuple(found[:size])
    more = len(found) > size
    last = items[-1] if items else None
    next_cursor = (
        encode_cursor([last.window.start.astimezone(UTC).isoformat(), str(last.id)])
        if more and last
        else None
    )
    return Page(items, next_cursor)


def get_incident(*, mission: Mission, incident_id: str | UUID) -> Incident:
    """One stored incident; raises :class:`~truce.errors.NotFound`."""
    with mission.store.connect() as conn:
        found = query_incidents(conn, IncidentQuery(ids=(str(incident_id),)))
    if not found:
        raise NotFound(f"no incident {incident_id}")
    return found[0]
