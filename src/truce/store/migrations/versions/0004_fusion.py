"""Fused incidents (derived, recomputable) and their contributing observations.

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = ("fusion",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("algorithm_version", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("count_total", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_incidents_start", "incidents", ["start"])
    op.create_table(
        "incident_observations",
        sa.Column("observation_id", sa.String(36), primary_key=True),
        sa.Column("incident_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_incident_observations_incident", "incident_observations", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_observations_incident", table_name="incident_observations")
    op.drop_table("incident_observations")
    op.drop_index("ix_incidents_start", table_name="incidents")
    op.drop_table("incidents")
