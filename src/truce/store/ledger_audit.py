"""``truce verify database``: recompute the ledger from the stored records and check it.

Each record kind that goes into the ledger is registered in
:data:`truce.domain.ledger_kinds.LEDGER_KINDS` with the table, id column, content column (the
canonical JSON that is the leaf's entry) and leaf-index column of its records; adding a kind
is one entry there. The audit walks the leaves in order and
names the first record that was altered (its content no longer hashes to its leaf), removed
(its row is gone), reordered (its row points at another leaf) or added outside the ledger;
it then checks the tree it recomputed against the stored tiles, the stored tree head and the
latest signed checkpoint.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from truce.domain.ledger_kinds import LEDGER_KINDS
from truce.errors import VerificationError
from truce.ledger.canonical import leaf_hash
from truce.ledger.checkpoint import Checkpoint, verify_checkpoint
from truce.ledger.keys import VerifierKey
from truce.ledger.merkle import EMPTY_ROOT, node_hash
from truce.ledger.tiles import HASH_SIZE, TreeHead
from truce.store.ledger import current_tree, latest_checkpoint

__all__ = ["RECORD_KINDS", "AuditReport", "RecordKind", "audit_database"]


@dataclass(frozen=True, slots=True)
class RecordKind:
    """Where the records of one ledger kind are stored."""

    table: str
    id_column: str = "id"
    content_column: str = "content"
    leaf_index_column: str = "leaf_index"


#: Record kind -> its table, from the ledger-kind registry (:mod:`truce.domain.ledger_kinds`).
RECORD_KINDS: dict[str, RecordKind] = {
    spec.kind.value: RecordKind(
        spec.table, spec.id_column, spec.content_column, spec.leaf_index_column
    )
    for spec in LEDGER_KINDS.values()
}


@dataclass(frozen=True, slots=True)
class AuditReport:
    head: TreeHead
    checkpoint: Checkpoint | None
    kinds: tuple[str, ...]
    #: Kinds found in the ledger with no registered table: checked in the tree only.
    unchecked_kinds: tuple[str, ...] = ()


class _Frontier:
    """Streaming RFC 6962 tree hash: O(log n) memory, root at any size so far."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []

    def push(self, h: bytes) -> None:
        level = 0
        while self._stack and self._stack[-1][0] == level:
            _, left = self._stack.pop()
            h = node_hash(left, h)
            level += 1
        self._stack.append((level, h))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        acc = self._stack[-1][1]
        for _, h in reversed(self._stack[:-1]):
            acc = node_hash(h, acc)
        return acc


def _leaf_stream(conn: Connection, kind: str, spec: RecordKind) -> Iterator[Any]:
    t, i, c, li = spec.table, spec.id_column, spec.content_column, spec.leaf_index_column
    sql = (
        f"SELECT l.leaf_index, l.kind, l.record_id, l.leaf_hash, r.{i}, r.{c}, r.{li} "
        f"FROM ledger_leaves l LEFT JOIN {t} r ON r.{i} = l.record_id "
        f"WHERE l.kind = '{kind}' ORDER BY l.leaf_index"
    )
    yield from conn.execution_options(stream_results=True, yield_per=10000).exec_driver_sql(sql)


def _tile_hashes(conn: Connection) -> Iterator[bytes]:
    rows = conn.execution_options(stream_results=True, yield_per=100).exec_driver_sql(
        "SELECT idx, hashes FROM ledger_tiles WHERE level = 0 ORDER BY idx"
    )
    for _, blob in rows:
        data = bytes(blob)
        for off in range(0, len(data), HASH_SIZE):
            yield data[off : off + HASH_SIZE]


def _unknown_kinds(conn: Connection) -> list[str]:
    rows = conn.exec_driver_sql("SELECT DISTINCT kind FROM ledger_leaves")
    return sorted(kind for (kind,) in rows if kind not in RECORD_KINDS)


def _unchecked_stream(conn: Connection, kind: str) -> Iterator[Any]:
    # Leaves of a kind with no registered table: only their place in the tree is checked.
    sql = (
        "SELECT leaf_index, kind, record_id, leaf_hash, NULL, NULL, NULL FROM ledger_leaves "
        f"WHERE kind = '{kind.replace(chr(39), '')}' ORDER BY leaf_index"
    )
    yield from conn.execution_options(stream_results=True, yield_per=10000).exec_driver_sql(sql)


