"""A small but complete mission for the tamper table: every kind of record the outputs rest on.

Observations (explosions and two tank sightings near the contact line), the demo agreement's
versions, fused incidents, violations, two decisions on one violation (the later one is
current), and two checkpoints: the first after the first half, the second at the end; a
party keeps a copy of each outside the database. Between them, the API's records: accounts
(added, revoked, reactivated by a new token), a decision attributing a second violation to a
party, that party's response and the analyst's closing, a coverage record, and a witness's
cosignature of the first checkpoint.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.agreement.conftest import point_from_line
from tests.domain.test_coverage import record as coverage_record
from tests.factories import new_id, wire
from truce.agreement import AgreementHistory, SpatialIndex, demo_agreement_dir, load_agreement
from truce.domain.principal import Principal, Role
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.ledger.checkpoint import cosign
from truce.ledger.keys import generate, write_key_pair
from truce.services import cosignatures, coverage, followup, users
from truce.services.compliance import check, iter_violations_decided
from truce.services.decisions import decide
from truce.services.fusion import fuse
from truce.services.intake import store_records
from truce.services.integrity import pin_mission, signing_key
from truce.services.mission import Mission as ServiceMission
from truce.store import Store
from truce.store.ledger import sign_current_tree


def as_mission(store: Store) -> ServiceMission:
    """The services' view of a store opened by a test."""
    return ServiceMission(data_dir=store.data_dir, store=store)


@dataclass
class Mission:
    store: Store
    history: AgreementHistory
    #: Named ids and values the tamper cases refer to.
    ids: dict[str, object] = field(default_factory=dict)
    #: Checkpoint notes a party holds outside the database (oldest first).
    outside: list[Path] = field(default_factory=list)


def _records(index: SpatialIndex, n: int, offset: int) -> list[dict[str, object]]:
    base = datetime(2025, 3, 12, 16, 0, tzinfo=UTC)
    out = []
    for k in range(n):
        start = base + timedelta(minutes=7 * (k + offset))
        out.append(
            wire(
                id=new_id(),
                observed={
                    "start": start.isoformat(),
                    "end": (start + timedelta(minutes=2)).isoformat(),
                },
                event__count__value=1 + k % 4,
                source__id=f"team-{k % 3}",
            )
        )
    lon, lat = point_from_line(index, "side-a", 8000)
    tanks = {"kind": "weapon", "weapons": ["tank"], "count": {"value": 2, "qualifier": "exact"}}
    out.append(
        wire(
            id=new_id(),
            event=tanks,
            position={"lon": lon, "lat": lat},
            direction=None,
            distance_km=None,
        )  # fmt: skip
    )
    return out


def _ingest(store: Store, records: list[dict[str, object]]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    report = store_records(
        store=store,
        records=read_records(io.BytesIO(data), InputFormat.JSONL),
        gazetteer=GazetteerSpec(country="UA"),
    )
    assert report.ok, report.rejected


def _checkpoint(m: Mission, name: str) -> None:
    signer = signing_key(mission=as_mission(m.store))
    with m.store.begin() as conn:
        note = sign_current_tree(conn, signer=signer)
    path = m.store.data_dir.parent / f"party-{name}.note"
    path.write_text(note)
    m.outside.append(path)


def build(store: Store) -> Mission:
    history = load_agreement(demo_agreement_dir())
    index = SpatialIndex(history.latest)
    m = Mission(store, history)
    sm = as_mission(store)
    pin_mission(mission=sm)
    first = _records(index, 8, 0)
    _ingest(store, first)
    fuse(mission=sm)
    check(mission=sm, agreement=history)
    _checkpoint(m, "first")
    second = _records(index, 8, 40)
    _ingest(store, second)
    fuse(mission=sm)
    check(mission=sm, agreement=history)
    violation = iter_violations_decided(mission=sm)[0].violation
    now = datetime.now(UTC)
    for who, status in (("analyst-1", "confirmed"), ("analyst-9", "dismissed")):
        decide(mission=sm, violation_id=violation.id, status=status, principal=who, decided_at=now)
    _api_records(m, history)
    _checkpoint(m, "second")
    m.ids.update(obs=second[2]["id"], last_obs=second[-1]["id"], violation=str(violation.id))
    with store.connect() as conn:
        m.ids["obs_leaf"] = conn.exec_driver_sql(
            f"SELECT leaf_index FROM observations WHERE id = '{m.ids['obs']}'"
        ).scalar_one()
        m.ids["incident"] = conn.exec_driver_sql(
            "SELECT id FROM incidents ORDER BY id LIMIT 1"
        ).scalar_one()
    return m


def _api_records(m: Mission, history: AgreementHistory) -> None:
    """Accounts, a party's response, coverage and a witness's cosignature (see the docstring)."""
    sm = as_mission(m.store)
    party = history.latest.party_ids[0]
    users.add_user(mission=sm, name="lo-a", role="party", party=party, by="admin")
    users.add_user(mission=sm, name="ann", role="analyst", by="admin")
    users.add_user(mission=sm, name="m9", role="monitor", by="admin")
    users.revoke_user(mission=sm, name="ann", by="admin")
    users.issue_token(mission=sm, name="ann", by="admin")  # reactivated
    users.revoke_user(mission=sm, name="m9", by="admin")
    second = iter_violations_decided(mission=sm)[1].violation
    decide(
        mission=sm, violation_id=second.id, status="confirmed", principal="ann", attribution=party
    )
    lo = Principal(name="lo-a", role=Role.PARTY, party=party)
    answer = followup.respond(
        mission=sm, principal=lo, violation_id=str(second.id), status="disputed", reasons="no"
    )
    analyst = Principal(name="ann", role=Role.ANALYST)
    followup.respond(mission=sm, principal=analyst, violation_id=str(second.id), status="closed")
    cov = coverage.ingest(store=m.store, records=[(1, json.dumps(coverage_record()).encode())])
    assert cov.ok, cov.rejected
    witness = generate("witness.example/w1")
    write_key_pair(m.store.data_dir / "keys", witness, stem="witness", cosigner=True)
    cosigned = cosign(m.outside[0].read_text(), witness, timestamp=1_700_000_000)
    cosignatures.add(mission=sm, principal=lo, note=cosigned)
    m.ids.update(response=answer.id, coverage=coverage_record()["id"], party=party)
