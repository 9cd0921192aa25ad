"""Reading and writing observation rows. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, select

from truce.store.tables import OBSERVATION_INSERT_COLUMNS, observations

#: SQLite allows 32766 bound parameters; stay well below for ``IN (...)`` lookups.
_LOOKUP_CHUNK = 900

#: Row values of an observation without ``received_ts`` and ``leaf_index`` (added on insert).
PreparedRow = tuple[
    str, str, str, str, str, str | None, float, float, float, float, int | None, str
]
#: Row values followed by the offset of the row's leaf from the first leaf of its batch.
BlockRow = tuple[
    str, str, str, str, str, str | None, float, float, float, float, int | None, str, int
]
#: A full insert tuple, in ``OBSERVATION_INSERT_COLUMNS`` order.
ObservationRow = tuple[
    str, str, str, str, str, str | None, float, float, float, float, int | None, str, float, int
]


def insert_rows(conn: Connection, rows: Sequence[ObservationRow]) -> None:
    """Insert rows with one DBAPI ``executemany`` (COPY on PostgreSQL)."""
    if not rows:
        return
    cols = ", ".join(OBSERVATION_INSERT_COLUMNS)
    if conn.dialect.name == "postgresql":
        _copy(conn, rows)
        return
    marks = ", ".join("?" for _ in OBSERVATION_INSERT_COLUMNS)
    conn.exec_driver_sql(f"INSERT INTO observations ({cols}) VALUES ({marks})", list(rows))


def insert_block(
    conn: Connection, rows: Sequence[BlockRow], *, first_leaf: int, received_ts: float
) -> None:
    """Insert rows whose last value is their leaf's offset from ``first_leaf``.

    On SQLite the rows go to ``executemany`` as they are (the batch's receive time and first
    leaf are part of the statement), so the writing process does no per-row work; on
    PostgreSQL they are completed and sent with COPY.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy(conn, [(*row[:-1], received_ts, first_leaf + row[-1]) for row in rows])
        return
    cols = ", ".join(OBSERVATION_INSERT_COLUMNS)
    marks = ", ".join("?" for _ in OBSERVATION_INSERT_COLUMNS[:-2])
    values = f"{marks}, {float(received_ts)!r}, {int(first_leaf)} + ?"
    conn.exec_driver_sql(f"INSERT INTO observations ({cols}) VALUES ({values})", rows)


def _copy(conn: Connection, rows: Sequence[ObservationRow]) -> None:
    cols = ", ".join(OBSERVATION_INSERT_COLUMNS)
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cur, cur.copy(f"COPY observations ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def existing_contents(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """The stored canonical content of each of ``ids`` that is already stored."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, str] = {}
    if conn.dialect.name == "postgresql":
        sql = "SELECT id, content FROM observations WHERE id = ANY(%s)"
        found.update((str(r[0]), str(r[1])) for r in conn.exec_driver_sql(sql, (wanted,)))
        return found
    for i in range(0, len(wanted), _LOOKUP_CHUNK):
        chunk = wanted[i : i + _LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, content FROM observations WHERE id IN ({marks})"
        found.update((str(r[0]), str(r[1])) for r in conn.exec_driver_sql(sql, tuple(chunk)))
    return found


@dataclass(frozen=True, slots=True)
class ObservationQuery:
    """Filters for listing observations; ``None`` means no filter.

    ``since``/``until`` select observations whose time window overlaps [since, until].
    ``bbox`` is (west, south, east, north) in WGS84 degrees, edges included.
    """

    since: datetime | None = None
    until: datetime | None = None
    kinds: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    source_types: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    limit: int | None = None
    #: Only rows accepted after the row with this ``seq`` (keyset pagination).
    after_seq: int | None = None


def _select(query: ObservationQuery) -> Select[Any]:
    c = observations.c
    conds = []
    if query.since is not None:
        conds.append(c.end_ts >= query.since.timestamp())
    if query.until is not None:
        conds.append(c.start_ts <= query.until.timestamp())
    if query.kinds:
        conds.append(c.kind.in_(query.kinds))
    if query.source_ids:
        conds.append(c.source_id.in_(query.source_ids))
    if query.source_types:
        conds.append(c.source_type.in_(query.source_types))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        conds.append(and_(c.lon >= west, c.lon <= east, c.lat >= south, c.lat <= north))
    if query.after_seq is not None:
        conds.append(c.seq > query.after_seq)
    stmt = select(c.seq, c.content).where(*conds).order_by(c.seq)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    return stmt


def iter_contents(conn: Connection, query: ObservationQuery) -> Iterator[str]:
    """Canonical JSON of each matching observation, in the order they were accepted."""
    for _, content in iter_rows(conn, query):
        yield content


def iter_rows(conn: Connection, query: ObservationQuery) -> Iterator[tuple[int, str]]:
    """``(seq, canonical JSON)`` of each matching observation, in the order they were accepted."""
    result = conn.execution_options(stream_results=True, yield_per=5000).execute(_select(query))
    for row in result:
        yield int(row[0]), str(row[1])


def content_of(conn: Connection, observation_id: str) -> str | None:
    """The stored canonical JSON of one observation, or ``None``."""
    row = conn.execute(
        select(observations.c.content).where(observations.c.id == observation_id)
    ).first()
    return None if row is None else str(row[0])


def observer_positions(conn: Connection) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of every stored observation's source (two columns only)."""
    rows = conn.execute(select(observations.c.lon, observations.c.lat)).all()
    return [float(r[0]) for r in rows], [float(r[1]) for r in rows]
