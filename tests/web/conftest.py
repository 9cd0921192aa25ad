"""Browser fixtures: one Chromium per test process, a fresh context per test, and a real
``truce serve`` on the demo mission (SQLite) with one account per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.api.conftest import Server, server_env, start_server
from tests.web.browser import chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(locale="en-GB")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo mission served by ``truce serve`` (SQLite), accounts as in tests/api."""
    data = tmp_path_factory.mktemp("web-serve") / "data"
    yield from start_server(data, server_env())


def sign_in(page: Page, server: Server, account: str) -> None:
    """Sign in through the /login form as ``account`` (the session cookie is then set)."""
    page.goto(f"{server.url}/login")
    page.fill("input[name=token]", server.tokens[account])
    page.click("form.login button[type=submit]")
    page.wait_for_load_state()
