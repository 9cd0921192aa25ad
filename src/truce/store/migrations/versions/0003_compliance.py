"""Compliance: agreement versions, violations, analysts' decisions.

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = ("compliance",)
depends_on = None

_SEQ = sa.Integer().with_variant(sa.BigInteger(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "agreement_versions",
        sa.Column("agreement_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("effective", sa.Float, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("record_id", sa.String(80), nullable=False, unique=True),
        sa.Column("entry", sa.Text, nullable=False),
        sa.Column("leaf_index", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "violations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("agreement_version", sa.Integer, nullable=False),
        sa.Column("clause_id", sa.String(64), nullable=False),
        sa.Column("clause_type", sa.String(32), nullable=False),
        sa.Column("record_type", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("attribution", sa.String(64), nullable=False),
        sa.Column("start", sa.Float, nullable=False),
        sa.Column("end", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_violations_start", "violations", ["start"])
    op.create_table(
        "violation_decisions",
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("violation_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.Float, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("leaf_index", sa.BigInteger, nullable=True, unique=True),
    )
    op.create_index("ix_violation_decisions_violation_id", "violation_decisions", ["violation_id"])


def downgrade() -> None:
    op.drop_index("ix_violation_decisions_violation_id", table_name="violation_decisions")
    op.drop_table("violation_decisions")
    op.drop_index("ix_violations_start", table_name="violations")
    op.drop_table("violations")
    op.drop_table("agreement_versions")
