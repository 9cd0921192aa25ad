"""Observations: the immutable raw records.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observations",
        sa.Column(
            "seq",
            sa.Integer().with_variant(sa.BigInteger(), "postgresql"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("source_type", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("subtype", sa.String(24)),
        sa.Column("start_ts", sa.Float, nullable=False),
        sa.Column("end_ts", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("count_value", sa.Integer),
        sa.Column("classification", sa.String(16), nullable=False),
        sa.Column("received_ts", sa.Float, nullable=False),
        sa.Column("leaf_index", sa.BigInteger),
        sa.PrimaryKeyConstraint("seq", name="pk_observations"),
        sa.UniqueConstraint("id", name="uq_observations_id"),
        sa.UniqueConstraint("leaf_index", name="uq_observations_leaf_index"),
    )
    op.create_index("ix_observations_start_ts", "observations", ["start_ts"])
    op.create_index("ix_observations_kind", "observations", ["kind"])
    op.create_index("ix_observations_source_id", "observations", ["source_id"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _postgis_available(bind):
        # A generated point column with a GiST index: spatial SQL for analysts, no cost to COPY.
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute(
            "ALTER TABLE observations ADD COLUMN geom geometry(Point, 4326) "
            "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED"
        )
        op.execute("CREATE INDEX ix_observations_geom ON observations USING gist (geom)")


def downgrade() -> None:
    op.drop_table("observations")


def _postgis_available(bind: sa.engine.Connection) -> bool:
    row = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
    ).first()
    return row is not None
