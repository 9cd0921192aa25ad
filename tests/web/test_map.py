"""The map: every incident the API lists for the role is drawn; filters and the timeline
narrow it."""

from __future__ import annotations

from collections import Counter
from typing import Any

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
