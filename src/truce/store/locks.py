"""Locks that serialise what must not run twice at once, and say so when they wait.

* :func:`exclusive` serialises a derivation (``truce fuse``, ``truce check``) across processes:
  a PostgreSQL session advisory lock (``pg_advisory_lock``, on a connection of its own), or on
  SQLite an ``flock`` on a lock file beside the database. Both are released by the operating
  system or the server when the holder dies, even by SIGKILL. Ingests are not blocked: only a
  second derivation of the same name waits.
* :func:`transaction_lock` serialises the rest of a write transaction on PostgreSQL (a
  transaction advisory lock, per schema, released at commit or rollback): the migrations and
  the pinning of the mission identity, which two ``truce init`` or a first ``truce ingest``
  may run at once on a new database. On SQLite a write transaction holds the database's
  write lock already (``BEGIN IMMEDIATE``): nothing more to take.
* :func:`begin_write` starts a SQLite write transaction (``BEGIN IMMEDIATE``): when another
  process holds the write lock it logs that it waits (logger ``truce.store``, shown by the
  CLI), then waits up to the busy timeout and fails with a clear error instead of a traceback.

A waiter is told once, through :data:`log`, before it blocks.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

from truce.errors import ConfigurationError

__all__ = ["DERIVATION_LOCK", "begin_write", "exclusive", "log", "transaction_lock"]

log = logging.getLogger("truce.store")

#: The lock of the derivations (fuse, check): they replace derived records, one at a time.
DERIVATION_LOCK = "derivation"

#: How long a SQLite writer waits for another's write lock before it gives up (seconds).
WRITE_WAIT_S = 60


def _key(name: str) -> int:
    """A stable 63-bit advisory-lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(f"truce:{name}".encode()).digest()[:8], "big") >> 1


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[None]:
    """Hold the cross-process lock ``name`` on this database for the block."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name):
            yield
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield  # a private in-memory database has no other process
        return
    with _flock(Path(f"{database}.{name}.lock"), name):
        yield


def transaction_lock(conn: Connection, name: str) -> None:
    """Hold the lock ``name`` until ``conn``'s (write) transaction ends; see the module doc."""
    if conn.dialect.name != "postgresql":
        return
    key = f"'truce:{name}:' || current_schema()"
    got = conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock(hashtext({key}))").scalar()
    if not got:
        log.warning("waiting: another process is setting up this database (%s)", name)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock(hashtext({key}))")


@contextmanager
def _advisory(engine: Engine, name: str) -> Iterator[None]:
    key = _key(name)
    with engine.connect() as conn:
        got = conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({key})").scalar()
        if not got:
            log.warning("waiting: another %s is running on this database", name)
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({key})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({key})")
            conn.commit()


@contextmanager
def _flock(path: Path, name: str) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("waiting: another %s is running on this database", name)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def begin_write(dbapi: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE`` on SQLite: say so when another writer holds the lock, then wait."""
    try:
        _begin_immediate(dbapi, 0)
        return
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
    log.warning("waiting: another process is writing to this database")
    try:
        _begin_immediate(dbapi, WRITE_WAIT_S * 1000)
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise ConfigurationError(
            f"the database is still locked by another writer after {WRITE_WAIT_S} s",
            hint="wait until the other truce command (an ingest?) has finished, then retry",
        ) from None


def _begin_immediate(dbapi: sqlite3.Connection, timeout_ms: int) -> None:
    dbapi.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    try:
        dbapi.execute("BEGIN IMMEDIATE")
    finally:
        dbapi.execute(f"PRAGMA busy_timeout={WRITE_WAIT_S * 1000}")
