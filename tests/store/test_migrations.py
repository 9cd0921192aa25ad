"""Migration services_0001: stored timestamps become UTC epoch seconds, values kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from truce.store.engine import _alembic_config, make_engine, migrate, sqlite_url, write_transaction


def test_timestamps_become_epoch_seconds(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("pg_schema_url") if backend == "postgres" else None
    engine = make_engine(url or sqlite_url(tmp_path))
    with write_transaction(engine) as conn:  # the schema as it was before services_0001
        cfg = _alembic_config(conn)
        command.upgrade(cfg, "0002")
        command.upgrade(cfg, "0004")
    start = datetime(2025, 3, 12, 16, 0, 0, 250000, tzinfo=UTC)
    with write_transaction(engine) as conn:
        conn.execute(
            text(
                'INSERT INTO incidents (id, algorithm_version, kind, start, "end", lon, lat, '
                "count_total, n_sources, record) VALUES ('i1', 'v', 'explosion', :s, :e, 38, 48, "
                "1, 1, '{}')"
            ),
            {"s": start, "e": start.replace(minute=5)},
        )
        conn.execute(
            text(
                "INSERT INTO ledger_checkpoints (origin, size, root, note, created_at) "
                "VALUES ('o', 0, :r, 'n', :c)"
            ),
            {"r": b"\0" * 32, "c": start},
        )
    migrate(engine)
    with engine.connect() as conn:
        s, e = conn.execute(text('SELECT start, "end" FROM incidents')).one()
        (c,) = conn.execute(text("SELECT created_at FROM ledger_checkpoints")).one()
    engine.dispose()
    assert float(s) == pytest.approx(start.timestamp(), abs=1e-6)
    assert float(e) == pytest.approx(start.timestamp() + 300, abs=1e-6)
    assert float(c) == pytest.approx(start.timestamp(), abs=1e-6)
