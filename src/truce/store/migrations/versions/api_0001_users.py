"""API: users, tokens, sessions, the parties' responses, cosignatures, submissions.

Revision ID: api_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "api_0001"
down_revision = "0001"
branch_labels = ("api",)
depends_on = None

_SEQ = sa.Integer().with_variant(sa.BigInteger(), "postgresql")


def _ledgered(name: str, *columns: sa.Column[object]) -> None:
    """A table of ledger records: seq, id, the columns, the canonical record, its leaf."""
    op.create_table(
        name,
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        *columns,
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("leaf_index", sa.BigInteger, nullable=True, unique=True),
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("party", sa.String(64), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
    )
    _ledgered("user_events", sa.Column("name", sa.String(100), nullable=False))
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
    )
    op.create_index("ix_api_tokens_name", "api_tokens", ["name"])
    op.create_table(
        "api_sessions",
        sa.Column("session_hash", sa.String(64), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    _ledgered(
        "responses",
        sa.Column("violation_id", sa.String(36), nullable=False),
        sa.Column("party", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("ix_responses_violation_id", "responses", ["violation_id"])
    _ledgered(
        "cosignatures",
        sa.Column("checkpoint_id", sa.BigInteger, nullable=False),
        sa.Column("key_name", sa.String(200), nullable=False),
    )
    op.create_table(
        "submissions",
        sa.Column("observation_id", sa.String(36), primary_key=True),
        sa.Column("principal", sa.String(100), nullable=False),
    )
    op.create_index("ix_submissions_principal", "submissions", ["principal"])


def downgrade() -> None:
    for name in ("submissions", "cosignatures", "responses", "api_sessions", "api_tokens"):
        op.drop_table(name)
    op.drop_table("user_events")
    op.drop_table("users")
