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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from truce.errors import InvalidInput, NotFound
from truce.ledger import merkle, tiles
from truce.ledger.canonical import LEAF_PREFIX
from truce.ledger.checkpoint import Checkpoint, sign_checkpoint
from truce.ledger.keys import Signer
from truce.ledger.merkle import HashSource, NodeId
from truce.ledger.tiles import Row, TreeHead
from truce.store.ledger_tables import ledger_checkpoints, ledger_leaves

__all__ = [
    "LeafRow",
    "StoredCheckpoint",
    "TreeHead",
    "append_entries",
    "consistency_proof",
    "current_tree",
    "inclusion_proof",
    "latest_checkpoint",
    "leaf_at",
    "leaf_index_of",
    "root_at",
    "save_checkpoint",
    "sign_current_tree",
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
    row = conn.exec_driver_sql(sql).one()
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


def _source(conn: Connection) -> HashSource:
    def source(nodes: Sequence[NodeId]) -> list[bytes]:
        rows = _read_rows(conn, [tiles.row_of(n)[0] for n in nodes])
        return list(tiles.row_source(rows)(nodes))

    return source


def append_entries(
    conn: Connection, *, kind: str, records: Sequence[tuple[str, bytes]]
) -> list[int]:
    """Append one leaf per ``(record_id, entry bytes)``; return the leaf indices, in order.

    Runs inside the caller's transaction: nothing is committed here. Entry bytes are the
    record's canonical JSON (RFC 8785); the leaf hash is SHA-256(0x00 ‖ entry). Raises
    :class:`~truce.errors.InvalidInput` for an empty kind or record id.
    """
    if not records:
        return []
    if not kind:
        raise InvalidInput("ledger entry kind must not be empty")
    ids = [record_id for record_id, _ in records]
    if not all(ids):
        raise InvalidInput("ledger record id must not be empty")
    sha, prefix = hashlib.sha256, LEAF_PREFIX
    hashes = [sha(prefix + entry).digest() for _, entry in records]  # leaf_hash, inlined
    head = _read_state(conn, lock=True)
    edge = _read_rows(conn, tiles.edge_rows(head.size))
    changed, new_head = tiles.append(size=head.size, edge=edge, leaf_hashes=hashes)
    start = head.size
    leaf_rows = list(zip(range(start, new_head.size), [kind] * len(ids), ids, hashes, strict=True))
    _insert_leaves(conn, leaf_rows)
    _upsert_rows(conn, changed)
    m = _mark(conn)
    conn.exec_driver_sql(
        f"UPDATE ledger_state SET size = {m}, root = {m} WHERE id = 1",
        (new_head.size, new_head.root),
    )
    return list(range(start, new_head.size))


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


def _check_size(conn: Connection, size: int) -> TreeHead:
    head = current_tree(conn)
    if not 0 <= size <= head.size:
        raise NotFound(f"tree size {size} is beyond the ledger's size {head.size}")
    return head


def root_at(conn: Connection, size: int) -> bytes:
    """MTH of the first ``size`` leaves (any earlier size), from O(log n) stored hashes."""
    _check_size(conn, size)
    return merkle.root(size, _source(conn))


def inclusion_proof(conn: Connection, index: int, size: int | None = None) -> list[bytes]:
    """Audit path (RFC 6962 §2.1.1) of leaf ``index`` in the tree of ``size`` (default: now)."""
    head = current_tree(conn)
    size = head.size if size is None else size
    _check_size(conn, size)
    if not 0 <= index < size:
        raise NotFound(f"leaf index {index} is outside a tree of size {size}")
    return merkle.inclusion_proof(index, size, _source(conn))


def consistency_proof(conn: Connection, m: int, n: int) -> list[bytes]:
    """Consistency proof (RFC 6962 §2.1.2) from tree size ``m`` to ``n`` (0 < m <= n)."""
    _check_size(conn, n)
    if not 0 < m <= n:
        raise InvalidInput(f"no consistency proof from size {m} to size {n}: need 0 < m <= n")
    return merkle.consistency_proof(m, n, _source(conn))


def leaf_at(conn: Connection, index: int) -> LeafRow:
    """The stored leaf at ``index``; raises :class:`~truce.errors.NotFound`."""
    c = ledger_leaves.c
    row = conn.execute(select(ledger_leaves).where(c.leaf_index == index)).first()
    if row is None:
        raise NotFound(f"no ledger leaf at index {index}")
    return LeafRow(int(row.leaf_index), row.kind, row.record_id, bytes(row.leaf_hash))


def leaf_index_of(conn: Connection, *, kind: str, record_id: str) -> int | None:
    """The leaf index of a record, or ``None`` when it is not in the ledger."""
    c = ledger_leaves.c
    query = select(c.leaf_index).where(c.kind == kind, c.record_id == record_id)
    value = conn.execute(query).scalar()
    return None if value is None else int(value)


def save_checkpoint(conn: Connection, *, origin: str, head: TreeHead, note: str) -> int:
    """Store a signed checkpoint note; returns its id."""
    result = conn.execute(
        insert(ledger_checkpoints).values(
            origin=origin, size=head.size, root=head.root, note=note, created_at=datetime.now(UTC)
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
        int(row.id), row.origin, int(row.size), bytes(row.root), row.note, row.created_at
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
