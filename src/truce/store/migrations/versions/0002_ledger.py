"""Evidence ledger: state, leaves, tiles of subtree hashes, signed checkpoints.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = ("ledger",)
depends_on = None

#: Same text as truce.store.ledger_tables.RECORD_INDEX_WHERE.
_RECORD_INDEX_WHERE = "kind <> 'observation'"

_BIGINT = sa.Integer().with_variant(sa.BigInteger(), "postgresql")


def upgrade() -> None:
    state = op.create_table(
        "ledger_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
    )
    op.bulk_insert(state, [{"id": 1, "size": 0, "root": hashlib.sha256(b"").digest()}])
    op.create_table(
        "ledger_leaves",
        sa.Column("leaf_index", _BIGINT, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
    )
    # One leaf per record. Observations are left out: their own table has a unique id and a
    # unique leaf_index (the audit joins on leaf_index, so it needs no index here for them).
    op.create_index(
        "ix_ledger_leaves_record",
        "ledger_leaves",
        ["kind", "record_id"],
        unique=True,
        postgresql_where=sa.text(_RECORD_INDEX_WHERE),
        sqlite_where=sa.text(_RECORD_INDEX_WHERE),
    )
    op.create_table(
        "ledger_tiles",
        sa.Column("level", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("idx", _BIGINT, primary_key=True, autoincrement=False),
        sa.Column("hashes", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "ledger_checkpoints",
        sa.Column("id", _BIGINT, primary_key=True, autoincrement=True),
        sa.Column("origin", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ledger_checkpoints_size", "ledger_checkpoints", ["size"])


def downgrade() -> None:
    op.drop_index("ix_ledger_checkpoints_size", "ledger_checkpoints")
    op.drop_table("ledger_checkpoints")
    op.drop_table("ledger_tiles")
    op.drop_index("ix_ledger_leaves_record", "ledger_leaves")
    op.drop_table("ledger_leaves")
    op.drop_table("ledger_state")
