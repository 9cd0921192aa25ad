"""The mission's fusion plane, pinned once (``fusion_plane``, one row).

Fusion measures in a local plane centred on a whole degree near the observers' median. Chosen
again from every stored observer at each ``truce fuse``, the centre flipped when new
observations moved the median past a half degree, and incidents fused before and after the
flip were measured in different planes: the store no longer held what a full recompute gives.

Revision ID: fusionplane_0001
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "fusionplane_0001"
down_revision = "0004"
branch_labels = ("fusionplane",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fusion_plane",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("lon0", sa.Float, nullable=False),
        sa.Column("lat0", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fusion_plane")
