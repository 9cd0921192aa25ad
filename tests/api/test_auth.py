"""Bearer tokens and the dashboard's session cookie resolve to the same principal."""

from __future__ import annotations

import httpx

from tests.api.conftest import Server
from truce.services import users
from truce.services.mission import Mission


def _mission(server: Server) -> Mission:
    return Mission.open(data_dir=server.data, database_url=server.env.get("TRUCE_DATABASE_URL"))


def test_session_cookie(server: Server) -> None:
    with _mission(server) as mission:
        session = users.create_session(mission=mission, token=server.tokens["party"])
    me = httpx.get(f"{server.url}/api/v1/me", cookies={"truce_session": session}).json()
    assert (me["name"], me["role"], me["party"]) == ("party", "party", "side-a")
    with _mission(server) as mission:
        users.end_session(mission=mission, session_id=session)
    me = httpx.get(f"{server.url}/api/v1/me", cookies={"truce_session": session}).json()
    assert me["role"] == "public"


def test_revoked_token_is_refused(server: Server) -> None:
    with _mission(server) as mission:
        users.add_user(mission=mission, name="temp", role="monitor", by="tests")
        token = users.issue_token(mission=mission, name="temp", by="tests")
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server.url}/api/v1/me", headers=headers).json()["name"] == "temp"
    with _mission(server) as mission:
        users.revoke_user(mission=mission, name="temp", by="tests")
    assert httpx.get(f"{server.url}/api/v1/me", headers=headers).status_code == 401


def test_revoked_token_cannot_submit(server: Server) -> None:
    """The single submission takes the role from a recent look-up of the token, and the group
    commit checks the token again before storing: a write of a revoked token is refused and
    stores nothing, even right after the same token submitted."""
    from tests.api.test_observations import record

    with _mission(server) as mission:
        users.add_user(mission=mission, name="temp-sensor", role="sensor", by="tests")
        token = users.issue_token(mission=mission, name="temp-sensor", by="tests")
    headers = {"Authorization": f"Bearer {token}"}
    first, second = record(), record()
    url = f"{server.url}/api/v1/observations"
    assert httpx.post(url, json=first, headers=headers).status_code == 201
    with _mission(server) as mission:
        users.revoke_user(mission=mission, name="temp-sensor", by="tests")
    refused = httpx.post(url, json=second, headers=headers)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"
    with server.client("analyst") as c:
        assert c.get(f"/api/v1/observations/{first['id']}").status_code == 200
        assert c.get(f"/api/v1/observations/{second['id']}").status_code == 404
