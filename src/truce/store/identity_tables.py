"""The mission's identity in its database: the checkpoint origin and the verifier key.

One row (id 1), written once when the mission is created (``truce init``, or the first
checkpoint of an older mission) and never changed by Truce: every data folder that signs for
this database must hold the matching private key, and ``truce verify database`` checks every
stored checkpoint against this key. Someone with write access to the database can change the
row too; that is why ``truce init`` prints the key once, to be kept outside the mission (in the
agreement, by the parties): ``truce verify database --key KEY`` then checks against that copy,
and the data folder's own ``mission.pub`` must agree with the row.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Connection, DateTime, Integer, String, Table, Text, insert, select

from truce.errors import VerificationError
from truce.ledger.keys import VerifierKey, parse_verifier
from truce.store.locks import transaction_lock
from truce.store.tables import metadata

__all__ = ["lock_identity", "mission_identity", "pin_identity", "read_identity"]

mission_identity = Table(
    "mission_identity",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("origin", String(200), nullable=False),
    #: The signed-note verifier key (``name+hex key ID+base64 key``); its name is ``origin``.
    Column("verifier_key", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def lock_identity(conn: Connection) -> None:
    """Serialise the pinning in ``conn``'s write transaction (two first commands at once)."""
    transaction_lock(conn, "identity")


def read_identity(conn: Connection) -> VerifierKey | None:
    """The mission's pinned verifier key, or ``None`` when none is pinned yet."""
    row = conn.execute(
        select(mission_identity.c.origin, mission_identity.c.verifier_key).where(
            mission_identity.c.id == 1
        )
    ).first()
    if row is None:
        return None
    try:
        key = parse_verifier(str(row.verifier_key))
    except Exception as exc:  # an edited row: say so, not a parse traceback
        raise VerificationError(
            f"the mission identity in the database is not a key: {exc}"
        ) from None
    if key.name != row.origin:
        raise VerificationError(
            f"the mission identity in the database was altered: origin {row.origin!r}, "
            f"key name {key.name!r}"
        )
    return key


def pin_identity(conn: Connection, key: VerifierKey) -> None:
    """Store the mission's identity (in the caller's transaction); only once."""
    conn.execute(
        insert(mission_identity).values(
            id=1, origin=key.name, verifier_key=key.encode(), created_at=datetime.now(UTC)
        )
    )
