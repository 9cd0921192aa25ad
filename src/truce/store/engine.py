"""Opening a database: SQLite (WAL) by default, PostgreSQL through a URL; migrations to head.

SQLite runs in WAL mode with ``synchronous=FULL``: a commit that returned is on disk, so an
acknowledged observation survives a crash or power loss. Write transactions start with
``BEGIN IMMEDIATE`` so that two writers queue on the lock instead of failing mid-transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Dialect, Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError

from truce.errors import ConfigurationError
from truce.store.locks import begin_write, transaction_lock

_MIGRATIONS = Path(__file__).with_name("migrations")
_WRITE = "truce_write"

#: Connections kept open per engine. A server runs up to 40 request threads (AnyIO's default
#: thread limiter); with SQLAlchemy's default of 5 kept, every request above the fifth opened
#: and closed a connection of its own (a PostgreSQL connection costs a SCRAM handshake, a
#: SQLite one its PRAGMAs). Connections are opened only when that many are in use at once.
_POOL = {"pool_size": 20, "max_overflow": 30}

#: A pooled PostgreSQL connection idle longer than this is pinged before use (seconds).
PING_AFTER_IDLE_S = 1.0


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'truce.db').resolve()}"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with Truce's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60}, **_POOL)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if url.startswith("postgresql"):
        engine = create_engine(url, **_POOL)
        event.listen(engine, "checkout", _idle_pinger(engine.dialect))
        event.listen(engine, "checkin", _note_checkin)
        return engine
    raise ConfigurationError(
        f"unsupported database URL scheme: {url.split(':', 1)[0]}",
        hint="use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB",
    )


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info["truce_idle_since"] = time.monotonic()


def _idle_pinger(dialect: Dialect) -> Callable[[Any, Any, Any], None]:
    """A ``checkout`` listener: check a pooled connection that sat idle before handing it out.

    A connection returned less than :data:`PING_AFTER_IDLE_S` ago was answering then; one
    idle longer (the server may have restarted or closed it) is pinged, and replaced when it
    does not answer (``DisconnectionError``: the pool connects anew). SQLAlchemy's
    ``pool_pre_ping`` pings on every checkout: one more round trip for every request.
    """

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("truce_idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError(f"idle connection lost: {exc}") from exc
        if not alive:
            raise DisconnectionError("idle connection lost")

    return ping_if_idle


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is lazy).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=60000")  # first: a new file's switch to WAL may wait
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A 64 MiB page cache keeps the unique indexes of a million-row import in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE, False):
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        begin_write(dbapi)  # type: ignore[arg-type]
    else:  # a reader: a WAL snapshot, never waiting for a writer
        conn.exec_driver_sql("BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one write transaction: commit on success, roll back on error."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def _alembic_config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the schema to every head (each stage's branch off the base revision).

    Checked first in a read transaction: a database already at its heads (every command but
    the first after an upgrade) is opened without taking the write lock, so that readers
    never wait for a writer.
    """
    with engine.connect() as conn:
        cfg = _alembic_config(conn)
        heads = set(ScriptDirectory.from_config(cfg).get_heads())
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
    with write_transaction(engine) as conn:
        transaction_lock(conn, "migrate")  # two first commands at once: one migrates
        cfg = _alembic_config(conn)
        script = ScriptDirectory.from_config(cfg)
        current = set(MigrationContext.configure(conn).get_current_heads())
        if current == set(script.get_heads()):
            return
        command.upgrade(cfg, "heads")
