"""The compliance and decision services on both backends: ledgered agreement versions, stored
violations, decisions."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from tests.agreement.conftest import point_from_line
from tests.factories import new_id, wire
from truce.agreement import AgreementHistory, SpatialIndex, demo_agreement_dir
from truce.domain.reasons import Reason, render_reason
from truce.domain.violation import DecisionStatus
from truce.errors import Conflict, InvalidInput, NotFound
from truce.services import intake
from truce.services.compliance import check, iter_violations_decided, register_versions
from truce.services.decisions import decide, decisions_on_violation
from truce.services.intake import InputFormat
from truce.services.mission import Mission
from truce.store.compliance_tables import agreement_versions
from truce.store.ledger import current_tree


def _ingest(mission: Mission, *records: dict[str, object]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    report = intake.ingest(mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL)
    assert report.ok, report.rejected


def test_check_store_registers_versions_and_stores_violations(
    mission: Mission, demo: AgreementHistory, index: SpatialIndex
) -> None:
    lon, lat = point_from_line(index, "side-a", 8000)
    exact = {"qualifier": "exact"}
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, **exact}}
    tank = wire(id=new_id(), event=tanks,
                position={"lon": lon, "lat": lat}, direction=None, distance_km=None)  # fmt: skip
    small = {"kind": "weapon", "weapons": ["small_arms"], "count": {"value": 1, **exact}}
    quiet = wire(id=new_id(), event=small,
                 position={"lon": lon, "lat": lat}, direction=None, distance_km=None)  # fmt: skip
    _ingest(mission, tank, quiet)
    rep = check(mission=mission, agreement=demo)
    assert rep.versions_registered == (1, 2) and rep.subjects == 2 and rep.violations == 1
    with mission.store.connect() as conn:
        assert current_tree(conn).size == 4  # two observations, two agreement versions
        rows = conn.execute(
            select(agreement_versions.c.version, agreement_versions.c.leaf_index)
        ).all()
    assert sorted(r.version for r in rows) == [1, 2] and all(r.leaf_index is not None for r in rows)
    again = check(mission=mission, agreement=demo)
    assert again.versions_registered == () and again.violations == 1
    ((v, d),) = [(d.violation, d.decision) for d in iter_violations_decided(mission=mission)]
    assert v.clause_id == "c02-withdrawal" and v.record_ids == (tank["id"],) and d is None
    assert v.facts.reason is Reason.WEAPON_WITHIN_LIMIT
    assert v.facts.reason_params["weapon"] == "tank"
    sentence = render_reason(v.facts.reason, v.facts.reason_params)
    assert sentence.startswith("tank 8.0 km from the line, limit ") and sentence.endswith(" km")
    assert v.model_dump(mode="json")["facts"]["reason"] == "weapon_within_limit"
    decide(mission=mission, violation_id=v.id, status="confirmed", principal="analyst-1")
    check(mission=mission, agreement=demo)  # recomputation keeps the id the decision names
    ((_, d2),) = [(d.violation, d.decision) for d in iter_violations_decided(mission=mission)]
    assert d2 is not None and d2.status == "confirmed"


def test_a_changed_version_conflicts(mission: Mission, demo: AgreementHistory) -> None:
    register_versions(store=mission.store, history=demo)
    v2 = demo.version(2)
    changed = v2.model_copy(update={"doc": v2.doc.model_copy(update={"country": "MD"})})
    with pytest.raises(Conflict):
        register_versions(
            store=mission.store, history=AgreementHistory.of([demo.version(1), changed])
        )


def test_deciding_an_unknown_violation(mission: Mission) -> None:
    with pytest.raises(NotFound):
        decide(mission=mission, violation_id=new_id(), status="dismissed", principal="a")


def test_versions_and_decisions_are_ledgered_and_audited(
    mission: Mission, demo: AgreementHistory, index: SpatialIndex
) -> None:
    from sqlalchemy import text

    from truce.errors import VerificationError
    from truce.store.ledger_audit import audit_database

    lon, lat = point_from_line(index, "side-a", 8000)
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, "qualifier": "exact"}}
    _ingest(mission, wire(id=new_id(), event=tanks, position={"lon": lon, "lat": lat}))
    check(mission=mission, agreement=demo)
    ((v, _),) = [(d.violation, d.decision) for d in iter_violations_decided(mission=mission)]
    receipt = decide(
        mission=mission, violation_id=v.id, status=DecisionStatus.DISMISSED, principal="analyst-2"
    )
    assert receipt.leaf_index == 3
    with mission.store.connect() as conn:
        report = audit_database(conn)
        assert report.head.size == 4  # observation, two versions, one decision
    with mission.store.begin() as conn:
        conn.execute(
            text(
                "UPDATE violation_decisions SET record = replace(record, 'dismissed', 'confirmed')"
            )
        )
    with (
        mission.store.connect() as conn,
        pytest.raises(VerificationError, match="decision .* was altered"),
    ):
        audit_database(conn)
    with mission.store.begin() as conn:
        conn.execute(
            text(
                "UPDATE violation_decisions SET record = replace(record, 'confirmed', 'dismissed')"
            )
        )
        conn.execute(text("UPDATE agreement_versions SET entry = replace(entry, '2016', '2017')"))
    with mission.store.connect() as conn, pytest.raises(VerificationError, match="demo-minsk@2"):
        audit_database(conn)


def _one_violation(mission: Mission, demo: AgreementHistory, index: SpatialIndex) -> str:
    lon, lat = point_from_line(index, "side-a", 8000)
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, "qualifier": "exact"}}
    _ingest(mission, wire(id=new_id(), event=tanks, position={"lon": lon, "lat": lat}))
    check(mission=mission, agreement=demo)
    (item,) = iter_violations_decided(mission=mission)
    return str(item.violation.id)


def test_decisions_are_appended_with_reason_and_attribution(
    mission: Mission, demo: AgreementHistory, index: SpatialIndex
) -> None:
    from truce.services import agreement

    agreement.install(mission=mission, source=demo_agreement_dir())
    vid = _one_violation(mission, demo, index)
    party = demo.latest.party_ids[0]
    decide(mission=mission, violation_id=vid, status="confirmed", principal="a1", reason="seen")
    decide(mission=mission, violation_id=vid, status="confirmed", principal="a2",
           reason="by its position", attribution=party)  # fmt: skip
    first, second = decisions_on_violation(mission=mission, violation_id=vid)
    assert (first.decided_by, first.note, first.attribution) == ("a1", "seen", None)
    assert (second.decided_by, second.attribution) == ("a2", party)
    (item,) = iter_violations_decided(mission=mission)
    assert item.decision == second and item.status == "confirmed"
    with pytest.raises(InvalidInput, match="not a party"):
        decide(mission=mission, violation_id=vid, status="confirmed", principal="a",
               attribution="nobody")  # fmt: skip
    with pytest.raises(InvalidInput, match="status: 'maybe' is not one of: confirmed, dismissed"):
        decide(mission=mission, violation_id=vid, status="maybe", principal="a")
    with pytest.raises(InvalidInput, match="UUID"):
        decide(mission=mission, violation_id="v-1", status="confirmed", principal="a")


def test_check_uses_the_installed_agreement_and_needs_one(
    mission: Mission, demo: AgreementHistory
) -> None:
    from truce.errors import NoAgreement
    from truce.services import agreement

    with pytest.raises(NoAgreement, match="no agreement is installed") as caught:
        check(mission=mission)
    assert caught.value.hint is not None and "truce init" in caught.value.hint
    installed = agreement.install(mission=mission, source=demo_agreement_dir())
    assert installed.registered == (1, 2)
    assert check(mission=mission).versions_registered == ()


def test_check_of_fused_incidents_stores_what_one_at_a_time_gives(
    mission: Mission, demo: AgreementHistory
) -> None:
    """``check`` takes the incidents as columns (issue 11.4): the stored violations are the
    per-incident engine's, and the derived audit recomputes them."""
    from truce.compliance.engine import ComplianceEngine
    from truce.compliance.subject import from_incidents, from_observation
    from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
    from truce.fusion.simulate import get_scenario, observations, simulate_scenario
    from truce.services.derived_check import check_derived
    from truce.services.fusion import fuse, iter_incidents
    from truce.store.compliance_tables import iter_violations

    obs = list(observations(simulate_scenario(get_scenario("quiet", days=1), 4)))
    data = "".join(o.wire_json() + "\n" for o in obs).encode()
    assert intake.ingest(mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL).ok
    fuse(mission=mission)
    seen: list[tuple[int, int]] = []
    rep = check(mission=mission, agreement=demo, progress=lambda d, t: seen.append((d, t)))
    incidents = [i for i in iter_incidents(mission=mission) if i.kind in CEASEFIRE_VIOLATION_KINDS]
    fused = {str(o) for i in incidents for o in i.observation_ids}
    rest = [
        from_observation(o) for o in mission.store.iter_observations() if str(o.id) not in fused
    ]
    want = ComplianceEngine(demo).assess(from_incidents(incidents) + rest).violations
    with mission.store.connect() as conn:
        stored = list(iter_violations(conn))
    assert rep.incidents == len(incidents) > 0 and rep.violations == len(want) > 0
    assert sorted(v.model_dump_json() for v in stored) == sorted(v.model_dump_json() for v in want)
    assert seen and seen[-1] == (rep.subjects, rep.subjects)
    assert check_derived(store=mission.store).violations == len(want)