def _check_leaf(row: Any, expected_index: int, tile_hash: bytes | None) -> bytes:
    index, kind, record_id, stored, rec_id, content, rec_index = row
    what = f"{kind} {record_id} (leaf {index})"
    if index != expected_index:
        raise VerificationError(f"leaf {expected_index} is missing from the ledger")
    if kind not in RECORD_KINDS:
        actual = bytes(stored)
        if tile_hash != actual:
            raise VerificationError(f"{what}: tree tile differs from the stored leaf hash")
        return actual
    if rec_id is None:
        raise VerificationError(f"{what} was removed: its record is missing")
    if rec_index is None or int(rec_index) != index:
        raise VerificationError(
            f"{what} was reordered: the record points at leaf {rec_index}, expected {index}"
        )
    actual = leaf_hash(str(content).encode("utf-8"))
    if actual != bytes(stored):
        raise VerificationError(
            f"{what} was altered: leaf hash expected {bytes(stored).hex()}, "
            f"the stored content hashes to {actual.hex()}"
        )
    if tile_hash != actual:
        got = "nothing" if tile_hash is None else tile_hash.hex()
        raise VerificationError(f"{what}: tree tile holds {got}, expected {actual.hex()}")
    return actual


def _unledgered_records(conn: Connection) -> None:
    for kind, spec in RECORD_KINDS.items():
        t, i, li = spec.table, spec.id_column, spec.leaf_index_column
        # A record is ledgered when the leaf its row names records it: a join on the leaves'
        # primary key, so no (kind, record_id) index is needed for kinds whose table has one.
        row = conn.exec_driver_sql(
            f"SELECT r.{i}, r.{li} FROM {t} r LEFT JOIN ledger_leaves l "
            f"ON l.leaf_index = r.{li} AND l.kind = '{kind}' AND l.record_id = r.{i} "
            "WHERE l.leaf_index IS NULL LIMIT 1"
        ).first()
        if row is not None:
            raise VerificationError(
                f"{kind} {row[0]} was added outside the ledger: no leaf records it "
                f"(its leaf_index is {row[1]})"
            )


def audit_database(
    conn: Connection,
    *,
    keys: Sequence[VerifierKey] = (),
    threshold: int | None = None,
) -> AuditReport:
    """Recompute every leaf and the tree from the stored records and check them.

    With ``keys``, the latest stored checkpoint must carry valid signatures of ``threshold``
    (default all) of them, and the recomputed tree at its size must have its root. Raises
    :class:`~truce.errors.VerificationError` naming the first record that fails.
    """
    unchecked = _unknown_kinds(conn)
    head = current_tree(conn)
    stored = latest_checkpoint(conn)
    checkpoint = None
    if stored is not None and keys:
        checkpoint = verify_checkpoint(stored.note, keys=keys, threshold=threshold)
        if checkpoint.size > head.size:
            raise VerificationError(
                f"signed checkpoint has {checkpoint.size} leaves, the ledger only {head.size}"
            )
    streams = [_leaf_stream(conn, k, s) for k, s in RECORD_KINDS.items()]
    streams += [_unchecked_stream(conn, k) for k in unchecked]
    tiles = _tile_hashes(conn)
    tree = _Frontier()
    for row in heapq.merge(*streams, key=lambda r: int(r[0])):
        if tree.size == head.size:
            raise VerificationError(f"leaf {row[0]} is beyond the tree size {head.size}")
        tree.push(_check_leaf(row, tree.size, next(tiles, None)))
        if checkpoint is not None and tree.size == checkpoint.size:
            _match_checkpoint(checkpoint, tree.root())
    if tree.size != head.size:
        raise VerificationError(
            f"leaf {tree.size} is missing: the tree has {head.size} leaves, found {tree.size}"
        )
    if checkpoint is not None and checkpoint.size == 0:
        _match_checkpoint(checkpoint, EMPTY_ROOT)
    if tree.root() != head.root:
        raise VerificationError(
            f"stored tree root {head.root.hex()} differs from the recomputed {tree.root().hex()}"
        )
    _unledgered_records(conn)
    return AuditReport(head, checkpoint, tuple(RECORD_KINDS), tuple(unchecked))


def _match_checkpoint(checkpoint: Checkpoint, root: bytes) -> None:
    if root != checkpoint.root:
        raise VerificationError(
            f"tree of size {checkpoint.size} recomputed from the records has root {root.hex()}, "
            f"the signed checkpoint says {checkpoint.root.hex()}"
        )
