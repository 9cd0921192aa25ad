"""The incident page: its records' inclusion proofs are checked in the browser."""

from __future__ import annotations

import json

from playwright.sync_api import Page, Route

from tests.api.conftest import Server
from tests.web.conftest import sign_in


def _an_incident(server: Server) -> str:
    with server.client("analyst") as client:
        items = client.get("/api/v1/incidents", params={"limit": "50"}).json()["items"]
    assert items
    best = max(items, key=lambda i: len(i["observation_ids"]))
    return str(best["id"])


def test_proofs_verify_in_the_browser(page: Page, web_server: Server) -> None:
    incident = _an_incident(web_server)
    sign_in(page, web_server, "analyst")
    page.goto(f"{web_server.url}/incidents/{incident}")
    proof = page.locator("[data-proof]")
    page.wait_for_selector("[data-proof=verified], [data-proof=failed]", timeout=30_000)
    assert proof.get_attribute("data-proof") == "verified", proof.inner_text()
    assert proof.inner_text().strip()
    assert page.locator("[data-observation-id]").count() > 0


def test_a_hash_altered_in_flight_fails(page: Page, web_server: Server) -> None:
    incident = _an_incident(web_server)
    sign_in(page, web_server, "analyst")

    def tamper(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        first = body["proofs"][0]
        if first["proof"]:
            h = first["proof"][0]
            first["proof"][0] = ("0" if h[0] != "0" else "1") + h[1:]
        else:
            first["leaf_hash"] = "00" * 32
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/proofs.json", tamper)
    page.goto(f"{web_server.url}/incidents/{incident}")
    page.wait_for_selector("[data-proof=verified], [data-proof=failed]", timeout=30_000)
    proof = page.locator("[data-proof]")
    assert proof.get_attribute("data-proof") == "failed"
    assert "failed" in proof.inner_text().lower()


def test_a_forged_checkpoint_signature_fails(page: Page, web_server: Server) -> None:
    incident = _an_incident(web_server)
    sign_in(page, web_server, "analyst")

    def forge(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        body["checkpoint"] = body["checkpoint"].replace("\n", "\n", 1)
        lines = body["checkpoint"].split("\n")
        lines[1] = str(int(lines[1]) + 1)  # claim a bigger tree under the same signature
        body["checkpoint"] = "\n".join(lines)
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/proofs.json", forge)
    page.goto(f"{web_server.url}/incidents/{incident}")
    page.wait_for_selector("[data-proof=verified], [data-proof=failed]", timeout=30_000)
    assert page.locator("[data-proof]").get_attribute("data-proof") == "failed"


def test_unknown_incident_is_a_page_not_a_trace(page: Page, web_server: Server) -> None:
    response = page.goto(f"{web_server.url}/incidents/00000000-0000-0000-0000-000000000000")
    assert response is not None and response.status == 404
    assert page.locator("[role=alert]").is_visible()
    assert "Traceback" not in page.content()
