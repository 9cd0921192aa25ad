"""Sign-in: the token is exchanged for an HttpOnly SameSite=Strict session; CSRF on forms."""

from __future__ import annotations

import httpx
from playwright.sync_api import BrowserContext, Page

from tests.api.conftest import Server
from tests.web.conftest import sign_in


def test_sign_in_sets_a_strict_http_only_session(
    page: Page, context: BrowserContext, web_server: Server
) -> None:
    sign_in(page, web_server, "monitor")
    assert page.url.endswith("/field")  # a monitor lands on the field form
    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["truce_session"]
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Strict"
    assert web_server.tokens["monitor"] not in session["value"]
    assert "monitor" in page.locator("header .who").inner_text()
    # The session authenticates API calls from this browser too.
    me = page.request.get(f"{web_server.url}/api/v1/me").json()
    assert me["role"] == "monitor"


def test_wrong_token_is_refused(page: Page, web_server: Server) -> None:
    page.goto(f"{web_server.url}/login")
    page.fill("input[name=token]", "truce_not-a-token")
    page.click("form.login button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
    assert page.locator("header .who a[href='/login']").is_visible()


def test_sign_out_ends_the_session(page: Page, context: BrowserContext, web_server: Server) -> None:
    sign_in(page, web_server, "monitor")
    old = next(c["value"] for c in context.cookies() if c["name"] == "truce_session")
    page.click("header .who button[type=submit]")
    page.wait_for_load_state()
    assert not [c for c in context.cookies() if c["name"] == "truce_session"]
    # The old session id no longer works anywhere.
    me = httpx.get(f"{web_server.url}/api/v1/me", cookies={"truce_session": old}).json()
    assert me["role"] == "public"


def test_forms_refuse_a_missing_or_wrong_csrf_token(web_server: Server) -> None:
    with httpx.Client(base_url=web_server.url) as client:
        client.get("/login")  # sets the CSRF cookie
        assert client.cookies.get("truce_csrf")
        token = web_server.tokens["analyst"]
        missing = client.post("/login", data={"token": token})
        wrong = client.post("/login", data={"token": token, "csrf_token": "x" * 43})
        assert missing.status_code == 403
        assert wrong.status_code == 403
        assert "truce_session" not in client.cookies
        good = client.post(
            "/login", data={"token": token, "csrf_token": client.cookies["truce_csrf"]}
        )
        assert good.status_code == 303
        assert "truce_session" in client.cookies


def test_language_switch_on_every_page(page: Page, web_server: Server) -> None:
    for path in ("/login", "/field"):
        page.goto(f"{web_server.url}{path}")
        links = page.locator("nav.langs a")
        assert sorted(links.evaluate_all("els => els.map(e => e.hreflang)")) == [
            "de",
            "en",
            "ru",
            "uk",
        ]
    page.goto(f"{web_server.url}/login?lang=uk")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").inner_text() == "Увійти"
    page.goto(f"{web_server.url}/login")  # the choice is kept
    assert page.locator("html").get_attribute("lang") == "uk"


def test_browser_language_is_the_default(browser, web_server: Server) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(locale="de-DE")
    try:
        p = ctx.new_page()
        p.goto(f"{web_server.url}/login")
        assert p.locator("html").get_attribute("lang") == "de"
        assert p.locator("h1").inner_text() == "Anmelden"
    finally:
        ctx.close()
