"""The group commit of single submissions on a real database (SQLite, and PostgreSQL when
configured): outcomes of every kind in one group, leaves and tiles that build the RFC 6962
tree, tokens checked inside the group's transaction, concurrent submitters."""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import text

from truce.domain.intake import SubmitStatus
from truce.errors import InvalidInput, Unauthenticated
from truce.ledger import merkle
from truce.services import users
from truce.services.group_commit import GroupCommit
from truce.services.mission import Mission
from truce.store.group_write import Outcome, Status, write_group
from truce.store.ledger_audit import audit_database


def _record(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "source": {"type": "sensor", "id": "acoustic-07"},
        "observed": {"start": "2025-03-12T18:00:00+02:00", "end": "2025-03-12T18:00:04+02:00"},
        "position": {"lon": 38.43217, "lat": 48.71289, "accuracy_m": 10},
        "event": {"kind": "explosion", "count": {"value": 1, "qualifier": "exact"}},
        "classification": "mission",
    }
    return base | over


def _sensor(mission: Mission, name: str = "s1") -> str:
    users.add_user(mission=mission, name=name, role="sensor", by="tests")
    return users.issue_token(mission=mission, name=name, by="tests")


def _leaves(mission: Mission) -> list[bytes]:
    with mission.store.connect() as conn:
        rows = conn.execute(text("SELECT leaf_hash FROM ledger_leaves ORDER BY leaf_index"))
        return [bytes(r[0]) for r in rows]


def _head(mission: Mission) -> tuple[int, bytes]:
    with mission.store.connect() as conn:
        size, root = conn.execute(text("SELECT size, root FROM ledger_state")).one()
        return int(size), bytes(root)


def test_one_group_gives_each_submission_its_outcome(mission: Mission) -> None:
    token = _sensor(mission)
    group = GroupCommit(mission)
    stored = _record()
    first = group.submit(record=stored, principal="s1", token=token)
    assert first.status is SubmitStatus.CREATED
    fresh, repeated = _record(), _record()
    submissions = [
        group.prepare(record=fresh, principal="s1", token=token).submission,
        group.prepare(record=stored, principal="s1", token=token).submission,  # stored before
        group.prepare(record={**stored, "classification": "public"}, principal="s1").submission,
        group.prepare(record=repeated, principal="s1", token=token).submission,
        group.prepare(
            record=repeated, principal="s1", token=token
        ).submission,  # earlier in the group
        group.prepare(record={**repeated, "classification": "public"}, principal="s1").submission,
        group.prepare(record=_record(), principal="s2", token=token).submission,  # not s2's token
    ]
    size = _head(mission)[0]
    outcomes = write_group(mission.store.engine, submissions)
    assert outcomes == [
        Outcome(Status.CREATED, size),
        Outcome(Status.DUPLICATE, first.leaf_index),
        Outcome(Status.CONFLICT, None),
        Outcome(Status.CREATED, size + 1),
        Outcome(Status.DUPLICATE, size + 1),
        Outcome(Status.CONFLICT, None),
        Outcome(Status.REFUSED, None),
    ]
    with mission.store.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT o.id, o.leaf_index, s.principal FROM observations o "
                "JOIN submissions s ON s.observation_id = o.id"
            )
        ).all()
        stored_ids = {r[0]: r[1] for r in rows}
        assert stored_ids == {
            stored["id"]: first.leaf_index,
            fresh["id"]: size,
            repeated["id"]: size + 1,
        }
        assert {r[2] for r in rows} == {"s1"}
        assert (
            conn.execute(
                text("SELECT classification FROM observations WHERE id = :i"), {"i": repeated["id"]}
            ).scalar()
            == "mission"
        )
    assert _head(mission) == (size + 2, merkle.mth(_leaves(mission)))


def test_groups_of_any_size_build_the_tree_and_the_database_verifies(mission: Mission) -> None:
    group = GroupCommit(mission)
    rng = random.Random(14)
    total = _head(mission)[0]
    for n in (1, 255, 1, 256, 3, 300, 17):  # across tile-row boundaries, with other leaves
        subs = [group.prepare(record=_record(), principal=None).submission for _ in range(n)]
        for k in range(0, n, 256):
            chunk = subs[k : k + 256]
            outcomes = write_group(mission.store.engine, chunk)
            assert [o.leaf_index for o in outcomes] == list(range(total, total + len(chunk)))
            total += len(chunk)
        if rng.random() < 0.5:  # another kind of leaf between two groups
            _sensor(mission, f"u{total}")
            total += 1
    assert _head(mission) == (total, merkle.mth(_leaves(mission)))
    with mission.store.connect() as conn:
        audit_database(conn)  # raises on any leaf, column or tile that does not recompute


def test_a_revoked_token_stores_nothing(mission: Mission) -> None:
    token = _sensor(mission)
    group = GroupCommit(mission)
    users.revoke_user(mission=mission, name="s1", by="tests")
    rec = _record()
    with pytest.raises(Unauthenticated):
        group.submit(record=rec, principal="s1", token=token)
    with pytest.raises(Unauthenticated):
        group.submit(record=_record(), principal="s1", token="not-a-token")
    with mission.store.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM observations")).scalar() == 0


def test_an_invalid_record_is_rejected_before_the_queue(mission: Mission) -> None:
    group = GroupCommit(mission)
    with pytest.raises(InvalidInput) as err:
        group.submit(record=_record(position={"lon": 38.4, "lat": 95}), principal=None)
    assert err.value.details and err.value.details[0].loc == ("position", "lat")


def test_concurrent_submitters_each_get_their_own_committed_result(mission: Mission) -> None:
    token = _sensor(mission)
    group = GroupCommit(mission)
    records = [_record() for _ in range(200)]
    records += records[:20]  # duplicates racing their originals

    def submit(rec: dict[str, Any]) -> tuple[str, int | None]:
        got = group.submit(record=rec, principal="s1", token=token)
        return got.status.value, got.leaf_index

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(submit, records))
    assert sum(s == "created" for s, _ in results) == 200
    assert sum(s == "duplicate" for s, _ in results) == 20
    by_id: dict[str, set[int | None]] = {}
    for rec, (_, leaf) in zip(records, results, strict=True):
        by_id.setdefault(rec["id"], set()).add(leaf)
    assert all(len(leaves) == 1 for leaves in by_id.values())  # a duplicate names the leaf
    with mission.store.connect() as conn:
        stored = dict(conn.execute(text("SELECT id, leaf_index FROM observations")).all())
    assert {i: {leaf} for i, leaf in stored.items()} == by_id
    assert _head(mission)[1] == merkle.mth(_leaves(mission))
