"""The stored checkpoints and outside ones, as ``truce verify database`` checks them.

* every stored row's ``origin``, ``size`` and ``root`` columns must be what its note says, its
  note must be signed by the mission's pinned key, and a later row never has a smaller tree
  (an older note put into the newest row is a rollback, and named);
* the latest one must also carry the signatures asked for (``--key``, ``--threshold``);
* an outside checkpoint (a party's or witness's copy, ``--checkpoint FILE``) must verify with
  the same keys, and the database must still have at least its leaves: a database cannot prove
  its own freshness, but it cannot hide that it lost leaves a party holds a signature over.

The roots themselves are compared by the caller with the tree it rebuilt from the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from truce.errors import VerificationError
from truce.ledger.checkpoint import Checkpoint, parse_note, verify_checkpoint
from truce.ledger.keys import VerifierKey

__all__ = ["OutsideCheckpoint", "StoredNote", "check_outside", "check_stored"]


@dataclass(frozen=True, slots=True)
class StoredNote:
    row_id: int
    checkpoint: Checkpoint


@dataclass(frozen=True, slots=True)
class OutsideCheckpoint:
    """A signed checkpoint held outside the database, and where it came from (for messages)."""

    label: str
    note: str


def _rows(conn: Connection) -> list[tuple[int, str, int, bytes, str]]:
    result = conn.exec_driver_sql(
        "SELECT id, origin, size, root, note FROM ledger_checkpoints ORDER BY id"
    )
    return [(int(i), str(o), int(s), bytes(r), str(n)) for i, o, s, r, n in result]


def check_stored(
    conn: Connection,
    *,
    mission: VerifierKey | None,
    keys: Sequence[VerifierKey],
    threshold: int | None,
) -> list[StoredNote]:
    """Check every stored checkpoint row; return them in row order (the newest last)."""
    out: list[StoredNote] = []
    rows = _rows(conn)
    for n, (row_id, origin, size, root, note) in enumerate(rows):
        what = f"checkpoint row {row_id}"
        key = [mission] if mission is not None else list(keys)
        need: int | None = 1
        if n == len(rows) - 1 and keys:
            key, need = list(keys), threshold
        if not key:
            raise VerificationError(f"{what}: no key to verify it with (give --key)")
        try:
            cp = verify_checkpoint(note, keys=key, threshold=need)
        except VerificationError as exc:
            raise VerificationError(f"{what}: {exc}") from None
        if (cp.origin, cp.size, cp.root) != (origin, size, root):
            raise VerificationError(
                f"{what} was altered: its columns say {origin} size {size} root {root.hex()}, "
                f"its note {cp.origin} size {cp.size} root {cp.root.hex()}"
            )
        if mission is not None and cp.origin != mission.name:
            raise VerificationError(
                f"{what}: origin {cp.origin!r} is not the mission's {mission.name!r}"
            )
        if out and cp.size < out[-1].checkpoint.size:
            prev = out[-1]
            raise VerificationError(
                f"{what} holds a checkpoint of size {cp.size}, older than row {prev.row_id} "
                f"(size {prev.checkpoint.size}): the newest checkpoint was rolled back"
            )
        out.append(StoredNote(row_id, cp))
    return out


def check_outside(
    outside: OutsideCheckpoint,
    *,
    keys: Sequence[VerifierKey],
    threshold: int | None,
    size: int,
) -> Checkpoint:
    """Verify an outside checkpoint's signatures and that ``size`` leaves still cover it."""
    try:
        parse_note(outside.note)
        cp = verify_checkpoint(outside.note, keys=keys, threshold=threshold)
    except VerificationError as exc:
        raise VerificationError(f"checkpoint {outside.label}: {exc}") from None
    if cp.size > size:
        raise VerificationError(
            f"checkpoint {outside.label} is signed at {cp.size} leaves but the database has "
            f"only {size}: leaves {size}..{cp.size - 1} were truncated or rolled back"
        )
    return cp
