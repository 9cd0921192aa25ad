"""Tables of the evidence ledger (DESIGN.md "Ledger").

* ``ledger_state``: one row (id 1) with the committed tree size and root; appenders lock it
  (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write lock already serialises them).
* ``ledger_leaves``: one row per leaf: index, record kind, record id, leaf hash.
* ``ledger_tiles``: the complete-subtree hashes, 256 per row (see :mod:`truce.ledger.tiles`).
* ``ledger_checkpoints``: signed checkpoints (C2SP signed notes), cosignatures included.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from truce.store.tables import metadata

_BIGINT = Integer().with_variant(BigInteger(), "postgresql")

ledger_state = Table(
    "ledger_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
)

ledger_leaves = Table(
    "ledger_leaves",
    metadata,
    Column("leaf_index", _BIGINT, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)
Index("ix_ledger_leaves_record", ledger_leaves.c.kind, ledger_leaves.c.record_id, unique=True)

ledger_tiles = Table(
    "ledger_tiles",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", _BIGINT, primary_key=True, autoincrement=False),
    Column("hashes", LargeBinary, nullable=False),
)

ledger_checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("id", _BIGINT, primary_key=True, autoincrement=True),
    Column("origin", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
    #: The whole signed note (checkpoint body, blank line, signature lines).
    Column("note", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_ledger_checkpoints_size", ledger_checkpoints.c.size)
