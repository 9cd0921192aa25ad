"""Tables of fused incidents: derived records, recomputable from the observations.

* ``incidents``: one row per incident; the full Incident JSON in ``record`` plus the columns
  one filters on (time, kind, location, count).
* ``incident_observations``: which observations each incident rests on; an observation in no
  row here has not been fused yet (``truce fuse`` fuses only what is new).
* ``fusion_plane``: the plane every incident of the mission is measured in, pinned by the first
  fuse (one row), so later fuses never move it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Float,
    Index,
    Integer,
    Select,
    String,
    Table,
    Text,
    and_,
    false,
    func,
    insert,
    or_,
    select,
)

from truce.domain.incident import Incident
from truce.store.tables import metadata, observations

#: Ids per ``IN (...)`` list (SQLite allows 32,766 parameters; PostgreSQL 65,535).
_CHUNK = 500

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("algorithm_version", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    #: The incident's window, UTC epoch seconds.
    Column("start", Float, nullable=False),
    Column("end", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("count_total", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("record", Text, nullable=False),
)
Index("ix_incidents_start", incidents.c.start)
#: The longest incident window, read in O(log n): it bounds the ``start`` of the incidents
#: that can overlap a time range, so a range query walks ``ix_incidents_start`` only there.
Index("ix_incidents_span", incidents.c.end - incidents.c.start)

fusion_plane = Table(
    "fusion_plane",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("lon0", Float, nullable=False),
    Column("lat0", Float, nullable=False),
)


def pinned_plane(conn: Connection) -> tuple[float, float] | None:
    """The mission's fusion plane centre (lon0, lat0), or None before the first fuse."""
    row = conn.execute(
        select(fusion_plane.c.lon0, fusion_plane.c.lat0).where(fusion_plane.c.id == 1)
    ).first()
    return None if row is None else (float(row.lon0), float(row.lat0))


def pin_plane(conn: Connection, lon0: float, lat0: float) -> None:
    """Pin the fusion plane (in the caller's write transaction); only once."""
    conn.execute(insert(fusion_plane).values(id=1, lon0=lon0, lat0=lat0))


incident_observations = Table(
    "incident_observations",
    metadata,
    Column("observation_id", String(36), primary_key=True),
    Column("incident_id", String(36), nullable=False),
)
Index("ix_incident_observations_incident", incident_observations.c.incident_id)


def load_incidents(conn: Connection) -> list[Incident]:
    """Every stored incident, in (start, id) order."""
    rows = conn.execute(select(incidents.c.record).order_by(incidents.c.start, incidents.c.id))
    return [Incident.model_validate_json(r[0]) for r in rows]


def other_versions(conn: Connection, version: str) -> bool:
    """Whether any stored incident was fused by an algorithm version other than ``version``."""
    q = select(incidents.c.id).where(incidents.c.algorithm_version != version).limit(1)
    return conn.execute(q).first() is not None


def count_incidents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(incidents)).scalar_one())


def unfused_observations(conn: Connection) -> list[tuple[str, float, float]]:
    """(id, start, end epoch seconds) of every observation no stored incident rests on."""
    o, io = observations, incident_observations
    q = (
        select(o.c.id, o.c.start_ts, o.c.end_ts)
        .select_from(o.outerjoin(io, io.c.observation_id == o.c.id))
        .where(io.c.observation_id.is_(None))
    )
    return [(str(r[0]), float(r[1]), float(r[2])) for r in conn.execute(q)]


def incidents_resting_on(conn: Connection, observation_ids: Sequence[str]) -> list[Incident]:
    """The stored incidents that rest on any of ``observation_ids``."""
    found: set[str] = set()
    for k in range(0, len(observation_ids), _CHUNK):
        chunk = list(observation_ids[k : k + _CHUNK])
        q = select(incident_observations.c.incident_id).where(
            incident_observations.c.observation_id.in_(chunk)
        )
        found.update(str(r[0]) for r in conn.execute(q))
    ids = sorted(found)
    out: list[Incident] = []
    for k in range(0, len(ids), _CHUNK):
        q = select(incidents.c.record).where(incidents.c.id.in_(ids[k : k + _CHUNK]))
        out.extend(Incident.model_validate_json(r[0]) for r in conn.execute(q))
    return out


