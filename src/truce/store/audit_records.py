"""What ``truce verify database`` checks of each ledgered record: its row against its leaf.

Each record kind in the ledger is registered in :data:`RECORD_KINDS` with its table, the
column that holds its canonical entry (the exact bytes its leaf hashes) and every other column
that queries read, with how to re-derive each of them from the entry. A stored column is thus
either the entry itself or a function of it, and the audit recomputes and compares every one:
an edited ``observations.kind`` or ``violation_decisions.status`` is named, not just an edited
entry. A kind's ``order_column`` (``seq``) must follow the ledger's order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from truce.domain.ledger_kinds import LEDGER_KINDS
from truce.errors import VerificationError
from truce.ledger.canonical import leaf_hash

__all__ = [
    "RECORD_KINDS",
    "RecordKind",
    "check_leaf",
    "leaf_stream",
    "stored_entries",
    "unregistered_leaf",
]

#: Re-derives the stored columns of a record from its entry (canonical JSON) and record id.
Derive = Callable[[str, str], tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class RecordKind:
    """Where the records of one ledger kind are stored, and how their columns derive."""

    table: str
    derive: Derive
    #: Columns compared with ``derive``'s values, in its order.
    columns: tuple[str, ...]
    #: A column whose order must be the ledger's (listings sort by it), or ``None``.
    order_column: str | None = "seq"
    id_column: str = "id"
    content_column: str = "content"
    leaf_index_column: str = "leaf_index"


def _ts(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def _observation(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    event, observed, pos, source = d["event"], d["observed"], d["position"], d["source"]
    count = event.get("count", {"value": 1})
    return (
        d["id"],
        source["type"],
        source["id"],
        event["kind"],
        event.get("subtype"),
        _ts(observed["start"]),
        _ts(observed["end"]),
        pos["lon"],
        pos["lat"],
        count.get("value"),
        d.get("classification", "mission"),
    )


def _agreement_version(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    return (f"{d['agreement']}@{d['version']}", d["agreement"], d["version"], _ts(d["effective"]))


def _decision(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    return (d["violation_id"], d["status"], _ts(d["decided_at"]))


def _user(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    return (d["id"], d["name"])


def _response(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    return (d["id"], d["violation_id"], d["party"], d["status"], float(d["at"]))


def _cosignature(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    return (d["id"], d["checkpoint_id"], d["key_name"])


def _coverage(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    source, observed = d["source"], d["observed"]
    return (
        d["id"],
        source["type"],
        source["id"],
        d["status"],
        _ts(observed["start"]),
        _ts(observed["end"]),
    )


def _report(entry: str, record_id: str) -> tuple[Any, ...]:
    d = json.loads(entry)
    period = d["period"]
    return (_ts(period["start"]), _ts(period["end"]), _ts(d["published_at"]))


def _entry_only(entry: str, record_id: str) -> tuple[Any, ...]:
    return ()


_OBSERVATION_COLUMNS = (
    "id",
    "source_type",
    "source_id",
    "kind",
    "subtype",
    "start_ts",
    "end_ts",
    "lon",
    "lat",
    "count_value",
    "classification",
)

#: Kind -> how its stored columns derive from its entry, and its order column. A kind of the
#: registry that is not here has only its entry checked (no column stored apart from it).
_DERIVED: dict[str, tuple[Derive, tuple[str, ...], str | None]] = {
    "observation": (_observation, _OBSERVATION_COLUMNS, "seq"),
    "agreement_version": (
        _agreement_version,
        ("record_id", "agreement_id", "version", "effective"),
        None,
    ),
    "decision": (_decision, ("violation_id", "status", "decided_at"), "seq"),
    "user": (_user, ("id", "name"), "seq"),
    "response": (
        _response,
        ("id", "violation_id", "party", "status", "created_at"),
        "seq",
    ),
    "cosignature": (_cosignature, ("id", "checkpoint_id", "key_name"), "seq"),
    "coverage": (
        _coverage,
        ("id", "source_type", "source_id", "status", "start_ts", "end_ts"),
        "seq",
    ),
    # published_reports: one row per publication, no seq
    "report": (_report, ("period_start", "period_end", "published_ts"), None),
}

#: Columns holding a time its entry rounds to milliseconds (``"at"``): rows written before
#: the writer stored the rounded value may differ from it by the rounding, no more.
_MILLISECONDS = frozenset({("responses", "created_at")})

#: Record kind -> its table (from the ledger-kind registry) and derived columns.
RECORD_KINDS: dict[str, RecordKind] = {
    spec.kind.value: RecordKind(
        spec.table,
        *_DERIVED.get(spec.kind.value, (_entry_only, (), "seq")),
        id_column=spec.id_column,
        content_column=spec.content_column,
        leaf_index_column=spec.leaf_index_column,
    )
    for spec in LEDGER_KINDS.values()
}


def leaf_stream(conn: Connection, kind: str) -> Iterator[Any]:
    """The leaves of ``kind`` in ledger order, each joined with the row that claims its leaf
    index (or NULLs); :func:`check_leaf` checks that row is the leaf's record.

    Joined on the leaf index, not the record id: the table's leaf-index order is (nearly) its
    storage order, so a million-record audit reads it sequentially instead of seeking each id.

    Row: leaf index, kind, record id, leaf hash, record id column, content, record's leaf
    index, order column, then the kind's ``columns`` (and the document of an agreement version).
    """
    spec = RECORD_KINDS[kind]
    order = f"r.{spec.order_column}" if spec.order_column else "NULL"
    cols = "".join(f", r.{c}" for c in (*spec.columns, *_extra(kind)))
    sql = (
        f"SELECT l.leaf_index, l.kind, l.record_id, l.leaf_hash, r.{spec.id_column}, "
        f"r.{spec.content_column}, r.{spec.leaf_index_column}, {order}{cols} "
        f"FROM ledger_leaves l LEFT JOIN {spec.table} r "
        f"ON r.{spec.leaf_index_column} = l.leaf_index "
        f"WHERE l.kind = '{kind}' ORDER BY l.leaf_index"
    )
    yield from conn.execution_options(stream_results=True, yield_per=10000).exec_driver_sql(sql)


def stored_entries(conn: Connection, *, kind: str, first: int, end: int) -> dict[int, str]:
    """Leaf index -> the stored entry (canonical JSON) of each ``kind`` record whose leaf is in
    ``[first, end)``. ``kind`` must be registered in :data:`RECORD_KINDS` (else ``KeyError``).
    """
    spec = RECORD_KINDS[kind]
    leaf, m = spec.leaf_index_column, "%s" if conn.dialect.name == "postgresql" else "?"
    rows = conn.exec_driver_sql(
        f"SELECT {leaf}, {spec.content_column} FROM {spec.table} "
        f"WHERE {leaf} >= {m} AND {leaf} < {m}",
        (first, end),
    )
    return {int(index): str(content) for index, content in rows}


def _extra(kind: str) -> tuple[str, ...]:
    return ("sha256", "document") if kind == "agreement_version" else ()


def unregistered_leaf(conn: Connection) -> Any | None:
    """The first leaf whose kind is not registered (its record cannot be checked), if any."""
    kinds = ", ".join(f"'{k}'" for k in RECORD_KINDS)
    return conn.exec_driver_sql(
        "SELECT leaf_index, kind, record_id FROM ledger_leaves "
        f"WHERE kind NOT IN ({kinds}) ORDER BY leaf_index LIMIT 1"
    ).first()


class OrderCheck:
    """Checks that each kind's ``order_column`` increases along the ledger."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[int, str]] = {}

    def see(self, kind: str, what: str, value: Any) -> None:
        if value is None and RECORD_KINDS[kind].order_column is None:
            return
        column = RECORD_KINDS[kind].order_column
        prev = self._last.get(kind)
        if value is None or (prev is not None and int(value) <= prev[0]):
            after = f" (it follows {prev[1]}, {column} {prev[0]})" if prev else ""
            raise VerificationError(
                f"{what}: {column} {value} is out of the ledger's order{after}: renumbered"
            )
        self._last[kind] = (int(value), what)


