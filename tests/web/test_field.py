"""The field form offline: two reports queue on the device, sync when the network returns,
and a resend is a duplicate, not a second record."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page

from tests.api.conftest import Server
from tests.web.conftest import sign_in

# A point on the demo's line of contact area (the GPS default of the phone).
# Rewrites the count of a sent report on the device, keeping its id.
CHANGE_SENT_COUNT = """async (oid) => {
  const db = await new Promise((r) => {
    const q = indexedDB.open("truce-field", 1);
    q.onsuccess = () => r(q.result);
  });
  const sent = await new Promise((r) => {
    const q = db.transaction("sent").objectStore("sent").get(oid);
    q.onsuccess = () => r(q.result);
  });
  sent.body.event.count.value = 99;
  await new Promise((r) => {
    const t = db.transaction("sent", "readwrite");
    t.objectStore("sent").put(sent);
    t.oncomplete = r;
  });
}"""
GPS = {"latitude": 48.02, "longitude": 37.80, "accuracy": 25}


def _phone(browser: Browser) -> BrowserContext:
    return browser.new_context(
        locale="en-GB",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation=GPS,
        permissions=["geolocation"],
        service_workers="allow",
    )


def _queue(page: Page) -> int:
    return int(page.locator("[data-queue-count]").get_attribute("data-queue-count") or -1)


def _fill(page: Page, count: str) -> None:
    page.select_option("select[name='event.kind']", "explosion")
    page.fill("input[name='event.subtype']", "impact")
    page.fill("input[name='event.count.value']", count)
    page.select_option("select[name='event.count.qualifier']", "exact")
    page.fill("input[name='direction.bearings']", "SE")
    page.fill("input[name='distance_km.min']", "2")
    page.fill("input[name='distance_km.max']", "4")


def test_offline_queue_sync_and_resend(browser: Browser, web_server: Server) -> None:
    context = _phone(browser)
    try:
        page = context.new_page()
        sign_in(page, web_server, "monitor")
        assert page.url.endswith("/field")
        page.wait_for_selector("form[data-ready=true]")
        # The GPS position is the default.
        page.wait_for_function(
            "() => document.querySelector(\"[name='position.lat']\").value !== ''"
        )
        assert float(page.input_value("input[name='position.lat']")) == GPS["latitude"]
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now controlled by the service worker, which cached the form
        page.wait_for_selector("form[data-ready=true]")

        context.set_offline(True)
        page.reload()  # the form opens with no network
        page.wait_for_selector("form[data-ready=true]")
        for count in ("3", "5"):
            _fill(page, count)
            page.click("#field-form button[type=submit]")
        page.wait_for_function(
            "() => document.querySelector('[data-queue-count]').dataset.queueCount === '2'"
        )
        assert _queue(page) == 2
        ids = page.eval_on_selector_all(
            "[data-sync-log] > li[data-outcome=queued]", "els => els.map(e => e.dataset.id)"
        )
        assert len(ids) == 2

        context.set_offline(False)
        page.wait_for_function(
            "() => document.querySelector('[data-queue-count]').dataset.queueCount === '0'",
            timeout=30_000,
        )
        with web_server.client("monitor") as client:
            for oid in ids:
                got = client.get(f"/api/v1/observations/{oid}")
                assert got.status_code == 200, got.text
                assert got.json()["source"]["id"] == "monitor"
        outcomes = page.eval_on_selector_all(
            "[data-sync-log] > li", "els => els.map(e => e.dataset.outcome)"
        )
        assert sorted(outcomes) == ["created", "created"]

        # Send one again: the server answers "duplicate", no second record.
        page.click(f"[data-sync-log] > li[data-id='{ids[0]}'] [data-resend]")
        page.wait_for_selector(f"[data-sync-log] > li[data-id='{ids[0]}'][data-outcome=duplicate]")
        with web_server.client("analyst") as client:
            listed = client.get(
                "/api/v1/observations", params={"source": "monitor", "limit": "1000"}
            ).json()
        mine = [o["id"] for o in listed["items"] if o["id"] in ids]
        assert sorted(mine) == sorted(ids)
    finally:
        context.close()


def test_a_conflict_is_shown_not_dropped(browser: Browser, web_server: Server) -> None:
    context = _phone(browser)
    try:
        page = context.new_page()
        sign_in(page, web_server, "monitor")
        page.wait_for_selector("form[data-ready=true]")
        _fill(page, "7")
        page.click("#field-form button[type=submit]")
        page.wait_for_selector("[data-sync-log] > li[data-outcome=created]")
        oid = page.locator("[data-sync-log] > li").first.get_attribute("data-id")
        # The same id with other content, as a second device with a clash of ids would send.
        page.evaluate(CHANGE_SENT_COUNT, oid)
        page.click(f"[data-sync-log] > li[data-id='{oid}'] [data-resend]")
        alert = page.locator(f"[data-sync-log] > li[data-id='{oid}'][data-outcome=conflict]")
        alert.wait_for()
        assert alert.get_attribute("role") == "alert"
        # The log entry is written before the count is refreshed (both after the queue's
        # record is removed): wait for the count rather than read it at once.
        page.wait_for_function(
            "() => document.querySelector('[data-queue-count]').dataset.queueCount === '0'"
        )
    finally:
        context.close()
