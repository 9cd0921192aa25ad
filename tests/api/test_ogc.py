"""OGC API - Features through GDAL's own client (``ogrinfo OAPIF:``) and by hand."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server
from truce.services import reports
from truce.services.mission import Mission


def _follow(
    server: Server, url: str | None, account: str | None, key: str, next_of: Any
) -> list[dict[str, Any]]:
    """The ``key`` members of every page from ``url`` on, as ``account``; ``next_of(page)``
    is the next page's URL or ``None``."""
    out: list[dict[str, Any]] = []
    with server.client(account) as c:
        while url:
            page = c.get(url).json()
            out += page[key]
            url = next_of(page)
    return out


def _all(server: Server, path: str, account: str = "analyst") -> list[dict[str, Any]]:
    return _follow(server, f"{path}?limit=1000", account, "items", lambda p: p["next"])


def _ogrinfo(server: Server, *args: str, account: str | None = None) -> str:
    if shutil.which("ogrinfo") is None:
        pytest.skip("GDAL's ogrinfo is not installed (Debian gdal-bin)")
    env = {**os.environ, "GDAL_HTTP_TIMEOUT": "60", "CPL_DEBUG": "OFF"}
    if account is not None:
        env["GDAL_HTTP_HEADERS"] = f"Authorization: Bearer {server.tokens[account]}"
    run = subprocess.run(
        ["ogrinfo", "-ro", f"OAPIF:{server.url}/ogc", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_gdal_lists_the_collections(server: Server) -> None:
    out = _ogrinfo(server, "-so")
    layers = set(re.findall(r"^\d+: (\w+)", out, flags=re.M))
    assert layers == {"incidents", "violations", "observations"}


def test_gdal_reads_every_incident(server: Server) -> None:
    expected = {i["id"] for i in _all(server, "/api/v1/incidents")}
    assert len(expected) > 100
    out = _ogrinfo(server, "-oo", "PAGE_SIZE=50", "incidents", account="analyst")
    found = set(re.findall(r"^\s+id \(String\) = (\S+)$", out, flags=re.M))
    assert found == expected
    assert out.count("POINT (") == len(expected)


def test_items_filters_and_next_links(server: Server) -> None:
    incidents = _all(server, "/api/v1/incidents")
    first = min(i["window"]["start"] for i in incidents)
    with server.client("analyst") as c:
        base = "/ogc/collections/incidents/items"
        page = c.get(base, params={"limit": 7})
        assert page.headers["content-type"].startswith("application/geo+json")
        body = page.json()
        assert body["type"] == "FeatureCollection" and body["numberReturned"] == 7
        nxt = [link["href"] for link in body["links"] if link["rel"] == "next"]
        second = c.get(nxt[0]).json()
        assert {f["id"] for f in second["features"]}.isdisjoint(f["id"] for f in body["features"])
        boxed = c.get(base, params={"bbox": "0,0,1,1", "limit": 1000}).json()
        assert boxed["features"] == []
        one = c.get(base, params={"datetime": f"../{first}", "limit": 1000}).json()
        assert 1 <= len(one["features"]) < len(incidents)
        feature = body["features"][0]
        got = c.get(f"{base}/{feature['id']}").json()
        assert got["geometry"] == feature["geometry"]


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"bbox": "1,2,3"}, "query.bbox"),
        ({"bbox": "3,0,1,1"}, "query.bbox"),
        ({"datetime": "yesterday"}, "query.datetime"),
        ({"datetime": "2021-03-02T00:00:00Z/2021-03-01T00:00:00Z"}, "query.datetime"),
        ({"limit": "0"}, "query.limit"),
    ],
)
def test_bad_item_queries_name_the_parameter(
    server: Server, params: dict[str, str], loc: str
) -> None:
    response = httpx.get(f"{server.url}/ogc/collections/incidents/items", params=params)
    assert response.status_code in (400, 422)
    details = response.json()["error"]["details"]
    assert [d["loc"] for d in details][0] in (loc, loc.split("."))


