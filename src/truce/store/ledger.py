"""The evidence ledger in the database: appending leaves, tree heads, proofs, checkpoints.

Callers own the transaction: :func:`append_entries` writes the leaves, the changed tile rows
and the new tree head on the caller's connection, so a record and its leaf commit or roll back
together (DESIGN.md "Ledger"). Appenders are serialised on the ``ledger_state`` row: ``SELECT
… FOR UPDATE`` on PostgreSQL; on SQLite the database write lock (the store's ``BEGIN
IMMEDIATE``) already serialises writers.

Hashing and tile maths are in :mod:`truce.ledger.merkle` and :mod:`truce.ledger.tiles`; this
module only reads and writes rows: O(log n) rows for a root or a proof, one ``executemany``
for the leaves and one for the tile rows of each batch.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, insert, select

from truce.domain.ledger_kinds import RECORD_INDEX_WHERE
from truce.errors import InvalidInput, NotFound
from truce.ledger import merkle, tiles
from truce.ledger.canonical import LEAF_PREFIX
from truce.ledger.checkpoint import Checkpoint, sign_checkpoint
from truce.ledger.keys import Signer
from truce.ledger.merkle import HashSource, NodeId
from truce.ledger.tiles import HASH_SIZE, TILE_WIDTH, Row, TreeHead
from truce.store.ledger_tables import (
    SELF_INDEXED_KINDS,
    ledger_checkpoints,
    ledger_leaves,
)

__all__ = [
    "LeafRow",
    "StoredCheckpoint",
    "TreeHead",
    "append_entries",
    "append_hashed",
    "consistency_proof",
    "current_tree",
    "inclusion_proof",
    "latest_checkpoint",
    "leaf_at",
    "leaf_index_of",
    "leaf_kinds",
    "root_at",
    "save_checkpoint",
    "sign_current_tree",
    "tile_row",
]


@dataclass(frozen=True, slots=True)
class LeafRow:
    index: int
    kind: str
    record_id: str
    leaf_hash: bytes


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    id: int
    origin: str
    size: int
    root: bytes
    note: str
    created_at: datetime


def _mark(conn: Connection) -> str:
    return "%s" if conn.dialect.name == "postgresql" else "?"


def _read_state(conn: Connection, *, lock: bool) -> TreeHead:
    sql = "SELECT size, root FROM ledger_state WHERE id = 1"
    if lock and conn.dialect.name == "postgresql":
        sql += " FOR UPDATE"
    (row,) = _query(conn, sql)
    return TreeHead(int(row[0]), bytes(row[1]))


def _read_rows(conn: Connection, rows: Sequence[Row]) -> dict[Row, bytes]:
    """The stored content of the given tile rows (absent rows are left out), in one query."""
    wanted = list(dict.fromkeys(rows))
    if not wanted:
        return {}
    m = _mark(conn)
    where = " OR ".join(f"(level = {m} AND idx = {m})" for _ in wanted)
    params = tuple(v for row in wanted for v in row)
    result = conn.exec_driver_sql(
        f"SELECT level, idx, hashes FROM ledger_tiles WHERE {where}", params
    )
    return {(int(lv), int(ix)): bytes(h) for lv, ix, h in result}


#: Tile rows cached per database connection and tree head (at most 8 MiB each).
_CACHE_ROWS = 1024


def _cached_level(size: int) -> int:
    """The lowest tree level whose tile rows, with all rows above, fit :data:`_CACHE_ROWS`.

    Level ``l`` has about ``size / 2^l / 256`` rows and all levels above it as many again.
    At 1M leaves this is level 3: a proof then reads three rows from the database.
    """
    return (size // (_CACHE_ROWS * TILE_WIDTH // 2)).bit_length()


def _row_cache(conn: Connection, head: TreeHead) -> dict[Row, bytes]:
    """This connection's cached tile rows of the tree ``head``.

    Valid for this (size, root) only: the hashes of a tree cannot change without its root
    changing, and a new head drops the cache.
    """
    info = conn.connection.info
    cached = info.get("truce_tiles")
    if cached is None or cached[0] != head or len(cached[1]) > _CACHE_ROWS:
        cached = info["truce_tiles"] = (head, {})
    rows: dict[Row, bytes] = cached[1]
    return rows


def _source(conn: Connection, head: TreeHead) -> HashSource:
    """Stored node hashes for trees up to ``head``, in one query after the first proofs.

    Nodes below :func:`_cached_level` come straight from the database (``substr`` of their
    tile row: a proof moves a few hundred bytes, not 8 KiB per row); the rows at and above it
    are read whole once per connection and tree head, then served from memory.
    """
    cache, cached_level = _row_cache(conn, head), _cached_level(head.size)

    def source(nodes: Sequence[NodeId]) -> list[bytes]:
        try:
            out = _from_cache(nodes, cache, cached_level)
        except KeyError:  # rows not read yet for this head
            rows = {_row(n) for n in nodes if n[0] >= cached_level}
            cache.update(_read_rows(conn, [row for row in rows if row not in cache]))
            out = _from_cache(nodes, cache, cached_level)
        low = [k for k, node in enumerate(nodes) if node[0] < cached_level]
        for k, h in zip(low, _read_hashes(conn, [nodes[k] for k in low]), strict=True):
            out[k] = h
        for node, h in zip(nodes, out, strict=True):
            if len(h) != HASH_SIZE:
                raise NotFound(f"the ledger's tiles hold no hash for node {node} (level, index)")
        return out

    return source


def _from_cache(nodes: Sequence[NodeId], cache: dict[Row, bytes], cached_level: int) -> list[bytes]:
    """Hashes of the nodes at or above ``cached_level`` (``b""`` for the others)."""
    out = []
    for level, index in nodes:
        if level < cached_level:
            out.append(b"")
        else:
            offset = index % TILE_WIDTH * HASH_SIZE
            out.append(cache[level, index // TILE_WIDTH][offset : offset + HASH_SIZE])
    return out


def _row(node: NodeId) -> Row:
    return node[0], node[1] // TILE_WIDTH


@lru_cache(maxsize=64)
def _hashes_sql(count: int, mark: str) -> str:
    one = f"substr(hashes, CAST({mark} AS INTEGER), {HASH_SIZE}) FROM ledger_tiles "
    one += f"WHERE level = {mark} AND idx = {mark}"
    return " UNION ALL ".join(f"SELECT {k}, {one}" for k in range(count))


def _read_hashes(conn: Connection, nodes: Sequence[NodeId]) -> list[bytes]:
    """The hash of each node (``b""`` when absent), in one query on the DBAPI cursor."""
    if not nodes:
        return []
    params: list[int] = []
    for level, index in nodes:
        params += (index % TILE_WIDTH * HASH_SIZE + 1, level, index // TILE_WIDTH)
    found = dict(_query(conn, _hashes_sql(len(nodes), _mark(conn)), params))
    return [bytes(found.get(k, b"")) for k in range(len(nodes))]


def _query(conn: Connection, sql: str, params: Sequence[object] = ()) -> list[Any]:
    """Rows of ``sql`` on the DBAPI cursor, inside ``conn``'s transaction (begun if needed).

    For the small, hot queries of proofs: SQLAlchemy's per-statement work would cost more
    than the query itself.
    """
    if not conn.in_transaction():
        conn.begin()  # what SQLAlchemy's autobegin would do on the first execute
    cur = conn.connection.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


def append_entries(
    conn: Connection, *, kind: str, records: Sequence[tuple[str, bytes]]
) -> list[int]:
    """Append one leaf per ``(record_id, entry bytes)``; return the leaf indices, in order.

    Runs inside the caller's transaction: nothing is committed here. Entry bytes are the
    record's canonical JSON (RFC 8785); the leaf hash is SHA-256(0x00 ‖ entry). Raises
    :class:`~truce.errors.InvalidInput` for an empty kind or record id.
    """
    sha, prefix = hashlib.sha256, LEAF_PREFIX
    hashes = [sha(prefix + entry).digest() for _, entry in records]  # leaf_hash, inlined
    ids = [record_id for record_id, _ in records]
    return list(append_hashed(conn, kind=kind, record_ids=ids, leaf_hashes=hashes))


def append_hashed(
    conn: Connection, *, kind: str, record_ids: Sequence[str], leaf_hashes: Sequence[bytes]
) -> range:
    """:func:`append_entries` with the leaf hashes already computed; returns the leaf indices.

    For bulk imports that hash entries in worker processes: ``leaf_hashes[i]`` must be
    SHA-256(0x00 ‖ entry) of record ``record_ids[i]`` (RFC 6962 §2.1); the audit
    (``truce verify database``) recomputes it from the stored record. Raises
    :class:`~truce.errors.InvalidInput` for an empty kind or record id, or mismatched lengths.
    """
    if len(record_ids) != len(leaf_hashes):
        raise InvalidInput(f"{len(record_ids)} record ids but {len(leaf_hashes)} leaf hashes")
    if not record_ids:
        return range(0)
    if not kind:
        raise InvalidInput("ledger entry kind must not be empty")
    if not all(record_ids):
        raise InvalidInput("ledger record id must not be empty")
    if set(map(len, leaf_hashes)) != {HASH_SIZE}:
        raise InvalidInput(f"a leaf hash must be {HASH_SIZE} bytes")
    head = _read_state(conn, lock=True)
    edge = _read_rows(conn, tiles.edge_rows(head.size))
    changed, new_head = tiles.append(size=head.size, edge=edge, leaf_hashes=leaf_hashes)
    indices = range(head.size, new_head.size)
    _insert_leaves(conn, list(zip(indices, repeat(kind), record_ids, leaf_hashes)))
    _upsert_rows(conn, changed)
    m = _mark(conn)
    conn.exec_driver_sql(
        f"UPDATE ledger_state SET size = {m}, root = {m} WHERE id = 1",
        (new_head.size, new_head.root),
    )
    return indices


def _insert_leaves(conn: Connection, rows: list[tuple[int, str, str, bytes]]) -> None:
    cols = "leaf_index, kind, record_id, leaf_hash"
    if conn.dialect.name == "postgresql":
        dbapi = conn.connection.driver_connection
        assert dbapi is not None
        with dbapi.cursor() as cur, cur.copy(f"COPY ledger_leaves ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(f"INSERT INTO ledger_leaves ({cols}) VALUES (?, ?, ?, ?)", rows)


def _upsert_rows(conn: Connection, changed: dict[Row, bytes]) -> None:
    m = _mark(conn)
    conn.exec_driver_sql(
        f"INSERT INTO ledger_tiles (level, idx, hashes) VALUES ({m}, {m}, {m}) "
        "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes",
        [(level, idx, data) for (level, idx), data in changed.items()],
    )


def current_tree(conn: Connection) -> TreeHead:
    """The committed tree size and RFC 6962 root (as seen by ``conn``'s transaction)."""
    return _read_state(conn, lock=False)


def _check_size(conn: Connection, size: int | None) -> tuple[TreeHead, int]:
    """The committed tree head and ``size`` (default: the committed size), checked against it."""
    head = current_tree(conn)
    if size is None:
        return head, head.size
    if not 0 <= size <= head.size:
        raise NotFound(f"tree size {size} is beyond the ledger's size {head.size}")
    return head, size


def root_at(conn: Connection, size: int) -> bytes:
    """MTH of the first ``size`` leaves (any earlier size), from O(log n) stored hashes."""
    head, size = _check_size(conn, size)
    return merkle.root(size, _source(conn, head))


def inclusion_proof(conn: Connection, index: int, size: int | None = None) -> list[bytes]:
    """Audit path (RFC 6962 §2.1.1) of leaf ``index`` in the tree of ``size`` (default: now).

    Two small queries: the tree head, then the path's hashes below the cached levels.
    """
    head, size = _check_size(conn, size)
    if not 0 <= index < size:
        raise NotFound(f"leaf index {index} is outside a tree of size {size}")
    return merkle.inclusion_proof(index, size, _source(conn, head))


def consistency_proof(conn: Connection, m: int, n: int) -> list[bytes]:
    """Consistency proof (RFC 6962 §2.1.2) from tree size ``m`` to ``n`` (0 < m <= n)."""
    head, n = _check_size(conn, n)
    if not 0 < m <= n:
        raise InvalidInput(f"no consistency proof from size {m} to size {n}: need 0 < m <= n")
    return merkle.consistency_proof(m, n, _source(conn, head))


def tile_row(conn: Connection, *, level: int, index: int) -> bytes | None:
    """The stored hashes of tile row ``index`` at tree level ``level``, or ``None``."""
    return _read_rows(conn, [(level, index)]).get((level, index))


def leaf_kinds(conn: Connection, *, first: int, end: int) -> dict[int, str]:
    """Leaf index -> kind of each stored leaf in ``[first, end)``."""
    m = _mark(conn)
    rows = conn.exec_driver_sql(
        f"SELECT leaf_index, kind FROM ledger_leaves WHERE leaf_index >= {m} AND leaf_index < {m}",
        (first, end),
    )
    return {int(leaf): str(kind) for leaf, kind in rows}


def leaf_at(conn: Connection, index: int) -> LeafRow:
    """The stored leaf at ``index``; raises :class:`~truce.errors.NotFound`."""
    c = ledger_leaves.c
    row = conn.execute(select(ledger_leaves).where(c.leaf_index == index)).first()
    if row is None:
        raise NotFound(f"no ledger leaf at index {index}")
    return LeafRow(int(row.leaf_index), row.kind, row.record_id, bytes(row.leaf_hash))


def leaf_index_of(conn: Connection, *, kind: str, record_id: str) -> int | None:
    """The leaf index of a record, or ``None`` when it is not in the ledger.

    For a kind in :data:`~truce.store.ledger_tables.SELF_INDEXED_KINDS` (observations), the
    record's own ``leaf_index`` column, when that leaf names the record: such a record is in
    the ledger only together with its row (the audit reports a leaf whose record is missing).
    """
    m = _mark(conn)
    spec = SELF_INDEXED_KINDS.get(kind)
    if spec is not None:
        sql = (
            f"SELECT l.leaf_index FROM {spec.table} r JOIN ledger_leaves l "
            f"ON l.leaf_index = r.{spec.leaf_index_column} "
            f"WHERE r.{spec.id_column} = {m} AND l.kind = {m} AND l.record_id = {m}"
        )
        params: tuple[str, ...] = (record_id, kind, record_id)
    else:  # the unique index (partial on PostgreSQL: the query repeats its condition)
        sql = (
            f"SELECT leaf_index FROM ledger_leaves WHERE kind = {m} AND record_id = {m} "
            f"AND {RECORD_INDEX_WHERE}"
        )
        params = (kind, record_id)
    value = conn.exec_driver_sql(sql, params).scalar()
    return None if value is None else int(value)


def save_checkpoint(conn: Connection, *, origin: str, head: TreeHead, note: str) -> int:
    """Store a signed checkpoint note; returns its id."""
    result = conn.execute(
        insert(ledger_checkpoints).values(
            origin=origin, size=head.size, root=head.root, note=note, created_at=time.time()
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def latest_checkpoint(conn: Connection) -> StoredCheckpoint | None:
    """The most recently stored checkpoint (largest size, then newest), or ``None``."""
    c = ledger_checkpoints.c
    row = conn.execute(
        select(ledger_checkpoints).order_by(c.size.desc(), c.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return StoredCheckpoint(
        int(row.id),
        row.origin,
        int(row.size),
        bytes(row.root),
        row.note,
        datetime.fromtimestamp(float(row.created_at), UTC),
    )


def sign_current_tree(conn: Connection, *, signer: Signer, origin: str | None = None) -> str:
    """Sign the committed tree head as a C2SP checkpoint, store it, and return the note.

    The origin line is ``origin`` or, by default, the signer's key name (the C2SP
    convention). Call it in its own transaction: it signs only committed leaves.
    """
    head = current_tree(conn)
    origin = origin or signer.name
    note = sign_checkpoint(Checkpoint(origin, head.size, head.root), signer)
    save_checkpoint(conn, origin=origin, head=head, note=note)
    return note
