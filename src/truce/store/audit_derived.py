"""The stored derived records as the integrity check compares them: rows as plain values.

Incidents and violations are derived (``truce fuse``, ``truce check``): ``truce verify
database --derived`` recomputes them from the verified observations and agreement versions and
compares every column and link with what is stored here. :func:`incident_row` and
:func:`violation_row` are the values :mod:`truce.store.fusion_tables` and
:mod:`truce.store.compliance_tables` write for a record, in one comparable form.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from truce.domain.incident import Incident
from truce.domain.violation import Violation

__all__ = [
    "incident_links",
    "incident_row",
    "stored_incident_rows",
    "stored_violation_rows",
    "stored_versions",
    "violation_row",
]

Row = dict[str, Any]

_INCIDENT_COLUMNS = (
    "id",
    "algorithm_version",
    "kind",
    "start",
    "end",
    "lon",
    "lat",
    "count_total",
    "n_sources",
    "record",
)
_VIOLATION_COLUMNS = (
    "id",
    "agreement_id",
    "agreement_version",
    "clause_id",
    "clause_type",
    "record_type",
    "outcome",
    "attribution",
    "start",
    "end",
    "lon",
    "lat",
    "record",
)


def _normal(value: Any, column: str = "") -> Any:
    if isinstance(value, str) and column in ("start", "end"):  # SQLite's DateTime text
        value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _rows(conn: Connection, table: str, columns: tuple[str, ...]) -> Iterator[Row]:
    cols = ", ".join(f'"{c}"' for c in columns)
    result = conn.execution_options(stream_results=True, yield_per=5000).exec_driver_sql(
        f"SELECT {cols} FROM {table}"
    )
    for values in result:
        yield {c: _normal(v, c) for c, v in zip(columns, values, strict=True)}


def stored_incident_rows(conn: Connection) -> dict[str, Row]:
    return {str(r["id"]): r for r in _rows(conn, "incidents", _INCIDENT_COLUMNS)}


def stored_violation_rows(conn: Connection) -> dict[str, Row]:
    return {str(r["id"]): r for r in _rows(conn, "violations", _VIOLATION_COLUMNS)}


def incident_links(conn: Connection) -> dict[str, str]:
    """Observation id -> the incident that rests on it."""
    rows = conn.exec_driver_sql("SELECT observation_id, incident_id FROM incident_observations")
    return {str(o): str(i) for o, i in rows}


def stored_versions(conn: Connection) -> list[str]:
    """The canonical documents of the stored agreement versions (checked by the audit)."""
    rows = conn.exec_driver_sql("SELECT document FROM agreement_versions ORDER BY version")
    return [str(d) for (d,) in rows]


def incident_row(i: Incident) -> Row:
    """The stored values of an incident, as :func:`stored_incident_rows` reads them."""
    values = (
        str(i.id),
        i.algorithm_version,
        i.kind.value,
        i.window.start,
        i.window.end,
        i.lon,
        i.lat,
        i.counts.total,
        i.n_sources,
        i.model_dump_json(),
    )
    return {c: _normal(v) for c, v in zip(_INCIDENT_COLUMNS, values, strict=True)}


def violation_row(v: Violation) -> Row:
    """The stored values of a violation, as :func:`stored_violation_rows` reads them."""
    values = (
        str(v.id),
        v.agreement_id,
        v.agreement_version,
        v.clause_id,
        v.clause_type,
        v.record_type,
        v.outcome,
        v.attribution,
        v.observed.start.timestamp(),
        v.observed.end.timestamp(),
        v.lon,
        v.lat,
        v.model_dump_json(),
    )
    return {c: _normal(val) for c, val in zip(_VIOLATION_COLUMNS, values, strict=True)}
