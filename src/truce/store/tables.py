"""The database tables (SQLAlchemy Core), shared by the SQLite and PostgreSQL backends.

Other stages define their tables in their own ``*_tables.py`` module on this ``metadata``.
Times are stored as UTC epoch seconds (``Float``), the same on both backends and cheap to
bulk-load; the wire record itself (with its original UTC offsets) is kept verbatim in
``content`` as the canonical JSON that is also the ledger entry.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Index, Integer, MetaData, String, Table, Text

from truce.domain.intake import ObservationRow

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: A 64-bit integer key: INTEGER on SQLite (so an autoincrementing key is the rowid) and
#: BIGINT on PostgreSQL; every ``seq`` column and 64-bit key of the stages' tables uses it.
INT64 = Integer().with_variant(BigInteger(), "postgresql")

observations = Table(
    "observations",
    metadata,
    Column("seq", INT64, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    #: Canonical JSON (RFC 8785) of the wire record: exactly the ledger entry's bytes.
    Column("content", Text, nullable=False),
    Column("source_type", String(16), nullable=False),
    Column("source_id", String(200), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("subtype", String(24)),
    Column("start_ts", Float, nullable=False),
    Column("end_ts", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("count_value", Integer),
    Column("classification", String(16), nullable=False),
    Column("received_ts", Float, nullable=False),
    Column("leaf_index", BigInteger, unique=True),
)
Index("ix_observations_start_ts", observations.c.start_ts)
Index("ix_observations_kind", observations.c.kind)
Index("ix_observations_source_id", observations.c.source_id)

#: Column order used by bulk inserts (``executemany`` / ``COPY``): the prepared row's columns,
#: then the receive time and the leaf index.
OBSERVATION_INSERT_COLUMNS: tuple[str, ...] = (
    *ObservationRow._fields[:-1],
    "received_ts",
    "leaf_index",
)
