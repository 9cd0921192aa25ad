"""OGC API - Features through GDAL's own client (``ogrinfo OAPIF:``) and by hand."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server


def _all(server: Server, path: str, account: str = "analyst") -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with server.client(account) as c:
        url: str | None = f"{path}?limit=1000"
        while url:
            page = c.get(url).json()
            out += page["items"]
            url = page["next"]
    return out


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


def test_public_sees_only_released_records(server: Server) -> None:
    with server.client() as c:
        body = c.get("/ogc/collections/observations/items", params={"limit": 1000}).json()
    assert all(f["properties"]["classification"] == "public" for f in body["features"])
