"""Coverage records (``coverage/1``) and published reports, each with its ledger leaf.

* ``coverage``: one row per coverage record; ``content`` is its canonical JSON (RFC 8785),
  exactly the ledger entry's bytes; times as UTC epoch seconds, like ``observations``.
* ``published_reports``: one row per published report period; ``record`` is the ledger
  entry (the figures and the SHA-256 of every file written).

Persistence only: rows in, rows out; the services build and canonicalise the records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    String,
    Table,
    Text,
    insert,
    select,
)
from sqlalchemy.engine import Connection

from truce.store.tables import INT64, metadata

coverage = Table(
    "coverage",
    metadata,
    Column("seq", INT64, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("content", Text, nullable=False),
    Column("source_type", String(16), nullable=False),
    Column("source_id", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("start_ts", Float, nullable=False),
    Column("end_ts", Float, nullable=False),
    Column("leaf_index", BigInteger, unique=True),
)
Index("ix_coverage_start_ts", coverage.c.start_ts)

published_reports = Table(
    "published_reports",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("period_start", Float, nullable=False),
    Column("period_end", Float, nullable=False),
    Column("published_ts", Float, nullable=False),
    Column("record", Text, nullable=False),
    Column("leaf_index", BigInteger, unique=True),
)
Index("ix_published_reports_period_end", published_reports.c.period_end)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    id: str
    content: str
    source_type: str
    source_id: str
    status: str
    start_ts: float
    end_ts: float
    leaf_index: int


def existing_coverage(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    """id -> stored content, for those of ``ids`` already stored."""
    out: dict[str, str] = {}
    for k in range(0, len(ids), 500):
        part = list(ids[k : k + 500])
        rows = conn.execute(
            select(coverage.c.id, coverage.c.content).where(coverage.c.id.in_(part))
        )
        out.update({str(i): str(c) for i, c in rows})
    return out


def insert_coverage(conn: Connection, rows: Sequence[CoverageRow]) -> None:
    if rows:
        conn.execute(insert(coverage), [_row(r) for r in rows])


def _row(r: CoverageRow) -> dict[str, object]:
    return {name: getattr(r, name) for name in CoverageRow.__slots__}


def iter_coverage(
    conn: Connection, *, since: float | None = None, until: float | None = None
) -> Iterator[tuple[str, int | None]]:
    """(content, leaf index) of records whose duty period overlaps ``[since, until)``."""
    q = select(coverage.c.content, coverage.c.leaf_index).order_by(coverage.c.seq)
    if until is not None:
        q = q.where(coverage.c.start_ts < until)
    if since is not None:
        q = q.where(coverage.c.end_ts > since)
    for content, leaf in conn.execute(q):
        yield str(content), (None if leaf is None else int(leaf))


def insert_published(
    conn: Connection, *, id: str, start: float, end: float, published: float, record: str,
    leaf_index: int,
) -> None:  # fmt: skip
    conn.execute(
        insert(published_reports).values(
            id=id,
            period_start=start,
            period_end=end,
            published_ts=published,
            record=record,
            leaf_index=leaf_index,
        )  # fmt: skip
    )


def published_rows(conn: Connection) -> list[tuple[str, float, float, float, str, int]]:
    c = published_reports.c
    q = select(c.id, c.period_start, c.period_end, c.published_ts, c.record, c.leaf_index)
    return [
        (str(a), float(b), float(e), float(p), str(r), int(k))
        for a, b, e, p, r, k in conn.execute(q.order_by(c.period_end))
    ]


def observation_leaves(conn: Connection, ids: Sequence[str]) -> dict[str, int]:
    """Observation id -> its leaf index, for the given ids (in chunks of 500)."""
    from truce.store.tables import observations

    out: dict[str, int] = {}
    c = observations.c
    for k in range(0, len(ids), 500):
        part = list(ids[k : k + 500])
        rows = conn.execute(select(c.id, c.leaf_index).where(c.id.in_(part)))
        out.update({str(i): int(leaf) for i, leaf in rows if leaf is not None})
    return out


def decision_leaves(conn: Connection) -> dict[str, int]:
    """Violation id -> the leaf index of its latest decision."""
    from truce.store.compliance_tables import violation_decisions as d

    rows = conn.execute(select(d.c.violation_id, d.c.leaf_index).order_by(d.c.seq))
    return {str(v): int(leaf) for v, leaf in rows if leaf is not None}
