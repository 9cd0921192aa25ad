"""Storage: tables, the SQLite and PostgreSQL backends, migrations.

``open_store`` gives a :class:`Store`; everything that writes does so inside
``store.begin()``, one transaction, so that a record and its ledger leaf commit together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, func, inspect, select
from sqlalchemy.exc import DBAPIError

from truce.domain import Observation
from truce.errors import DatabaseUnavailable, NoMission
from truce.settings import data_dir as _default_data_dir
from truce.settings import redact_url, setting
from truce.store.engine import make_engine, migrate, sqlite_url, write_transaction
from truce.store.observations import ObservationQuery, iter_contents
from truce.store.tables import observations

__all__ = ["ObservationQuery", "Store", "create_store", "open_existing_store", "open_store"]


@dataclass(frozen=True)
class Store:
    """An open mission database and its data folder."""

    engine: Engine
    data_dir: Path

    def __repr__(self) -> str:
        return f"Store({redact_url(self.engine.url.render_as_string(hide_password=True))})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One write transaction: commits when the block ends, rolls back on an exception."""
        with write_transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read-only connection (its implicit transaction is rolled back at the end)."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def read_statement(self) -> Iterator[Connection]:
        """A connection for one read statement, outside any transaction block.

        On PostgreSQL in autocommit mode: no ``BEGIN`` before the statement and no ``ROLLBACK``
        after it, two round trips fewer (the hot lookups of every request: the caller's token).
        On SQLite the same as :meth:`connect` (a read there costs no round trip). Use
        :meth:`connect` for several statements or a streamed result.
        """
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    def iter_observations(self, query: ObservationQuery | None = None) -> Iterator[Observation]:
        """Stored observations matching ``query``, in the order they were accepted."""
        with self.connect() as conn:
            for content in iter_contents(conn, query or ObservationQuery()):
                yield Observation.model_validate_json(content)

    def count_observations(self) -> int:
        with self.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(observations)).scalar_one())

    def close(self) -> None:
        self.engine.dispose()


def _reach(engine: Engine) -> None:
    """Connect once; a database that cannot be reached is one line naming where and what
    failed (:class:`~truce.errors.DatabaseUnavailable`), never a driver's traceback."""
    try:
        with engine.connect():
            return
    except DBAPIError as exc:
        engine.dispose()
        u = engine.url
        where = f"{u.host or 'localhost'}:{u.port or 5432}, database {u.database}"
        if u.get_backend_name() == "sqlite":
            where = u.database or "memory"
        elif u.username:
            where += f", user {u.username}"
        reason = "; ".join(
            line.strip() for line in str(exc.orig or exc).splitlines() if line.strip()
        )
        raise DatabaseUnavailable(
            f"cannot connect to the {u.get_backend_name()} database at {where}: {reason}"
        ) from None


def open_store(data_dir: Path | None = None, *, url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the mission database.

    The URL is ``url``, else ``TRUCE_DATABASE_URL``, else a SQLite file ``truce.db`` in the
    data folder (``--data``/``TRUCE_DATA``, default ``./truce-data``), which is created.
    """
    folder = _default_data_dir(data_dir)
    url = url or setting("database_url")
    if url is not None and not url.startswith("sqlite"):
        engine = make_engine(url)
        _reach(engine)  # before anything is created
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url or sqlite_url(folder))
    migrate(engine)
    return Store(engine=engine, data_dir=folder)


def create_store(data_dir: Path, *, url: str | None = None) -> Store:
    """The mission database in ``data_dir`` (or at ``url``), created and migrated if needed."""
    return open_store(data_dir, url=url)


def open_existing_store(data_dir: Path, *, url: str | None = None) -> Store:
    """The mission database of ``data_dir``, migrated to the current schema; creates nothing.

    Raises :class:`~truce.errors.NoMission` when the folder is missing, when its SQLite file
    is missing, or when the database at ``url`` has no Truce schema.
    """
    missing = NoMission(
        f"no mission in {data_dir} (run truce init)", hint=f"run: truce init --data {data_dir}"
    )
    if not data_dir.is_dir():
        raise missing
    if url is None:
        if not (data_dir / "truce.db").is_file():
            raise missing
        url = sqlite_url(data_dir)
    elif url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise missing  # connecting would create an empty file
    engine = make_engine(url)
    _reach(engine)
    try:
        with engine.connect() as conn:
            made = inspect(conn).has_table("alembic_version")
    except Exception:
        engine.dispose()
        raise
    if not made:
        engine.dispose()
        raise missing
    migrate(engine)
    return Store(engine=engine, data_dir=data_dir)
