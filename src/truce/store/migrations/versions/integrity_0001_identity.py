"""The mission identity: checkpoint origin and verifier key, pinned once.

Revision ID: integrity_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "integrity_0001"
down_revision = "0001"
branch_labels = ("integrity",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mission_identity",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("origin", sa.String(200), nullable=False),
        sa.Column("verifier_key", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mission_identity")
