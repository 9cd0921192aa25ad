"""``check_store`` on both backends: ledgered agreement versions, stored violations, decisions."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.agreement.conftest import point_from_line
from tests.factories import new_id, wire
from truce.agreement import AgreementHistory, SpatialIndex
from truce.compliance.model import Decision
from truce.errors import Conflict, NotFound
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.intake.service import ingest
from truce.services.compliance import check_store, decide, register_versions, stored_violations
from truce.store import Store
from truce.store.compliance_tables import agreement_versions
from truce.store.ledger import current_tree


def _ingest(store: Store, *records: dict[str, object]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    report = ingest(
        store=store,
        records=read_records(io.BytesIO(data), InputFormat.JSONL),
        gazetteer=GazetteerSpec(country="UA"),
    )
    assert report.ok, report.rejected


def test_check_store_registers_versions_and_stores_violations(
    store: Store, demo: AgreementHistory, index: SpatialIndex
) -> None:
    lon, lat = point_from_line(index, "side-a", 8000)
    exact = {"qualifier": "exact"}
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, **exact}}
    tank = wire(id=new_id(), event=tanks,
                position={"lon": lon, "lat": lat}, direction=None, distance_km=None)  # fmt: skip
    small = {"kind": "weapon", "weapons": ["small_arms"], "count": {"value": 1, **exact}}
    quiet = wire(id=new_id(), event=small,
                 position={"lon": lon, "lat": lat}, direction=None, distance_km=None)  # fmt: skip
    _ingest(store, tank, quiet)
    rep = check_store(store=store, history=demo)
    assert rep.versions_registered == (1, 2) and rep.subjects == 2 and rep.violations == 1
    with store.connect() as conn:
        assert current_tree(conn).size == 4  # two observations, two agreement versions
        rows = conn.execute(
            select(agreement_versions.c.version, agreement_versions.c.leaf_index)
        ).all()
    assert sorted(r.version for r in rows) == [1, 2] and all(r.leaf_index is not None for r in rows)
    again = check_store(store=store, history=demo)
    assert again.versions_registered == () and again.violations == 1
    ((v, d),) = stored_violations(store=store)
    assert v.clause_id == "c02-withdrawal" and v.record_ids == (tank["id"],) and d is None
    decision = Decision(
        violation_id=v.id, status="confirmed", decided_by="analyst-1", decided_at=datetime.now(UTC)
    )
    decide(store=store, decision=decision)
    check_store(store=store, history=demo)  # recomputation keeps the id the decision names
    ((_, d2),) = stored_violations(store=store)
    assert d2 is not None and d2.status == "confirmed"


def test_a_changed_version_conflicts(store: Store, demo: AgreementHistory) -> None:
    register_versions(store=store, history=demo)
    v2 = demo.version(2)
    changed = v2.model_copy(update={"doc": v2.doc.model_copy(update={"country": "MD"})})
    with pytest.raises(Conflict):
        register_versions(store=store, history=AgreementHistory.of([demo.version(1), changed]))


def test_deciding_an_unknown_violation(store: Store) -> None:
    with pytest.raises(NotFound):
        decide(
            store=store,
            decision=Decision(
                violation_id=new_id(),
                status="dismissed",
                decided_by="a",
                decided_at=datetime.now(UTC),
            ),
        )


def test_versions_and_decisions_are_ledgered_and_audited(
    store: Store, demo: AgreementHistory, index: SpatialIndex
) -> None:
    from sqlalchemy import text

    from truce.errors import VerificationError
    from truce.store.ledger_audit import audit_database

    lon, lat = point_from_line(index, "side-a", 8000)
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, "qualifier": "exact"}}
    _ingest(store, wire(id=new_id(), event=tanks, position={"lon": lon, "lat": lat}))
    check_store(store=store, history=demo)
    ((v, _),) = stored_violations(store=store)
    decision = Decision(
        violation_id=v.id, status="dismissed", decided_by="analyst-2", decided_at=datetime.now(UTC)
    )
    decide(store=store, decision=decision)
    with store.connect() as conn:
        report = audit_database(conn)
        assert report.head.size == 4  # observation, two versions, one decision
        assert report.unchecked_kinds == ()
    with store.begin() as conn:
        conn.execute(
            text(
                "UPDATE violation_decisions SET record = replace(record, 'dismissed', 'confirmed')"
            )
        )
    with store.connect() as conn, pytest.raises(VerificationError, match="decision .* was altered"):
        audit_database(conn)
    with store.begin() as conn:
        conn.execute(
            text(
                "UPDATE violation_decisions SET record = replace(record, 'confirmed', 'dismissed')"
            )
        )
        conn.execute(text("UPDATE agreement_versions SET entry = replace(entry, '2016', '2017')"))
    with store.connect() as conn, pytest.raises(VerificationError, match="demo-minsk@2"):
        audit_database(conn)
