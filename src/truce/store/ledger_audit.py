"""``truce verify database``: recompute the ledger from the stored records and check it all.

What it checks, in one read-only pass over one snapshot (DESIGN.md "Ledger"):

* every leaf belongs to a registered record kind (:data:`~truce.store.audit_records.RECORD_KINDS`);
  a leaf relabelled to an unknown kind is an error naming it, not a note;
* every record is in the ledger exactly once and in its place: the first record that was
  altered (its entry no longer hashes to its leaf, or a column that queries read is not what
  its entry says), removed, reordered (its row points at another leaf, or its ``seq`` is out of
  the ledger's order) or added outside the ledger is named;
* the ``users`` table is the replay of the account changes in the ledger
  (:mod:`truce.store.audit_users`);
* every tile row at every level equals the tree rebuilt from those leaves, and the stored tree
  head is its root (:mod:`truce.store.audit_tiles`);
* every stored checkpoint is signed by the mission's pinned key, its columns are its note's,
  its root is the rebuilt tree's at its size, and no newer row holds an older tree; the latest
  carries the signatures asked for (:mod:`truce.store.audit_checkpoints`);
* an outside checkpoint (``--checkpoint FILE``) verifies, the database still has its leaves
  (else: truncated or rolled back) and its root is the rebuilt tree's at its size, with a
  consistency proof from it to now checked as a client would (RFC 9162 §2.1.4.2).

Leaves past the latest signed checkpoint are reported as a warning: nothing outside the
database vouches for them yet.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from truce.errors import VerificationError
from truce.ledger.checkpoint import Checkpoint
from truce.ledger.keys import VerifierKey
from truce.ledger.merkle import EMPTY_ROOT
from truce.ledger.tiles import TreeHead
from truce.ledger.verify import verify_consistency
from truce.store.audit_checkpoints import OutsideCheckpoint, check_outside, check_stored
from truce.store.audit_records import (
    RECORD_KINDS,
    OrderCheck,
    check_leaf,
    leaf_stream,
    unregistered_leaf,
)
from truce.store.audit_tiles import TreeCheck
from truce.store.audit_users import check_users
from truce.store.ledger import consistency_proof, current_tree

__all__ = ["RECORD_KINDS", "AuditReport", "OutsideCheckpoint", "audit_database"]


@dataclass(frozen=True, slots=True)
class AuditReport:
    head: TreeHead
    #: The latest stored checkpoint, verified (``None`` when none is stored).
    checkpoint: Checkpoint | None
    kinds: tuple[str, ...]
    #: Outside checkpoints verified against the database.
    outside: tuple[Checkpoint, ...] = ()
    #: Stored checkpoints verified.
    checkpoints: int = 0
    #: Codes with parameters of what is fine but worth saying (rendered at the edge).
    warnings: tuple[tuple[str, dict[str, int]], ...] = field(default_factory=tuple)


def _check_kinds(conn: Connection) -> None:
    bad = unregistered_leaf(conn)
    if bad is not None:
        index, kind, record_id = bad
        raise VerificationError(
            f"leaf {index} ({kind!r} {record_id}) is of no registered record kind: its record "
            "cannot be checked (a relabelled leaf hides its record)"
        )


def audit_database(
    conn: Connection,
    *,
    keys: Sequence[VerifierKey] = (),
    threshold: int | None = None,
    mission: VerifierKey | None = None,
    outside: Sequence[OutsideCheckpoint] = (),
) -> AuditReport:
    """Recompute every leaf, column and tile from the stored records and check them.

    ``mission`` is the pinned key every stored checkpoint must be signed by; ``keys`` (with
    ``threshold``, default all) are the signatures the latest one and each ``outside``
    checkpoint must carry. Raises :class:`~truce.errors.VerificationError` naming the first
    record, tile or checkpoint that fails.
    """
    _check_kinds(conn)
    head = current_tree(conn)
    stored = check_stored(conn, mission=mission, keys=keys, threshold=threshold)
    if stored and stored[-1].checkpoint.size > head.size:
        raise VerificationError(
            f"checkpoint row {stored[-1].row_id} is signed at {stored[-1].checkpoint.size} "
            f"leaves, the ledger has only {head.size}: truncated"
        )
    outer = [
        (o, check_outside(o, keys=keys or _list(mission), threshold=threshold, size=head.size))
        for o in outside
    ]
    sizes = [s.checkpoint.size for s in stored] + [cp.size for _, cp in outer]
    tree = TreeCheck(conn, sizes=sizes)
    streams = [leaf_stream(conn, kind) for kind in RECORD_KINDS]
    order = OrderCheck()
    for row in heapq.merge(*streams, key=lambda r: int(r[0])):
        if tree.size == head.size:
            raise VerificationError(f"leaf {row[0]} is beyond the tree size {head.size}")
        tree.push(check_leaf(conn, row, tree.size, order))
    if tree.size != head.size:
        raise VerificationError(
            f"leaf {tree.size} is missing: the tree has {head.size} leaves, found {tree.size}"
        )
    root = tree.finish()
    if root != head.root:
        raise VerificationError(
            f"stored tree root {head.root.hex()} differs from the recomputed {root.hex()}"
        )
    for s in stored:
        _match(f"checkpoint row {s.row_id}", s.checkpoint, tree.roots)
    for o, cp in outer:
        _match(f"checkpoint {o.label}", cp, tree.roots)
        _consistent(conn, o.label, cp, head)
    _unledgered_records(conn)
    check_users(conn)
    latest = stored[-1].checkpoint if stored else None
    return AuditReport(
        head,
        latest,
        tuple(RECORD_KINDS),
        tuple(cp for _, cp in outer),
        len(stored),
        _warnings(head, latest),
    )


def _list(key: VerifierKey | None) -> list[VerifierKey]:
    return [] if key is None else [key]


def _warnings(head: TreeHead, latest: Checkpoint | None) -> tuple[tuple[str, dict[str, int]], ...]:
    signed = latest.size if latest is not None else 0
    if head.size > signed:
        return (("unsigned_leaves", {"first": signed, "last": head.size - 1, "signed": signed}),)
    return ()


def _match(what: str, checkpoint: Checkpoint, roots: dict[int, bytes]) -> None:
    root = EMPTY_ROOT if checkpoint.size == 0 else roots[checkpoint.size]
    if root != checkpoint.root:
        raise VerificationError(
            f"{what}: the tree of size {checkpoint.size} recomputed from the records has root "
            f"{root.hex()}, the signed checkpoint says {checkpoint.root.hex()}"
        )


def _consistent(conn: Connection, label: str, cp: Checkpoint, head: TreeHead) -> None:
    """Check a consistency proof from the outside checkpoint to now, as a client would."""
    if cp.size == 0:
        return
    proof = consistency_proof(conn, cp.size, head.size) if cp.size < head.size else []
    try:
        verify_consistency(
            size1=cp.size, size2=head.size, root1=cp.root, root2=head.root, proof=proof
        )
    except VerificationError as exc:
        raise VerificationError(f"checkpoint {label}: no consistency to now: {exc}") from None


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
