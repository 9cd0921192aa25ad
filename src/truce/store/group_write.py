"""One group of single submissions stored in one transaction (the group commit of
``POST /api/v1/observations``), in as few round trips as the backend allows.

Each submission is a prepared observation (:class:`~truce.domain.intake.ObservationRow`,
its leaf hash) with who submitted it and, optionally, the hash of the bearer token it came
with. In one transaction, after taking the ledger's append lock:

1. the tokens of the group are checked (a submission whose token is no longer an active
   token of its principal is *refused*: nothing of it is stored);
2. the ids already stored are read (a *duplicate* with the same content, a *conflict* with
   other content; a repeat of an earlier submission of the same group counts the same way);
3. the new records, their ledger leaves (numbered on from the locked tree size), the changed
   tile rows, the new tree head and the submitters are written, and the transaction commits.

Every submission's outcome names its leaf index (the stored one for a duplicate), so no
query follows the commit. On PostgreSQL this is two round trips in pipeline mode (the lock,
the tile rows of the tree's right edge, the tokens and the stored ids in one; every write and
the ``COMMIT`` in the other), each statement the same text whatever the group's size
(arrays, ``unnest``), so that psycopg prepares it once per connection. The lock is the
``ledger_state`` row (``FOR UPDATE``) that every ledger append takes: under it no other
transaction stores an observation, so the ids read are all there is. On SQLite the write
transaction (``BEGIN IMMEDIATE``) is the lock and a query costs no round trip.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine

from truce.domain.intake import ObservationRow
from truce.domain.ledger_kinds import LedgerKind
from truce.ledger import tiles
from truce.ledger.tiles import TILE_WIDTH, Row, TreeHead
from truce.store.ledger import append_hashed, current_tree
from truce.store.tables import OBSERVATION_INSERT_COLUMNS

__all__ = ["Outcome", "Status", "Submission", "write_group"]

_KIND = LedgerKind.OBSERVATION.value


@dataclass(frozen=True, slots=True)
class Submission:
    """One prepared observation to store, who submits it and the token it came with."""

    row: ObservationRow
    #: SHA-256(0x00 ‖ canonical JSON), RFC 6962 §2.1.
    leaf_hash: bytes
    principal: str | None
    #: Hash of the bearer token that must still be an active token of ``principal``
    #: (``None``: no token to check).
    token_hash: str | None = None


class Status(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    #: The token is unknown or revoked, or names another principal: nothing stored.
    REFUSED = "refused"


class Outcome(NamedTuple):
    status: Status
    #: The record's leaf (the stored record's for a duplicate); ``None`` otherwise.
    leaf_index: int | None


class _Plan(NamedTuple):
    outcomes: list[Outcome]
    #: Positions (in the group) of the submissions to store, in leaf order.
    new: list[int]


def _plan(
    group: Sequence[Submission],
    *,
    active: dict[str, str],
    stored: dict[str, tuple[str, int | None]],
    first_leaf: int,
) -> _Plan:
    """What becomes of each submission, given the active tokens (hash -> principal) and the
    stored records among their ids (id -> content, leaf index)."""
    outcomes: list[Outcome] = []
    new: list[int] = []
    known = dict(stored)
    for k, s in enumerate(group):
        if s.token_hash is not None and active.get(s.token_hash) != s.principal:
            outcomes.append(Outcome(Status.REFUSED, None))
            continue
        previous = known.get(s.row.id)
        if previous is None:
            leaf = first_leaf + len(new)
            known[s.row.id] = (s.row.content, leaf)
            new.append(k)
            outcomes.append(Outcome(Status.CREATED, leaf))
        elif previous[0] == s.row.content:
            outcomes.append(Outcome(Status.DUPLICATE, previous[1]))
        else:
            outcomes.append(Outcome(Status.CONFLICT, None))
    return _Plan(outcomes, new)


def write_group(engine: Engine, group: Sequence[Submission]) -> list[Outcome]:
    """Store ``group`` in one transaction; the outcome of each submission, in order.

    Returns when the transaction has committed: a ``created`` or ``duplicate`` outcome is
    durable. Raises the database's error (nothing stored) when the transaction fails.
    """
    if not group:
        return []
    if engine.dialect.name == "postgresql":
        return _write_postgresql(engine, group)
    return _write_sqlite(engine, group)


# --- SQLite ------------------------------------------------------------------------------

_SQLITE_TOKENS = (
    "SELECT t.token_hash, u.name FROM api_tokens t JOIN users u ON u.name = t.name "
    "WHERE t.token_hash IN (SELECT value FROM json_each(?)) "
    "AND t.revoked_at IS NULL AND u.revoked_at IS NULL"
)
_SQLITE_STORED = (
    "SELECT id, content, leaf_index FROM observations WHERE id IN (SELECT value FROM json_each(?))"
)
_SQLITE_INSERT = (
    f"INSERT INTO observations ({', '.join(OBSERVATION_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in OBSERVATION_INSERT_COLUMNS)})"
)


def _json_array(values: Sequence[str]) -> str:
    return json.dumps(list(values))


def _write_sqlite(engine: Engine, group: Sequence[Submission]) -> list[Outcome]:
    from truce.store.engine import write_transaction

    with write_transaction(engine) as conn:
        hashes = sorted({s.token_hash for s in group if s.token_hash is not None})
        active: dict[str, str] = {}
        if hashes:
            rows = conn.exec_driver_sql(_SQLITE_TOKENS, (_json_array(hashes),))
            active = {str(h): str(n) for h, n in rows}
        ids = _json_array([s.row.id for s in group])
        stored = {
            str(i): (str(c), None if x is None else int(x))
            for i, c, x in conn.exec_driver_sql(_SQLITE_STORED, (ids,))
        }
        first = current_tree(conn).size
        plan = _plan(group, active=active, stored=stored, first_leaf=first)
        if plan.new:
            _store_sqlite(conn, [group[k] for k in plan.new], first)
    return plan.outcomes


def _store_sqlite(conn: Connection, new: list[Submission], first: int) -> None:
    leaves = append_hashed(
        conn, kind=_KIND, record_ids=[s.row.id for s in new], leaf_hashes=[s.leaf_hash for s in new]
    )
    assert leaves.start == first  # the write lock is held: nobody appended since
    now = time.time()
    conn.exec_driver_sql(_SQLITE_INSERT, [(*s.row[:-1], now, first + j) for j, s in enumerate(new)])
    submitted = [(s.row.id, s.principal) for s in new if s.principal is not None]
    if submitted:
        conn.exec_driver_sql(
            "INSERT INTO submissions (observation_id, principal) VALUES (?, ?)", submitted
        )


# --- PostgreSQL --------------------------------------------------------------------------

_PG_LOCK = "SELECT size, root FROM ledger_state WHERE id = 1 FOR UPDATE"

#: The stored right-edge tile row of every level an append to the (locked) tree may extend
#: (:func:`truce.ledger.tiles.edge_rows`: level ``l``, row ``(size >> l) / 256``, for ``l``
#: up to the size's bit length). A statement of its own, after the lock: a statement that
#: waited for the lock sees the new head but the other tables as they were when it started.
#: ``OFFSET 0`` keeps each level's look-up a primary-key probe (the planner would otherwise
#: scan the tiles in a hash join).
_PG_EDGE = f"""
SELECT g.l, t.hashes
FROM ledger_state s CROSS JOIN generate_series(0, 64) AS g(l)
LEFT JOIN LATERAL (
    SELECT hashes FROM ledger_tiles
    WHERE level = g.l AND idx = (s.size >> g.l) / {TILE_WIDTH} OFFSET 0
) t ON true
WHERE s.id = 1 AND (g.l = 0 OR (s.size >> (g.l - 1)) > 0)
"""
_PG_TOKENS = (
    "SELECT t.token_hash, u.name FROM api_tokens t JOIN users u ON u.name = t.name "
    "WHERE t.token_hash = ANY(ARRAY(SELECT json_array_elements_text(%s::json))) "
    "AND t.revoked_at IS NULL AND u.revoked_at IS NULL"
)
_PG_STORED = (
    "SELECT id, content, leaf_index FROM observations "
    "WHERE id = ANY(ARRAY(SELECT json_array_elements_text(%s::json)))"
)

#: The SQL type of each inserted column that is not text.
_PG_TYPES = {
    "start_ts": "float8",
    "end_ts": "float8",
    "lon": "float8",
    "lat": "float8",
    "count_value": "int4",
    "received_ts": "float8",
    "leaf_index": "int8",
}
# The rows go as one JSON text each (json_to_recordset): psycopg adapts a str in C, a list
# element by element in Python (most of the writer's time for an array per column). Python's
# float repr and PostgreSQL's float8 input round-trip exactly.
_PG_INSERT = (
    f"INSERT INTO observations ({', '.join(OBSERVATION_INSERT_COLUMNS)}) "
    f"SELECT {', '.join(OBSERVATION_INSERT_COLUMNS)} FROM json_to_recordset(%s::json) AS x("
    + ", ".join(f"{c} {_PG_TYPES.get(c, 'text')}" for c in OBSERVATION_INSERT_COLUMNS)
    + ")"
)
# Binary values go as one ``bytea`` each (sent as is, %b), cut by offset and length.
_PG_LEAVES = (
    "INSERT INTO ledger_leaves (leaf_index, kind, record_id, leaf_hash) "
    "SELECT (e->>0)::int8, %s, e->>1, substr(%b, (e->>2)::int4 + 1, 32) "
    "FROM json_array_elements(%s::json) e"
)
_PG_TILES = (
    "INSERT INTO ledger_tiles (level, idx, hashes) "
    "SELECT (e->>0)::int4, (e->>1)::int8, substr(%b, (e->>2)::int4 + 1, (e->>3)::int4) "
    "FROM json_array_elements(%s::json) e "
    "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes"
)
_PG_STATE = "UPDATE ledger_state SET size = %s, root = %s WHERE id = 1"
_PG_SUBMITTED = (
    "INSERT INTO submissions (observation_id, principal) "
    "SELECT e->>0, e->>1 FROM json_array_elements(%s::json) e"
)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _write_postgresql(engine: Engine, group: Sequence[Submission]) -> list[Outcome]:
    raw = engine.raw_connection()  # from the pool, with its checkout checks
    try:
        conn: Any = raw.driver_connection
        if conn.autocommit:  # never: the pool resets a connection lent in autocommit mode
            conn.autocommit = False  # but the group must be one transaction, whatever came before
        try:
            with conn.pipeline():
                outcomes = _pipelined(conn, group)
        except BaseException:
            conn.rollback()
            raise
    finally:
        raw.close()
    return outcomes


def _pipelined(conn: Any, group: Sequence[Submission]) -> list[Outcome]:
    head_cur = conn.execute(_PG_LOCK)
    edge_cur = conn.execute(_PG_EDGE)
    hashes = sorted({s.token_hash for s in group if s.token_hash is not None})
    tokens_cur = conn.execute(_PG_TOKENS, (_json(hashes),)) if hashes else None
    stored_cur = conn.execute(_PG_STORED, (_json([s.row.id for s in group]),))
    ((size, root),) = head_cur.fetchall()  # the first round trip
    size, root = int(size), bytes(root)
    edge: dict[Row, bytes] = {
        (int(level), (size >> int(level)) // TILE_WIDTH): bytes(h)
        for level, h in edge_cur.fetchall()
        if h is not None
    }
    active = {str(h): str(n) for h, n in tokens_cur.fetchall()} if tokens_cur else {}
    stored = {str(i): (str(c), None if x is None else int(x)) for i, c, x in stored_cur.fetchall()}
    plan = _plan(group, active=active, stored=stored, first_leaf=size)
    if plan.new:
        _store_postgresql(conn, [group[k] for k in plan.new], TreeHead(size, root), edge)
    conn.commit()  # the second round trip: every write and the COMMIT
    return plan.outcomes


_COLUMNS = OBSERVATION_INSERT_COLUMNS


def _store_postgresql(
    conn: Any, new: list[Submission], head: TreeHead, edge: dict[Row, bytes]
) -> None:
    hashes = [s.leaf_hash for s in new]
    changed, new_head = tiles.append(size=head.size, edge=edge, leaf_hashes=hashes)
    now, first = time.time(), head.size
    rows = [
        dict(zip(_COLUMNS, (*s.row[:-1], now, first + j), strict=True)) for j, s in enumerate(new)
    ]
    conn.execute(_PG_INSERT, (_json(rows),))
    leaves = [(first + j, s.row.id, 32 * j) for j, s in enumerate(new)]
    conn.execute(_PG_LEAVES, (_KIND, b"".join(hashes), _json(leaves)))
    cut, offset = [], 0
    for (level, idx), data in changed.items():
        cut.append((level, idx, offset, len(data)))
        offset += len(data)
    conn.execute(_PG_TILES, (b"".join(changed.values()), _json(cut)))
    conn.execute(_PG_STATE, (new_head.size, new_head.root))
    submitted = [(s.row.id, s.principal) for s in new if s.principal is not None]
    if submitted:
        conn.execute(_PG_SUBMITTED, (_json(submitted),))