def check_leaf(conn: Connection, row: Any, expected_index: int, order: OrderCheck) -> bytes:
    """Check one leaf and its record's row; return the leaf hash recomputed from the record."""
    index, kind, record_id, stored, rec_id, content, rec_index, seq, *values = row
    what = f"{kind} {record_id} (leaf {index})"
    if index != expected_index:
        raise VerificationError(f"leaf {expected_index} is missing from the ledger")
    if rec_id is None or str(rec_id) != str(record_id):
        _misplaced(conn, kind, str(record_id), what, index)
    entry = str(content)
    actual = leaf_hash(entry.encode("utf-8"))
    if actual != bytes(stored):
        raise VerificationError(
            f"{what} was altered: leaf hash expected {bytes(stored).hex()}, "
            f"the stored content hashes to {actual.hex()}"
        )
    _check_columns(kind, what, entry, str(record_id), values)
    order.see(kind, what, seq)
    return actual


def _misplaced(conn: Connection, kind: str, record_id: str, what: str, index: int) -> None:
    """Name why leaf ``index``'s record is not the row at that leaf index: removed, or
    pointing at another leaf (reordered)."""
    spec = RECORD_KINDS[kind]
    m = "%s" if conn.dialect.name == "postgresql" else "?"
    found = conn.exec_driver_sql(
        f"SELECT {spec.leaf_index_column} FROM {spec.table} WHERE {spec.id_column} = {m}",
        (record_id,),
    ).first()
    if found is None:
        raise VerificationError(f"{what} was removed: its record is missing")
    raise VerificationError(
        f"{what} was reordered: the record points at leaf {found[0]}, expected {index}"
    )


def _check_columns(kind: str, what: str, entry: str, record_id: str, values: list[Any]) -> None:
    spec = RECORD_KINDS[kind]
    try:
        expected = spec.derive(entry, record_id)
    except (KeyError, TypeError, ValueError) as exc:
        raise VerificationError(f"{what}: its ledger entry is not a valid {kind}: {exc}") from None
    if tuple(values[: len(expected)]) == expected and kind != "agreement_version":
        return  # the common case, at C speed; a mismatch may be a representation only
    for column, want, got in zip(spec.columns, expected, values, strict=False):
        if (spec.table, column) in _MILLISECONDS and _within_ms(got, want):
            continue
        if _normal(got) != _normal(want):
            raise VerificationError(
                f"{what} was altered: column {spec.table}.{column} holds {got!r}, "
                f"its ledger entry says {want!r}"
            )
    if kind == "agreement_version":
        _check_document(what, entry, values[len(spec.columns) :])


def _check_document(what: str, entry: str, values: list[Any]) -> None:
    sha256, document = values
    want = json.loads(entry)["sha256"]
    if sha256 != want:
        raise VerificationError(
            f"{what} was altered: column agreement_versions.sha256 holds {sha256!r}, "
            f"its ledger entry says {want!r}"
        )
    got = hashlib.sha256(str(document).encode("utf-8")).hexdigest()
    if got != want:
        raise VerificationError(
            f"{what} was altered: column agreement_versions.document hashes to {got}, "
            f"its ledger entry says {want}"
        )


def _normal(value: Any) -> Any:
    """One representation for comparing a stored value with a derived one."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def _within_ms(got: Any, want: Any) -> bool:
    return isinstance(got, int | float) and abs(float(got) - float(want)) <= 0.0005
