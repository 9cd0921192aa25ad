"""Accounts, tokens and sessions on a real store (both backends)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from truce.domain.principal import Principal, Role
from truce.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from truce.services import users
from truce.services.mission import Mission
from truce.store.api_tables import api_tokens, user_events
from truce.store.ledger import current_tree


def test_token_authenticates_until_revoked(mission: Mission) -> None:
    users.add_user(mission=mission, name="lo-a", role="party", party="side-a", by="admin")
    token = users.issue_token(mission=mission, name="lo-a", by="admin")
    expected = Principal(name="lo-a", role=Role.PARTY, party="side-a")
    assert users.authenticate_token(mission=mission, token=token) == expected
    assert users.authenticate_token(mission=mission, token=token + "x") is None
    assert users.revoke_user(mission=mission, name="lo-a", by="admin") == 1
    assert users.authenticate_token(mission=mission, token=token) is None
    fresh = users.issue_token(mission=mission, name="lo-a", by="admin")
    assert users.authenticate_token(mission=mission, token=fresh) == expected
    assert users.authenticate_token(mission=mission, token=token) is None


def test_only_the_hash_of_a_token_is_stored(mission: Mission) -> None:
    users.add_user(mission=mission, name="ann", role="analyst", by="admin")
    token = users.issue_token(mission=mission, name="ann", by="admin")
    with mission.store.connect() as conn:
        stored = conn.execute(select(api_tokens.c.token_hash)).scalars().all()
        events = conn.execute(select(user_events.c.record)).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert all(token not in e for e in events)


def test_user_changes_are_ledger_records_naming_who(mission: Mission) -> None:
    before = _size(mission)
    users.add_user(mission=mission, name="m1", role="monitor", by="cli:root")
    users.revoke_user(mission=mission, name="m1", by="cli:root")
    with mission.store.connect() as conn:
        records = conn.execute(select(user_events.c.record)).scalars().all()
    assert _size(mission) == before + 2
    assert all('"by":"cli:root"' in r for r in records)
    assert ['"action":"added"' in records[0], '"action":"revoked"' in records[1]] == [True, True]


def _size(mission: Mission) -> int:
    with mission.store.connect() as conn:
        return current_tree(conn).size


def test_sessions_follow_their_token(mission: Mission) -> None:
    users.add_user(mission=mission, name="ann", role="analyst", by="admin")
    token = users.issue_token(mission=mission, name="ann", by="admin")
    session = users.create_session(mission=mission, token=token)
    assert users.principal_for_session(mission=mission, session_id=session) == Principal(
        name="ann", role=Role.ANALYST
    )
    users.end_session(mission=mission, session_id=session)
    assert users.principal_for_session(mission=mission, session_id=session) is None
    again = users.create_session(mission=mission, token=token)
    users.revoke_user(mission=mission, name="ann", by="admin")
    assert users.principal_for_session(mission=mission, session_id=again) is None
    with pytest.raises(Unauthenticated):
        users.create_session(mission=mission, token=token)


@pytest.mark.parametrize(
    ("name", "role", "party", "loc"),
    [
        ("x", "wizard", None, "role"),
        ("x", "public", None, "role"),
        ("x", "party", None, "party"),
        ("x", "analyst", "side-a", "party"),
        ("", "analyst", None, "name"),
        (" x", "analyst", None, "name"),
    ],
)
def test_bad_accounts_name_the_field(
    mission: Mission, name: str, role: str, party: str | None, loc: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        users.add_user(mission=mission, name=name, role=role, party=party, by="admin")
    assert [d.path for d in err.value.details] == [loc]


def test_duplicate_and_unknown_users(mission: Mission) -> None:
    users.add_user(mission=mission, name="ann", role="analyst", by="admin")
    with pytest.raises(Conflict):
        users.add_user(mission=mission, name="ann", role="monitor", by="admin")
    with pytest.raises(NotFound):
        users.issue_token(mission=mission, name="bob", by="admin")
    with pytest.raises(NotFound):
        users.revoke_user(mission=mission, name="bob", by="admin")
    listed = users.list_users(mission=mission)
    assert [(u.name, u.role, u.revoked, u.active_tokens) for u in listed] == [
        ("ann", Role.ANALYST, False, 0)
    ]
