"""The map: every incident the API lists for the role is drawn; filters and the timeline
narrow it."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.api.conftest import Server
from tests.web.conftest import sign_in

DRAWN = ".truce-incident[data-incident-id]"


def _api_incidents(server: Server, account: str | None, **params: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    with server.client(account) as client:
        while True:
            q = {"limit": "10000", **params, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/v1/incidents", params=q).json()
            out.extend(body["items"])
            cursor = body.get("next_cursor")
            if not cursor:
                return out


def _open_map(page: Page, server: Server, query: str = "") -> None:
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector("#map[data-ready=true]", timeout=60_000)


def _drawn_ids(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        DRAWN, "els => els.map(e => e.getAttribute('data-incident-id'))"
    )
    return ids


def test_map_draws_every_incident_the_api_lists(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    _open_map(page, web_server)
    listed = {i["id"] for i in _api_incidents(web_server, "analyst")}
    drawn = _drawn_ids(page)
    assert len(listed) > 10
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == listed
    assert page.locator("[data-shown-count]").get_attribute("data-shown-count") == str(len(listed))


def test_public_map_draws_what_the_public_api_lists(page: Page, web_server: Server) -> None:
    _open_map(page, web_server)
    listed = {i["id"] for i in _api_incidents(web_server, None)}
    assert set(_drawn_ids(page)) == listed


def test_kind_filter_narrows_to_the_api_listing(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    _open_map(page, web_server)
    everything = _api_incidents(web_server, "analyst")
    kind, _n = Counter(i["kind"] for i in everything).most_common(2)[-1]
    page.select_option("#m-kind", kind)
    page.wait_for_function(
        "n => document.querySelectorAll('.truce-incident').length === n",
        arg=sum(1 for i in everything if i["kind"] == kind),
    )
    of_kind = {i["id"] for i in _api_incidents(web_server, "analyst", kind=kind)}
    assert set(_drawn_ids(page)) == of_kind
    assert 0 < len(of_kind) < len(everything)
    assert "kind=" + kind in page.url  # the filter is in the address, to share


def test_brushing_the_timeline_narrows_the_map(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    _open_map(page, web_server)
    before = len(_drawn_ids(page))
    bars = page.locator("#timeline rect.bar")
    assert bars.count() > 3
    busiest = max(
        range(bars.count()), key=lambda i: int(bars.nth(i).get_attribute("data-count") or 0)
    )
    bars.nth(busiest).click()
    page.wait_for_function(
        "n => document.querySelectorAll('.truce-incident').length < n", arg=before
    )
    hour = bars.nth(busiest).get_attribute("data-hour") or ""
    expected = int(bars.nth(busiest).get_attribute("data-count") or 0)
    shown = len(_drawn_ids(page))
    # The hour's incidents (by start) are shown, plus those still going on in that hour.
    assert shown >= expected > 0
    assert shown < before
    assert hour
    page.click("[data-brush-clear]")
    page.wait_for_function(
        "n => document.querySelectorAll('.truce-incident').length === n", arg=before
    )


def test_date_filter_is_sent_to_the_server(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    _open_map(page, web_server, "?since=2000-01-01&until=2000-01-02")
    assert _drawn_ids(page) == []
    assert page.locator("[data-shown-count]").get_attribute("data-shown-count") == "0"


COVERAGE = "path.truce-coverage"


def _coverage(server: Server, account: str | None, **params: str) -> Any:
    with server.client(account) as client:
        return client.get("/map/data.json", params=params).json()["coverage"]


def _drawn_coverage(page: Page) -> list[dict[str, str]]:
    got: list[dict[str, str]] = page.eval_on_selector_all(
        COVERAGE,
        "els => els.map(e => ({covered: e.getAttribute('data-covered'), "
        "region: e.getAttribute('data-region'), cls: e.getAttribute('class')}))",
    )
    return got


def test_coverage_overlay_is_drawn_and_follows_the_filters(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    _open_map(page, web_server)
    sent = _coverage(web_server, "analyst")
    assert sent["records"] > 0 and 0 < sent["covered_km"] < sent["line_km"]
    drawn = _drawn_coverage(page)
    assert len(drawn) == len(sent["features"])
    assert [d["covered"] == "true" for d in drawn] == [
        f["properties"]["covered"] for f in sent["features"]
    ]
    assert any("truce-covered" in d["cls"] for d in drawn)
    assert any("truce-uncovered" in d["cls"] for d in drawn)
    assert page.locator("[data-coverage-legend]").is_visible()
    summary = page.locator("[data-coverage-summary]")
    everywhere = float(summary.get_attribute("data-covered-km") or "nan")
    assert everywhere == pytest.approx(sent["covered_km"], abs=0.2)
    # A region: the summary counts only its part of the line.
    region = sent["features"][0]["properties"]["region"]
    in_region = sum(
        f["properties"]["km"]
        for f in sent["features"]
        if f["properties"]["region"] == region and f["properties"]["covered"]
    )
    page.select_option("#m-region", region)
    page.wait_for_function(
        "v => document.querySelector('[data-coverage-summary]').dataset.coveredKm !== v",
        arg=f"{everywhere:.1f}",
    )
    assert float(summary.get_attribute("data-covered-km") or "nan") == pytest.approx(
        in_region, abs=0.2
    )
    page.select_option("#m-region", "")
    # A day without coverage records: the whole line is drawn as not observed.
    page.fill("#m-since", "2000-01-01")
    page.fill("#m-until", "2000-01-01")
    page.dispatch_event("#m-until", "change")
    page.wait_for_function(
        "() => document.querySelectorAll('path.truce-covered').length === 0 && "
        "document.querySelectorAll('path.truce-uncovered').length > 0"
    )
    assert page.locator("[data-coverage-note]").is_visible()
    assert page.locator("[data-coverage-summary]").get_attribute("data-covered-km") == "0.0"


def test_public_coverage_is_only_that_of_published_periods(web_server: Server) -> None:
    analyst = _coverage(web_server, "analyst", since="2000-01-01", until="2000-01-02")
    assert analyst is not None and analyst["records"] == 0  # the mission sees any period
    assert _coverage(web_server, None, since="2000-01-01", until="2000-01-02") is None
    public = _coverage(web_server, None)
    assert public is not None and public["scope"] == "published"
    assert public["covered_km"] <= _coverage(web_server, "analyst")["covered_km"]
