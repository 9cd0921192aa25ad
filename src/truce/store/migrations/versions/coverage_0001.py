"""Coverage records and published reports (issue #13), each with its ledger leaf.

Revision ID: coverage_0001
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "coverage_0001"
down_revision = "0002"
branch_labels = ("coverage",)
depends_on = None

_SEQ = sa.Integer().with_variant(sa.BigInteger(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "coverage",
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("source_type", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start_ts", sa.Float, nullable=False),
        sa.Column("end_ts", sa.Float, nullable=False),
        sa.Column("leaf_index", sa.BigInteger, unique=True),
    )
    op.create_index("ix_coverage_start_ts", "coverage", ["start_ts"])
    op.create_table(
        "published_reports",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("period_start", sa.Float, nullable=False),
        sa.Column("period_end", sa.Float, nullable=False),
        sa.Column("published_ts", sa.Float, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("leaf_index", sa.BigInteger, unique=True),
    )
    op.create_index("ix_published_reports_period_end", "published_reports", ["period_end"])


def downgrade() -> None:
    op.drop_index("ix_published_reports_period_end", table_name="published_reports")
    op.drop_table("published_reports")
    op.drop_index("ix_coverage_start_ts", table_name="coverage")
    op.drop_table("coverage")