def replace_incidents(
    conn: Connection, *, delete: Sequence[Incident], insert: Sequence[Incident]
) -> None:
    """Delete ``delete`` and insert ``insert`` (with their observation links), in ``conn``'s
    transaction."""
    stale = [str(i.id) for i in delete]
    for k in range(0, len(stale), _CHUNK):
        chunk = stale[k : k + _CHUNK]
        conn.execute(
            incident_observations.delete().where(incident_observations.c.incident_id.in_(chunk))
        )
        conn.execute(incidents.delete().where(incidents.c.id.in_(chunk)))
    if not insert:
        return
    conn.execute(
        incidents.insert(),
        [
            {
                "id": str(i.id),
                "algorithm_version": i.algorithm_version,
                "kind": i.kind.value,
                "start": i.window.start.timestamp(),
                "end": i.window.end.timestamp(),
                "lon": i.lon,
                "lat": i.lat,
                "count_total": i.counts.total,
                "n_sources": i.n_sources,
                "record": i.model_dump_json(),
            }
            for i in insert
        ],
    )
    conn.execute(
        incident_observations.insert(),
        [
            {"observation_id": str(o), "incident_id": str(i.id)}
            for i in insert
            for o in i.observation_ids
        ],
    )


#: Slack of the release bounds in the query (seconds): the view's exact test on each record
#: (datetimes from its JSON) decides at a boundary; the query must not drop what it keeps.
_SLACK_S = 1e-3


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    """Incidents whose window overlaps [since, until], of ``kinds``, inside ``bbox``, after the
    (start, id) key ``after``, at most ``limit``; in (start, id) order.

    ``ended_by`` and ``start_in`` (epoch seconds) keep the public view's records only: the
    window ends by ``ended_by`` and starts in one of the [start, end) ranges of ``start_in``
    (an empty tuple: none).
    """

    since: datetime | None = None
    until: datetime | None = None
    kinds: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    after: tuple[datetime, str] | None = None
    limit: int | None = None
    ids: tuple[str, ...] = ()
    ended_by: float | None = None
    start_in: tuple[tuple[float, float], ...] | None = None


def _released(query: IncidentQuery) -> list[ColumnElement[bool]]:
    c = incidents.c
    conds: list[ColumnElement[bool]] = []
    if query.ended_by is not None:
        conds.append(c.end <= query.ended_by + _SLACK_S)
    if query.start_in is not None:
        if not query.start_in:
            return [false()]
        lo, hi = min(a for a, _ in query.start_in), max(b for _, b in query.start_in)
        conds += [c.start >= lo - _SLACK_S, c.start < hi + _SLACK_S]  # an index range
        conds.append(
            or_(*(and_(c.start >= a - _SLACK_S, c.start < b + _SLACK_S) for a, b in query.start_in))
        )
    return conds


def _incident_select(query: IncidentQuery, *columns: ColumnElement[Any]) -> Select[Any]:
    c = incidents.c
    conds = _released(query)
    if query.since is not None:
        since = query.since.timestamp()
        longest = select(func.coalesce(func.max(c.end - c.start), 0.0)).scalar_subquery()
        conds += [c.end >= since, c.start >= since - longest - _SLACK_S]
    if query.until is not None:
        conds.append(c.start <= query.until.timestamp())
    if query.kinds:
        conds.append(c.kind.in_(query.kinds))
    if query.ids:
        conds.append(c.id.in_(query.ids))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        conds.append(and_(c.lon >= west, c.lon <= east, c.lat >= south, c.lat <= north))
    if query.after is not None:
        start, ident = query.after
        ts = start.timestamp()
        conds.append(or_(c.start > ts, and_(c.start == ts, c.id > ident)))
    stmt = select(*columns).where(*conds).order_by(c.start, c.id)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    return stmt


def query_incidents(conn: Connection, query: IncidentQuery) -> list[Incident]:
    """The incidents matching ``query``."""
    stmt = _incident_select(query, incidents.c.record)
    return [Incident.model_validate_json(r[0]) for r in conn.execute(stmt)]


def query_incident_records(conn: Connection, query: IncidentQuery) -> list[tuple[float, str, str]]:
    """``(start, id, stored JSON)`` of the incidents matching ``query``, unparsed (a listing
    reads the JSON as it was stored by :func:`replace_incidents`, without a model)."""
    c = incidents.c
    stmt = _incident_select(query, c.start, c.id, c.record)
    return [(float(r[0]), str(r[1]), str(r[2])) for r in conn.execute(stmt)]
