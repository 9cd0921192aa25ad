"""One time representation: UTC epoch seconds (Float) in ``ledger_checkpoints`` too.

Revision ID: services_0002
Revises: 0002
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

revision = "services_0002"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    path = Path(__file__).with_name("services_0001_epoch_times.py")
    spec = importlib.util.spec_from_file_location("services_0001_epoch_times", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.to_epoch({"ledger_checkpoints": ("created_at",)})


def downgrade() -> None:
    raise NotImplementedError("times stay epoch seconds")
