"""Tables of the compliance stage: agreement versions, violations, analysts' decisions.

* ``agreement_versions``: every version checked against, with its canonical document and
  SHA-256 (also appended to the evidence ledger, kind ``agreement_version``).
* ``violations``: derived records, recomputed by ``truce check`` (ids are deterministic, so a
  recomputation keeps the ids decisions point at); the full Violation JSON in ``record``.
* ``violation_decisions``: an analyst's confirmation or dismissal, appended, never edited.

Times are UTC epoch seconds (``Float``), as in :mod:`truce.store.tables`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
)

from truce.domain.violation import Decision, Violation
from truce.store.tables import INT64, metadata

agreement_versions = Table(
    "agreement_versions",
    metadata,
    Column("agreement_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("effective", Float, nullable=False),
    Column("sha256", String(64), nullable=False),
    #: Canonical JSON (RFC 8785) of the version: its SHA-256 is ``sha256``.
    Column("document", Text, nullable=False),
    #: ``<agreement id>@<version>``: the record id of its ledger leaf.
    Column("record_id", String(80), nullable=False, unique=True),
    #: The ledger entry (canonical JSON) exactly as appended, so the audit can re-hash it.
    Column("entry", Text, nullable=False),
    Column("leaf_index", BigInteger, nullable=True),
)

violations = Table(
    "violations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("agreement_id", String(64), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("clause_id", String(64), nullable=False),
    Column("clause_type", String(32), nullable=False),
    Column("record_type", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("attribution", String(64), nullable=False),
    Column("start", Float, nullable=False),
    Column("end", Float, nullable=False),
    Column("lon", Float, nullable=True),
    Column("lat", Float, nullable=True),
    Column("record", Text, nullable=False),
)
Index("ix_violations_start", violations.c.start)

violation_decisions = Table(
    "violation_decisions",
    metadata,
    Column("seq", INT64, primary_key=True, autoincrement=True),
    #: Record id of the decision's ledger leaf (a UUID).
    Column("id", String(36), nullable=False, unique=True),
    Column("violation_id", String(36), nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_at", Float, nullable=False),
    #: Canonical JSON (RFC 8785) of the decision: exactly its ledger entry.
    Column("record", Text, nullable=False),
    Column("leaf_index", BigInteger, nullable=True, unique=True),
)
Index("ix_violation_decisions_violation_id", violation_decisions.c.violation_id)


def stored_version_hashes(conn: Connection, agreement_id: str) -> dict[int, str]:
    """Version number -> SHA-256 of every stored version of the agreement."""
    rows = conn.execute(
        select(agreement_versions.c.version, agreement_versions.c.sha256).where(
            agreement_versions.c.agreement_id == agreement_id
        )
    )
    return {int(v): str(h) for v, h in rows}


def insert_version(
    conn: Connection,
    *,
    agreement_id: str,
    version: int,
    effective: float,
    sha256: str,
    document: str,
    record_id: str,
    entry: str,
    leaf_index: int | None,
) -> None:
    conn.execute(
        insert(agreement_versions).values(
            agreement_id=agreement_id,
            version=version,
            effective=effective,
            sha256=sha256,
            record_id=record_id,
            entry=entry,
            document=document,
            leaf_index=leaf_index,
        )
    )


def replace_violations(conn: Connection, rows: Sequence[Violation]) -> None:
    """Replace every stored violation by ``rows`` (derived records), in ``conn``'s transaction."""
    conn.execute(delete(violations))
    values = [
        {
            "id": str(v.id),
            "agreement_id": v.agreement_id,
            "agreement_version": v.agreement_version,
            "clause_id": v.clause_id,
            "clause_type": v.clause_type,
            "record_type": v.record_type,
            "outcome": v.outcome,
            "attribution": v.attribution,
            "start": v.observed.start.timestamp(),
            "end": v.observed.end.timestamp(),
            "lon": v.lon,
            "lat": v.lat,
            "record": v.model_dump_json(),
        }
        for v in rows
    ]
    for k in range(0, len(values), 1000):
        conn.execute(insert(violations), values[k : k + 1000])


def iter_violations(conn: Connection) -> Iterator[Violation]:
    """Stored violations in (start, id) order."""
    rows = conn.execute(select(violations.c.record).order_by(violations.c.start, violations.c.id))
    for (record,) in rows:
        yield Violation.model_validate_json(record)


@dataclass(frozen=True, slots=True)
class ViolationQuery:
    """Violations whose time overlaps [since, until], of ``clause_ids``, ``clause_types`` and
    ``outcomes``, located inside ``bbox``; an empty tuple or ``None`` means no filter."""

    since: datetime | None = None
    until: datetime | None = None
    clause_ids: tuple[str, ...] = ()
    clause_types: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None


def query_violations(conn: Connection, query: ViolationQuery) -> Iterator[Violation]:
    """The stored violations matching ``query``, in (start, id) order."""
    c = violations.c
    rows = conn.execute(select(c.record).where(*_conditions(query)).order_by(c.start, c.id))
    for (record,) in rows:
        yield Violation.model_validate_json(record)


def _conditions(query: ViolationQuery) -> list[ColumnElement[bool]]:
    c = violations.c
    conds: list[ColumnElement[bool]] = []
    if query.since is not None:
        conds.append(c.end >= query.since.timestamp())
    if query.until is not None:
        conds.append(c.start <= query.until.timestamp())
    for column, values in (
        (c.clause_id, query.clause_ids),
        (c.clause_type, query.clause_types),
        (c.outcome, query.outcomes),
    ):
        if values:
            conds.append(column.in_(values))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        conds.append(and_(c.lon >= west, c.lon <= east, c.lat >= south, c.lat <= north))
    return conds


