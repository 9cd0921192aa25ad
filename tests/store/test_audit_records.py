"""The audit's re-derivation of columns agrees with what intake and publishing store, and an
edited column of a published report is named."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import new_id, wire
from truce.domain import Observation
from truce.domain.ledger_kinds import LedgerKind
from truce.errors import VerificationError
from truce.intake.normalise import _row
from truce.ledger.canonical import canonical_json
from truce.store import Store
from truce.store.audit_records import RECORD_KINDS
from truce.store.coverage_tables import insert_published
from truce.store.ledger import append_entries
from truce.store.ledger_audit import audit_database


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["explosion", "fire", "flare"]),
    count=st.one_of(st.none(), st.integers(1, 500)),
    lon=st.floats(22, 40, allow_nan=False),
    lat=st.floats(44, 52, allow_nan=False),
    offset=st.sampled_from(["+02:00", "Z", "-05:30", "+00:00"]),
    minute=st.integers(0, 59),
    classification=st.sampled_from(["mission", "restricted"]),
)
def test_derived_columns_are_the_stored_ones(
    kind: str,
    count: int | None,
    lon: float,
    lat: float,
    offset: str,
    minute: int,
    classification: str,
) -> None:
    counted = {"value": count, "qualifier": "exact"} if count else {"qualifier": "unstated"}
    event = {"kind": kind, "count": counted}
    if kind == "explosion":
        event["subtype"] = "impact"
    rec = wire(
        id=new_id(),
        event=event,
        position={"lon": lon, "lat": lat},
        observed={
            "start": f"2025-03-12T18:{minute:02d}:00.25{offset}",
            "end": f"2025-03-12T19:{minute:02d}:00{offset}",
        },
        classification=classification,
    )
    row, _ = _row(Observation.model_validate(rec), 1, 0)
    stored = row._asdict()
    spec = RECORD_KINDS["observation"]
    derived = spec.derive(stored["content"], stored["id"])
    assert dict(zip(spec.columns, derived, strict=True)) == {c: stored[c] for c in spec.columns}


def _publish(store: Store, *, start: str, end: str, at: str) -> str:
    """A published report's ledger record and row, as ``truce report publish`` stores them."""
    record = {"record": "report", "kind": "daily", "date": end[:10], "files": {}}
    record |= {"period": {"start": start, "end": end}, "published_at": at, "figures": {}}
    entry = canonical_json(record)
    rid = f"daily:{end[:10]}:1"
    ts = datetime.fromisoformat
    with store.begin() as conn:
        (leaf,) = append_entries(conn, kind=LedgerKind.REPORT, records=[(rid, entry)])
        insert_published(
            conn, id=rid, start=ts(start).timestamp(), end=ts(end).timestamp(),
            published=ts(at).timestamp(), record=entry.decode("utf-8"), leaf_index=leaf,
        )  # fmt: skip
    return rid


@pytest.mark.parametrize("column", ["period_start", "period_end", "published_ts"])
def test_published_report_columns_are_checked(store: Store, column: str) -> None:
    rid = _publish(
        store, start="2025-03-11T18:00:00+02:00", end="2025-03-12T18:00:00+02:00",
        at="2025-03-12T19:30:05.123456+00:00",
    )  # fmt: skip
    with store.connect() as conn:
        audit_database(conn)
    with store.begin() as conn:
        conn.exec_driver_sql(f"UPDATE published_reports SET {column} = {column} - 86400")
    with store.connect() as conn, pytest.raises(VerificationError) as err:
        audit_database(conn)
    assert str(err.value).startswith(
        f"report {rid} (leaf 0) was altered: column published_reports.{column} holds"
    )
