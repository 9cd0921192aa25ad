"""An index on the length of each incident's window (``"end" - start``).

``max("end" - start)`` then costs one index lookup, and a query for the incidents that
overlap [since, until] walks ``ix_incidents_start`` from ``since`` minus the longest window
instead of from the first incident (the OGC API's ``datetime``, issue 14).

Revision ID: apiperf_0001
Revises: services_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "apiperf_0001"
down_revision = "services_0001"
branch_labels = ("apiperf",)
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_span", "incidents", [sa.text('("end" - start)')])


def downgrade() -> None:
    op.drop_index("ix_incidents_span", table_name="incidents")