@dataclass(frozen=True, slots=True)
class ViolationPageQuery:
    """A page of violations in (start, id) order: the filters of :class:`ViolationQuery`, and
    the latest decision's status (``detected``: none yet), the region of the facts
    (``no_region`` stands for none), the (start, id) key to start after and how many; empty or
    ``None``: no filter."""

    where: ViolationQuery = ViolationQuery()
    statuses: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    no_region: str = "other"
    after: tuple[float, str] | None = None
    limit: int | None = None


#: The region of a violation's facts, read from its stored record by each backend's JSON.
_REGION_SQL = {
    "postgresql": "CAST(violations.record AS json) -> 'facts' ->> 'region'",
    "sqlite": "json_extract(violations.record, '$.facts.region')",
}


def page_violations(conn: Connection, query: ViolationPageQuery) -> list[tuple[str, str | None]]:
    """The stored JSON of each violation matching ``query`` and of its latest decision (the
    ledger's order, as :func:`latest_decision_on`; ``None``: not decided), in (start, id)
    order, filtered, keyed and cut in the database."""
    c, d = violations.c, violation_decisions.c
    latest = (
        select(d.record, d.status)
        .where(d.violation_id == c.id)
        .order_by(d.leaf_index.desc())
        .limit(1)
    )
    decision = latest.with_only_columns(d.record).scalar_subquery()
    conds = list(_conditions(query.where))
    if query.statuses:
        status = func.coalesce(latest.with_only_columns(d.status).scalar_subquery(), "detected")
        conds.append(status.in_(query.statuses))
    if query.regions:
        region: ColumnElement[str] = literal_column(_REGION_SQL[conn.dialect.name], String)
        conds.append(func.coalesce(func.nullif(region, ""), query.no_region).in_(query.regions))
    if query.after is not None:
        start, ident = query.after
        conds.append(or_(c.start > start, and_(c.start == start, c.id > ident)))
    stmt = select(c.record, decision).where(*conds).order_by(c.start, c.id)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    return [(str(v), None if x is None else str(x)) for v, x in conn.execute(stmt)]


def violation_records(
    conn: Connection, *, since: float | None = None, until: float | None = None
) -> Iterator[str]:
    """The stored JSON of the violations whose window overlaps [since, until] (timestamps),
    in (start, id) order (:meth:`TimeWindow.overlaps`)."""
    c = violations.c
    conds = []
    if since is not None:
        conds.append(c.end >= since)
    if until is not None:
        conds.append(c.start <= until)
    rows = conn.execute(select(c.record).where(*conds).order_by(c.start, c.id))
    for (record,) in rows:
        yield str(record)


def get_violation(conn: Connection, violation_id: str) -> Violation | None:
    """The stored violation ``violation_id``, or ``None``."""
    row = conn.execute(select(violations.c.record).where(violations.c.id == violation_id)).first()
    return None if row is None else Violation.model_validate_json(row[0])


def violation_exists(conn: Connection, violation_id: str) -> bool:
    row = conn.execute(select(violations.c.id).where(violations.c.id == violation_id)).first()
    return row is not None


def insert_decision(
    conn: Connection,
    *,
    record_id: str,
    violation_id: str,
    status: str,
    decided_at: datetime,
    entry: str,
    leaf_index: int,
) -> None:
    """Store a decision row; its entry (canonical JSON) is already the ledger leaf's."""
    conn.execute(
        insert(violation_decisions).values(
            id=record_id,
            violation_id=violation_id,
            status=status,
            decided_at=decided_at.timestamp(),
            record=entry,
            leaf_index=leaf_index,
        )
    )


def decisions_on(conn: Connection, violation_id: str) -> list[str]:
    """The stored decision records (canonical JSON) on one violation, oldest first."""
    c = violation_decisions.c
    rows = conn.execute(select(c.record).where(c.violation_id == violation_id).order_by(c.seq))
    return [str(r[0]) for r in rows]


def decision_entries_on(conn: Connection, violation_id: str) -> list[tuple[str, int | None]]:
    """Each decision on one violation as (stored record, ledger leaf index), oldest first."""
    c = violation_decisions.c
    stmt = select(c.record, c.leaf_index).where(c.violation_id == violation_id).order_by(c.seq)
    return [(str(r[0]), None if r[1] is None else int(r[1])) for r in conn.execute(stmt)]


def latest_decisions(conn: Connection) -> dict[str, Decision]:
    """The latest decision on each violation (later decisions supersede earlier ones).

    "Later" is the ledger's order (``leaf_index``), which ``truce verify database`` checks,
    not the ``seq`` column: a renumbered ``seq`` cannot flip the current decision.
    """
    c = violation_decisions.c
    rows = conn.execute(select(c.record).order_by(c.leaf_index))
    out: dict[str, Decision] = {}
    for (record,) in rows:
        d = Decision.model_validate_json(record)
        out[str(d.violation_id)] = d
    return out


def latest_decision_on(conn: Connection, violation_id: str) -> Decision | None:
    """The latest decision on one violation, in the ledger's order (as :func:`latest_decisions`)."""
    c = violation_decisions.c
    q = select(c.record).where(c.violation_id == violation_id).order_by(c.leaf_index.desc())
    row = conn.execute(q.limit(1)).first()
    return None if row is None else Decision.model_validate_json(row[0])
