"""axe-core (vendored) in the browser: no serious or critical finding on the main pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.api.conftest import Server
from tests.web.conftest import sign_in

AXE = "/static/vendor/axe-core/axe.min.js"  # served by truce serve: the page's CSP allows it
#: The committed screenshots: rewritten only when ``TRUCE_REFRESH_SCREENSHOTS=1`` asks for it
#: (README "Dashboard"); otherwise the test writes into its own temporary folder.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
REFRESH = os.environ.get("TRUCE_REFRESH_SCREENSHOTS") == "1"


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(url=AXE)
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _an_incident(server: Server) -> str:
    with server.client("analyst") as client:
        return str(client.get("/api/v1/incidents", params={"limit": "1"}).json()["items"][0]["id"])


@pytest.mark.parametrize(
    ("account", "path"),
    [
        (None, "/"),
        (None, "/login"),
        (None, "/reports"),
        ("analyst", "/"),
        ("analyst", "/review"),
        ("analyst", "/incident"),
        ("monitor", "/field"),
        ("party", "/party"),
    ],
)
def test_no_serious_findings(
    page: Page, web_server: Server, account: str | None, path: str
) -> None:
    if account:
        sign_in(page, web_server, account)
    if path == "/incident":
        path = f"/incidents/{_an_incident(web_server)}"
    page.goto(f"{web_server.url}{path}")
    if path == "/":
        page.wait_for_selector("#map[data-ready=true]", timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert _axe(page) == []


@pytest.mark.parametrize(("name", "viewport"), [("desktop", (1366, 900)), ("phone", (390, 844))])
def test_screenshots(
    browser: Browser, web_server: Server, name: str, viewport: tuple[int, int], tmp_path: Path
) -> None:
    """Screenshots of the map, an incident page and the field form: into a temporary folder,
    or into docs/screenshots with ``TRUCE_REFRESH_SCREENSHOTS=1``."""
    shots = SCREENSHOTS if REFRESH else tmp_path
    width, height = viewport
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": height}, is_mobile=name == "phone"
    )
    try:
        page = context.new_page()
        sign_in(page, web_server, "analyst")
        shots.mkdir(parents=True, exist_ok=True)
        page.goto(f"{web_server.url}/")
        page.wait_for_selector("#map[data-ready=true]", timeout=60_000)
        page.screenshot(path=str(shots / f"map-{name}.png"))
        page.goto(f"{web_server.url}/incidents/{_an_incident(web_server)}")
        page.wait_for_selector("[data-proof=verified], [data-proof=failed]")
        page.screenshot(path=str(shots / f"incident-{name}.png"), full_page=name == "desktop")
        page.goto(f"{web_server.url}/field")
        page.wait_for_selector("form[data-ready=true]")
        page.screenshot(path=str(shots / f"field-{name}.png"))
        for shot in ("map", "incident", "field"):
            assert (shots / f"{shot}-{name}.png").stat().st_size > 10_000
    finally:
        context.close()
