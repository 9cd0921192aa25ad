"""Reading and writing observation rows, each with its ledger leaf. Callers own the transaction."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, false, or_, select
from sqlalchemy.exc import IntegrityError

from truce.domain.intake import ObservationRow, PreparedBlock
from truce.domain.ledger_kinds import LedgerKind
from truce.store.ledger import append_hashed, current_tree
from truce.store.tables import OBSERVATION_INSERT_COLUMNS, observations

#: SQLite allows 32766 bound parameters; stay well below for ``IN (...)`` lookups.
_LOOKUP_CHUNK = 900

#: The observation kind of ledger leaf.
_KIND = LedgerKind.OBSERVATION


def _insert_block(
    conn: Connection, rows: Sequence[ObservationRow], *, first_leaf: int, received_ts: float
) -> None:
    """Insert prepared rows; a row's leaf index is ``first_leaf`` + its ``leaf_offset``.

    On SQLite the rows go to ``executemany`` as they are (the batch's receive time and first
    leaf are part of the statement), so the writing process does no per-row work; on
    PostgreSQL they are completed and sent with COPY.
    """
    if not rows:
        return
    cols = ", ".join(OBSERVATION_INSERT_COLUMNS)
    if conn.dialect.name == "postgresql":
        dbapi = conn.connection.driver_connection
        assert dbapi is not None
        with dbapi.cursor() as cur, cur.copy(f"COPY observations ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row[:-1], received_ts, first_leaf + row.leaf_offset))
        return
    marks = ", ".join("?" for _ in OBSERVATION_INSERT_COLUMNS[:-2])
    values = f"{marks}, {float(received_ts)!r}, {int(first_leaf)} + ?"
    conn.exec_driver_sql(f"INSERT INTO observations ({cols}) VALUES ({values})", rows)


@dataclass
class Inserted:
    """What :func:`insert_observations` did with a block: positions (in the block) of the
    records stored, of the duplicates and of the conflicts."""

    stored: list[int]
    duplicates: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)


def insert_observations(
    conn: Connection, block: PreparedBlock, *, expect_new: bool = True
) -> Inserted:
    """Store the new records of ``block`` with their ledger leaves, in ``conn``'s transaction.

    A record already stored with the same content is a duplicate; with other content, a
    conflict (nothing is written for either). With ``expect_new`` (most blocks of an import
    are all new) the block is written straight away: on SQLite without a savepoint (in a long
    SQLite transaction a savepoint copies every index page the block touches, 9 us per record
    at 1M rows): rows first, numbered from the current tree size, and on a duplicate id the
    block's rows (above the last ``seq``) are deleted; on PostgreSQL inside a savepoint. If a
    record of it turns out to be stored already, the block is stored record by record against
    what the database holds. The caller passes ``expect_new=False`` for the next blocks after
    one that held stored records (a re-import of a file stays cheap), and ``True`` again when
    a block had none.
    """
    if not block.ids:
        return Inserted([])
    if expect_new and _insert_new(conn, block):
        return Inserted(list(range(len(block.ids))))
    return _insert_checked(conn, block)


def _insert_new(conn: Connection, block: PreparedBlock) -> bool:
    """Write a block of records believed new; ``False`` (nothing written) if one was stored."""
    duplicate = (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError)
    if conn.dialect.name == "sqlite":
        first = current_tree(conn).size
        last = conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM observations").scalar()
        try:
            _insert_block(conn, block.rows, first_leaf=first, received_ts=time.time())
        except duplicate:
            conn.exec_driver_sql("DELETE FROM observations WHERE seq > ?", (last,))
            return False
        leaves = append_hashed(
            conn, kind=_KIND, record_ids=block.ids, leaf_hashes=block.leaf_hashes
        )
        assert leaves.start == first  # the write lock is held: nobody appended since
        return True
    try:
        with conn.begin_nested():
            leaves = append_hashed(
                conn, kind=_KIND, record_ids=block.ids, leaf_hashes=block.leaf_hashes
            )
            _insert_block(conn, block.rows, first_leaf=leaves.start, received_ts=time.time())
    except duplicate:
        return False
    return True


def _insert_checked(conn: Connection, block: PreparedBlock) -> Inserted:
    stored = existing_contents(conn, block.ids)
    out = Inserted([])
    for k, row in enumerate(block.rows):
        previous = stored.get(row.id)
        if previous is None:
            stored[row.id] = row.content
            out.stored.append(k)
        elif previous == row.content:
            out.duplicates.append(k)
        else:
            out.conflicts.append(k)
    if not out.stored:
        return out
    ids = [block.ids[k] for k in out.stored]
    hashes = [block.leaf_hashes[k] for k in out.stored]
    leaves = append_hashed(conn, kind=_KIND, record_ids=ids, leaf_hashes=hashes)
    rows = [block.rows[k]._replace(leaf_offset=j) for j, k in enumerate(out.stored)]
    _insert_block(conn, rows, first_leaf=leaves.start, received_ts=time.time())
    return out


def record_submitter(conn: Connection, observation_ids: Sequence[str], principal: str) -> None:
    """Record who submitted each of ``observation_ids`` (kept beside, never in, the record)."""
    from truce.store.api_tables import submissions

    if observation_ids:
        conn.execute(
            submissions.insert(),
            [{"observation_id": i, "principal": principal} for i in observation_ids],
        )


def submitter_of(conn: Connection, observation_id: str) -> str | None:
    """Who submitted an observation through a signed-in channel, or ``None``."""
    from truce.store.api_tables import submissions

    row = conn.execute(
        select(submissions.c.principal).where(submissions.c.observation_id == observation_id)
    ).first()
    return None if row is None else str(row[0])


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
    #: The public view: ``public`` rows whose window ends by the first value and starts in
    #: one of the [start, end) ranges of the second (epoch seconds); with ``or_submitted_by``
    #: also that principal's own submissions.
    released: tuple[float, tuple[tuple[float, float], ...]] | None = None
    or_submitted_by: str | None = None


#: Slack of the release bounds (seconds): the view's exact test on each record decides at a
#: boundary; the query must not drop what the view keeps.
_SLACK_S = 1e-3


def _released(query: ObservationQuery) -> ColumnElement[bool] | None:
    if query.released is None:
        return None
    from truce.store.api_tables import submissions

    c = observations.c
    ended_by, periods = query.released
    starts = [and_(c.start_ts >= a - _SLACK_S, c.start_ts < b + _SLACK_S) for a, b in periods]
    seen: ColumnElement[bool] = and_(
        c.classification == "public", c.end_ts <= ended_by + _SLACK_S, or_(false(), *starts)
    )
    if query.or_submitted_by is not None:
        s = submissions.c
        own = select(s.observation_id).where(s.principal == query.or_submitted_by)
        seen = or_(seen, c.id.in_(own))
    return seen


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
    released = _released(query)
    if released is not None:
        conds.append(released)
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