def test_unknown_collection_is_404_or_422(server: Server) -> None:
    response = httpx.get(f"{server.url}/ogc/collections/tanks/items")
    assert response.status_code in (404, 422)
    assert set(response.json()) == {"error"}


def _observation_of_the_published_day(server: Server, classification: str) -> dict[str, Any]:
    url = server.env.get("TRUCE_DATABASE_URL")
    with Mission.open(data_dir=server.data, database_url=url) as mission:
        start, _ = reports.published_periods(mission=mission)[0]
    seen = start + timedelta(hours=2)
    return {
        "id": str(uuid.uuid4()),
        "source": {"type": "patrol", "id": "team-P02"},
        "observed": {"start": seen.isoformat(), "end": (seen + timedelta(minutes=5)).isoformat()},
        "position": {"lon": 38.41, "lat": 48.71, "accuracy_m": 50},
        "event": {"kind": "fire", "weapons": [], "count": {"value": 2, "qualifier": "exact"}},
        "classification": classification,
    }


def test_public_sees_only_released_records(server: Server) -> None:
    """Of two observations of the published day, the public's OGC layer holds the public one
    and not the mission's own; the analyst's holds both."""
    public = _observation_of_the_published_day(server, "public")
    internal = _observation_of_the_published_day(server, "mission")
    with server.client("monitor") as c:
        for rec in (public, internal):
            assert c.post("/api/v1/observations", json=rec).status_code == 201
    seen = {
        account: _follow(
            server,
            "/ogc/collections/observations/items?limit=1000",
            account,
            "features",
            lambda p: next((k["href"] for k in p["links"] if k["rel"] == "next"), None),
        )
        for account in (None, "analyst")
    }
    public_ids = {f["id"] for f in seen[None]}
    assert public["id"] in public_ids and internal["id"] not in public_ids
    assert all(f["properties"]["classification"] == "public" for f in seen[None])
    assert {public["id"], internal["id"]} <= {f["id"] for f in seen["analyst"]}
    with server.client() as c:
        assert c.get(f"/ogc/collections/observations/items/{internal['id']}").status_code == 404


COLLECTIONS = ("incidents", "violations", "observations")

#: Flat fields GDAL must type (issue 11.9): what QGIS styles and filters by without a plugin.
FLAT_TYPES: dict[str, dict[str, str]] = {
    "incidents": {
        "observed_start": "DateTime",
        "observed_end": "DateTime",
        "counts_total": "Integer",
        "counts_qualifier": "String",
        "ellipse_semi_major_m": "Real",
        "ellipse_orientation_deg": "Real",
        "confidence": "Real",
    },
    "violations": {
        "observed_start": "DateTime",
        "observed_end": "DateTime",
        "facts_distance_m": "Real",
        "facts_reason": "String",
        "facts_side": "String",
        "agreement_version": "Integer",
    },
    "observations": {
        "observed_start": "DateTime",
        "event_count_value": "Integer",
        "event_kind": "String",
        "position_lon": "Real",
        "position_lat": "Real",
        "source_type": "String",
    },
}


def _ogc_all(server: Server, collection: str, account: str | None) -> list[dict[str, Any]]:
    """Every feature of ``collection`` as ``account`` sees it, following the next links."""

    def next_link(page: dict[str, Any]) -> str | None:
        return next((lk["href"] for lk in page["links"] if lk["rel"] == "next"), None)

    url = f"/ogc/collections/{collection}/items?limit=1000"
    return _follow(server, url, account, "features", next_link)


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_gdal_types_the_flat_fields(server: Server, collection: str) -> None:
    """``ogrinfo -al -so OAPIF:.../ogc/collections/X``: the flat copies of the nested fields
    arrive as typed fields (Integer, Real, DateTime, String), as in the CLI's GeoJSON."""
    if shutil.which("ogrinfo") is None:
        pytest.skip("GDAL's ogrinfo is not installed (Debian gdal-bin)")
    env = {**os.environ, "GDAL_HTTP_TIMEOUT": "60", "CPL_DEBUG": "OFF"}
    env["GDAL_HTTP_HEADERS"] = f"Authorization: Bearer {server.tokens['analyst']}"
    run = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", f"OAPIF:{server.url}/ogc/collections/{collection}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    fields = dict(re.findall(r"^(\w+): (\w+) \(", run.stdout, flags=re.M))
    assert {k: fields.get(k) for k in FLAT_TYPES[collection]} == FLAT_TYPES[collection]


