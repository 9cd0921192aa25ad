"""Every route of the OpenAPI document, as every role: status codes and no leaks.

The routes come from ``/openapi.json``, so a new route fails :func:`test_every_route_is_listed`
until its roles are stated in :data:`ALLOWED`. For each route and role the test checks that a
role outside the route's roles gets 401 (public) or 403, that a role inside does not, and that
no restricted field (observer identities, exact observer positions, narratives) of the
mission's records appears in any response to the public or a party.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server
from truce.services import observations
from truce.services.mission import Mission

PUBLIC = None
EVERYONE = frozenset({PUBLIC, "admin", "analyst", "monitor", "sensor", "party", "party-b"})
SUBMITTERS = frozenset({"monitor", "sensor", "party", "party-b", "analyst"})

#: (method, path) -> accounts that may call it (``None`` is the public).
ALLOWED: dict[tuple[str, str], frozenset[str | None]] = {
    ("GET", "/api/v1/me"): EVERYONE,
    ("POST", "/api/v1/observations"): SUBMITTERS,
    ("POST", "/api/v1/observations:batch"): SUBMITTERS,
    ("GET", "/api/v1/observations"): EVERYONE,
    ("GET", "/api/v1/observations/{observation_id}"): EVERYONE,
    ("POST", "/api/v1/narratives"): frozenset({"monitor", "analyst"}),
    ("GET", "/api/v1/incidents"): EVERYONE,
    ("GET", "/api/v1/incidents/{incident_id}"): EVERYONE,
    ("GET", "/api/v1/violations"): EVERYONE,
    ("GET", "/api/v1/violations/{violation_id}"): EVERYONE,
    ("POST", "/api/v1/violations/{violation_id}/decisions"): frozenset({"analyst"}),
    ("POST", "/api/v1/violations/{violation_id}/responses"): frozenset(
        {"party", "party-b", "analyst"}
    ),
    ("GET", "/api/v1/notifications"): frozenset({"party", "party-b"}),
    ("GET", "/api/v1/agreement/versions"): EVERYONE,
    ("GET", "/api/v1/agreement/versions/{version}"): EVERYONE,
    ("GET", "/api/v1/agreement/clauses"): EVERYONE,
    ("GET", "/api/v1/agreement/layers/{layer}"): EVERYONE,
    ("GET", "/api/v1/ledger/checkpoint"): EVERYONE,
    ("GET", "/api/v1/ledger/proofs/inclusion"): EVERYONE,
    ("GET", "/api/v1/ledger/proofs/consistency"): EVERYONE,
    ("POST", "/api/v1/ledger/cosignatures"): EVERYONE,
    ("GET", "/ledger/checkpoint"): EVERYONE,
    ("GET", "/ledger/tile/entries/{index}"): EVERYONE,
    ("GET", "/ledger/tile/{level}/{index}"): EVERYONE,
    ("GET", "/ogc"): EVERYONE,
    ("GET", "/ogc/conformance"): EVERYONE,
    ("GET", "/ogc/collections"): EVERYONE,
    ("GET", "/ogc/collections/{collection_id}"): EVERYONE,
    ("GET", "/ogc/collections/{collection_id}/items"): EVERYONE,
    ("GET", "/ogc/collections/{collection_id}/items/{feature_id}"): EVERYONE,
}
_API_PREFIXES = ("/api/v1", "/ogc", "/ledger")


def _operations(server: Server) -> list[tuple[str, str]]:
    doc = httpx.get(f"{server.url}/openapi.json").json()
    return sorted(
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    )


def test_every_route_is_listed(server: Server) -> None:
    ops = [op for op in _operations(server) if op[1].startswith(_API_PREFIXES)]
    assert sorted(set(ops) - set(ALLOWED)) == []
    assert sorted(set(ALLOWED) - set(ops)) == []


def _first(server: Server, path: str, key: str = "id") -> str:
    with server.client("analyst") as c:
        items = c.get(path, params={"limit": 1}).json()["items"]
    return str(items[0][key])


@pytest.fixture(scope="module")
def ids(server: Server) -> dict[str, str]:
    """Real ids of the demo, and one violation notified to side-a (the test party)."""
    violation = _first(server, "/api/v1/violations")
    with server.client("analyst") as c:
        c.post(
            f"/api/v1/violations/{violation}/decisions",
            json={"status": "confirmed", "reason": "matrix", "attribution": "side-a"},
        ).raise_for_status()
    return {
        "observation_id": _first(server, "/api/v1/observations"),
        "incident_id": _first(server, "/api/v1/incidents"),
        "violation_id": violation,
        "version": "1",
        "layer": "contact_line",
        "level": "0",
        "index": "000.p/1",
    }


#: OGC collection -> the id of its features in :func:`ids`.
_COLLECTIONS = {
    "incidents": "incident_id",
    "violations": "violation_id",
    "observations": "observation_id",
}


def _urls(path: str, ids: dict[str, str]) -> list[str]:
    """The URLs that call ``path``: one per OGC collection for the collection routes (the
    flat properties of each collection's features are checked for leaks too)."""
    if "{collection_id}" not in path:
        return [_url(path, ids)]
    out = []
    for collection, key in _COLLECTIONS.items():
        one = path.replace("{collection_id}", collection)
        out.append(_url(one.replace("{feature_id}", ids[key]), ids))
    return out


def _url(path: str, ids: dict[str, str]) -> str:
    for key, value in ids.items():
        path = path.replace("{" + key + "}", value)
    assert "{" not in path, path
    return path


def _secrets(server: Server) -> dict[str | None, set[str]]:
    """Per outside account (public, each party): the observer identities, exact positions and
    narratives of the mission's observations that the account did not submit itself (a party
    sees its own evidence back)."""
    mine: dict[str, list[str]] = {}  # observation id -> its secret strings
    with server.client("analyst") as c:
        url: str | None = "/api/v1/observations?limit=1000"
        while url:
            page = c.get(url).json()
            for o in page["items"]:
                if o.get("classification") == "public":
                    continue
                found = [f'"{o["source"]["id"]}"']
                for axis in ("lon", "lat"):  # as stored, and as GeoJSON rounds it
                    found += [repr(o["position"][axis]), repr(round(o["position"][axis], 7))]
                if o.get("narrative"):
                    found.append(o["narrative"]["text"][:40])
                mine[o["id"]] = [s for s in found if len(s) >= 6]
            url = page["next"]
    url = server.env.get("TRUCE_DATABASE_URL")
    with Mission.open(data_dir=server.data, database_url=url) as mission:
        owner = {i: observations.submitter(mission=mission, observation_id=i) for i in mine}
    return {
        account: {s for i, found in mine.items() if owner[i] != account for s in found}
        for account in (None, "party", "party-b")
    }


@pytest.fixture
def secrets(server: Server) -> dict[str | None, set[str]]:
    return _secrets(server)


def _requests(server: Server, ids: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(method, URL, OpenAPI path) of every call the matrix makes."""
    for method, path in _operations(server):
        for url in _urls(path, ids):
            yield method, url, path


@pytest.mark.parametrize("account", sorted(EVERYONE, key=lambda a: a or ""))
def test_matrix(
    server: Server, ids: dict[str, str], secrets: dict[str | None, set[str]], account: str | None
) -> None:
    failures: list[str] = []
    with server.client(account) as c:
        for method, url, path in _requests(server, ids):
            body: dict[str, Any] = {}
            if method == "POST":
                body = {"content": b"{}", "headers": {"content-type": "application/json"}}
            response = c.request(method, url, **body)
            allowed = ALLOWED.get((method, path), EVERYONE)
            denied = response.status_code in (401, 403)
            if (account in allowed) == denied:
                failures.append(f"{account} {method} {url}: {response.status_code}")
            if denied:
                expected = 401 if account is None else 403
                if response.status_code != expected:
                    failures.append(f"{account} {method} {url}: {response.status_code}")
            if response.status_code >= 500:
                failures.append(f"{account} {method} {url}: {response.status_code}")
            if account in (None, "party", "party-b"):
                text = response.text
                leaked = sorted(s for s in secrets[account] if s in text)
                if leaked:
                    failures.append(f"{account} {method} {url} leaks {leaked[:3]}")
            if response.status_code >= 400 and response.headers.get("content-type", "").startswith(
                "application/json"
            ):
                assert set(json.loads(response.text)) == {"error"}, url
    assert failures == []


@pytest.mark.parametrize(
    ("account", "status"),
    [(None, 401), ("monitor", 403), ("sensor", 403), ("party", 200), ("analyst", 200)],
)
def test_holding_areas_stay_with_the_mission_and_parties(
    server: Server, account: str | None, status: int
) -> None:
    with server.client(account) as c:
        assert c.get("/api/v1/agreement/layers/holding_areas").status_code == status


def test_party_sees_its_notified_violation_rounded(server: Server, ids: dict[str, str]) -> None:
    vid = ids["violation_id"]
    with server.client("analyst") as c:
        whole = c.get(f"/api/v1/violations/{vid}").json()
    with server.client("party") as c:
        seen = c.get(f"/api/v1/violations/{vid}").json()
        notified = [v["id"] for v in c.get("/api/v1/notifications").json()["items"]]
    with server.client("party-b") as c:
        assert c.get(f"/api/v1/violations/{vid}").status_code == 404
        assert vid not in [v["id"] for v in c.get("/api/v1/notifications").json()["items"]]
    assert vid in notified
    assert seen["lon"] == round(whole["lon"], 2) and seen["lat"] == round(whole["lat"], 2)
    assert [t["type"] for t in seen["thread"]] == ["decision"]
    assert "decided_by" not in seen["thread"][0]
    with server.client() as c:
        assert c.get(f"/api/v1/violations/{vid}").status_code == 404
