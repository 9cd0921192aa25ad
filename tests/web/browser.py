"""Playwright driving Debian's Chromium by its executable path (no browser download).

The flags keep the browser off the network and quiet: no background fetches, updates,
sync or QUIC; ``--no-sandbox`` because CI runs as root.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = os.environ.get("TRUCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STATIC = Path(__file__).resolve().parents[2] / "src" / "truce" / "web" / "static"


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium, closed afterwards."""
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
        try:
            yield browser
        finally:
            browser.close()


def serve_static(page: Page, html: str) -> None:
    """Answer ``http://localhost/`` with ``html`` and ``/static/…`` from the package's folder.

    For unit tests of the static scripts alone (``localhost`` is a secure context, so
    WebCrypto is there); pages of the real server are tested against ``truce serve``.
    """

    def handle(route: Route) -> None:
        path = route.request.url.split("localhost", 1)[1].split("?", 1)[0]
        if path in ("", "/"):
            route.fulfill(status=200, content_type="text/html", body=html)
            return
        file = (STATIC / path.removeprefix("/static/")).resolve()
        if path.startswith("/static/") and file.is_file() and STATIC in file.parents:
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(status=200, content_type=kind, body=file.read_bytes())
        else:
            route.fulfill(status=404, body="not found")

    page.route("http://localhost/**", handle)
    page.goto("http://localhost/")
