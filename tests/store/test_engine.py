"""Opening a store: migrations to every head, SQLite durability settings, PostGIS column."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from truce.errors import ConfigurationError
from truce.store import Store, open_store
from truce.store.engine import _MIGRATIONS, make_engine


def test_every_stage_branch_is_migrated(store: Store) -> None:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with store.connect() as conn:
        applied = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
        tables = set(inspect(conn).get_table_names())
    assert applied == heads and len(heads) >= 3
    assert {"observations", "ledger_leaves", "ledger_tiles", "incidents", "violations"} <= tables


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    store = open_store(tmp_path)
    assert store.count_observations() == 0
    store.close()


def test_sqlite_is_durable_wal(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    store.close()


def test_unsupported_database_url_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="unsupported database URL scheme: mysql"):
        make_engine("mysql://u:p@h/db")


@pytest.mark.postgres
def test_postgis_point_column_is_generated(pg_schema_url: str, tmp_path: Path) -> None:
    store = open_store(tmp_path, url=pg_schema_url)
    with store.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first():
            columns = {c["name"] for c in inspect(conn).get_columns("observations")}
            assert "geom" in columns
    store.close()
