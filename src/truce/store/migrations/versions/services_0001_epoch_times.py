"""One time representation: UTC epoch seconds (Float) in the incidents table too.

Observations, violations, decisions and agreement versions already store times as epoch
seconds; ``incidents.start``/``end`` were timestamps. (``services_0002`` does the same for
``ledger_checkpoints.created_at``.)

Revision ID: services_0001
Revises: 0004
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "services_0001"
down_revision = "0004"
branch_labels = ("services",)
depends_on = None

_COLUMNS: dict[str, tuple[str, ...]] = {"incidents": ("start", "end")}


def _epoch(value: object) -> float:
    """A stored SQLite timestamp (text, UTC) as epoch seconds."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def upgrade() -> None:
    to_epoch(_COLUMNS)


def to_epoch(tables: dict[str, tuple[str, ...]]) -> None:
    """Turn the timestamp columns of ``tables`` into epoch seconds, keeping their values."""
    bind = op.get_bind()
    for table, columns in tables.items():
        if bind.dialect.name == "postgresql":
            for col in columns:
                op.execute(
                    f'ALTER TABLE {table} ALTER COLUMN "{col}" TYPE double precision '
                    f'USING extract(epoch FROM "{col}")'
                )
            continue
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = bind.execute(sa.text(f"SELECT id, {quoted} FROM {table}")).all()
        with op.batch_alter_table(table) as batch:
            for col in columns:
                batch.alter_column(col, type_=sa.Float, existing_nullable=False)
        for row in rows:
            values = {c: _epoch(v) for c, v in zip(columns, row[1:], strict=True)}
            sets = ", ".join(f'"{c}" = :{c}' for c in columns)
            bind.execute(
                sa.text(f"UPDATE {table} SET {sets} WHERE id = :k"), {**values, "k": row[0]}
            )


def downgrade() -> None:
    raise NotImplementedError("times stay epoch seconds")
