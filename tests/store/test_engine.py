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


def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # bound and closed again: nothing listens there
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_a_postgresql_server_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    """Issue 11.11: which host, port and database, what failed; no traceback, nothing made."""
    import os
    import subprocess
    import sys

    port = _closed_port()
    env = {**os.environ, "TRUCE_DATABASE_URL": f"postgresql+psycopg://truce:x@127.0.0.1:{port}/m"}
    for args in (["init"], ["observations"]):
        data = tmp_path / args[0]
        if args == ["observations"]:
            data.mkdir()  # a folder (its database on the server) to open
        done = subprocess.run(
            [sys.executable, "-m", "truce", *args, "--data", str(data)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert f"127.0.0.1:{port}, database m" in lines[0] and "refused" in lines[0], lines
        assert not data.exists() or list(data.iterdir()) == []
