"""Tables of the evidence ledger (DESIGN.md "Ledger").

* ``ledger_state``: one row (id 1) with the committed tree size and root; appenders lock it
  (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write lock already serialises them).
* ``ledger_leaves``: one row per leaf: index, record kind, record id, leaf hash. A record has
  at most one leaf: a unique index on (kind, record id). On PostgreSQL it leaves out the kinds
  in :data:`SELF_INDEXED_KINDS`, whose own table already holds a unique id and a unique leaf
  index: a second B-tree over random ids is a large share of a bulk import's cost. SQLite
  keeps it whole: the audit's "record added outside the ledger" check is a correlated
  ``NOT EXISTS`` on (kind, record_id), which SQLite (unlike PostgreSQL's anti-join) can only
  answer quickly with this index.
* ``ledger_tiles``: the complete-subtree hashes, 256 per row (see :mod:`truce.ledger.tiles`).
* ``ledger_checkpoints``: signed checkpoints (C2SP signed notes), cosignatures included.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)

from truce.domain.ledger_kinds import LEDGER_KINDS, RECORD_INDEX_WHERE
from truce.store.tables import INT64, metadata

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
    Column("leaf_index", INT64, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)


@dataclass(frozen=True, slots=True)
class SelfIndexedKind:
    """A record kind whose table keeps a unique record id and a unique ``leaf_index`` column."""

    table: str
    id_column: str = "id"
    leaf_index_column: str = "leaf_index"


#: Kinds left out of the unique (kind, record_id) index: their table enforces one leaf per record.
SELF_INDEXED_KINDS: dict[str, SelfIndexedKind] = {
    spec.kind.value: SelfIndexedKind(spec.table, spec.id_column, spec.leaf_index_column)
    for spec in LEDGER_KINDS.values()
    if spec.self_indexed
}


Index(
    "ix_ledger_leaves_record",
    ledger_leaves.c.kind,
    ledger_leaves.c.record_id,
    unique=True,
    postgresql_where=text(RECORD_INDEX_WHERE),
    sqlite_where=text(RECORD_INDEX_WHERE),
)

ledger_tiles = Table(
    "ledger_tiles",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", INT64, primary_key=True, autoincrement=False),
    Column("hashes", LargeBinary, nullable=False),
)

ledger_checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("id", INT64, primary_key=True, autoincrement=True),
    Column("origin", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
    #: The whole signed note (checkpoint body, blank line, signature lines).
    Column("note", Text, nullable=False),
    #: When it was stored, UTC epoch seconds.
    Column("created_at", Float, nullable=False),
)
Index("ix_ledger_checkpoints_size", ledger_checkpoints.c.size)