@pytest.mark.parametrize("account", ["analyst", None, "party"])
def test_coordinates_have_at_most_7_decimals(server: Server, account: str | None) -> None:
    found = 0
    for collection in COLLECTIONS:
        for f in _ogc_all(server, collection, account):
            if f["geometry"] is not None:
                found += 1
                assert max(map(_decimals, f["geometry"]["coordinates"])) <= 7, f["geometry"]
    assert found > 0
    if account == "analyst":  # fused incidents are not on a 7-decimal grid until rounded
        incidents = _all(server, "/api/v1/incidents")
        assert any(_decimals(i["lon"]) > 7 for i in incidents)


def _no_nulls(value: Any) -> Any:
    """``value`` without null members (the CLI writes a violation without its null fields)."""
    if isinstance(value, dict):
        return {k: _no_nulls(v) for k, v in value.items() if v is not None}
    return value


def _cli_features(server: Server, command: str) -> dict[str, dict[str, Any]]:
    done = server.truce(command, "--format", "geojson")
    return {f["id"]: f for f in json.loads(done.stdout)["features"]}


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_ogc_features_are_the_cli_geojson(server: Server, collection: str) -> None:
    """The OGC API and ``truce X --format geojson`` build features with one function: the
    mission's (whole) view gives the same geometry and properties. A violation's ``status``
    is its review status in the API (``detected`` in the CLI's record), the API adds the
    party notified and keeps null fields the CLI leaves out."""
    cli = _cli_features(server, collection)
    ogc = {f["id"]: f for f in _ogc_all(server, collection, "analyst")}
    assert set(ogc) == set(cli) and cli
    for ident, mine in cli.items():
        theirs = ogc[ident]
        assert theirs["geometry"] == mine["geometry"]
        props = {k: v for k, v in mine["properties"].items() if k != "status"}
        got = {k: _no_nulls(theirs["properties"].get(k)) for k in props}
        assert got == props
    if collection == "observations":
        assert any(f["properties"].get("direction_from") for f in ogc.values())


def test_public_view_of_a_released_observation_is_rounded_in_every_field(
    server: Server,
) -> None:
    """A public observation of the published day reaches the public through the OGC API in
    the public view: its geometry and its flat copies both rounded (0.01°), never the exact
    position."""
    url = server.env.get("TRUCE_DATABASE_URL")
    with Mission.open(data_dir=server.data, database_url=url) as mission:
        start, _ = reports.published_periods(mission=mission)[0]
    seen = start + timedelta(hours=1)
    exact = (38.4312345, 48.7187654)
    rec = {
        "id": str(uuid.uuid4()),
        "source": {"type": "patrol", "id": "team-P01"},
        "observed": {"start": seen.isoformat(), "end": (seen + timedelta(minutes=5)).isoformat()},
        "position": {"lon": exact[0], "lat": exact[1], "accuracy_m": 50},
        "event": {"kind": "fire", "weapons": [], "count": {"value": 1, "qualifier": "exact"}},
        "classification": "public",
    }
    with server.client("monitor") as c:
        assert c.post("/api/v1/observations", json=rec).status_code == 201
    with server.client() as c:
        got = c.get(f"/ogc/collections/observations/items/{rec['id']}")
    assert got.status_code == 200, got.text
    feature = got.json()
    assert feature["geometry"]["coordinates"] == [38.43, 48.72]
    props = feature["properties"]
    assert (props["position_lon"], props["position_lat"]) == (38.43, 48.72)
    assert props["position"]["lon"] == 38.43 and props["event_count_value"] == 1
    assert str(exact[0]) not in got.text and str(exact[1]) not in got.text
