"""The analyst's review queue and the party's view: decide with one keystroke, the decision
is in the ledger; the party sees what is notified to it and responds."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.api.conftest import Server
from tests.web.conftest import sign_in
from truce.ledger.verify import verify_inclusion
from truce.services import ledger
from truce.services.mission import Mission


def _violation(server: Server, violation_id: str) -> dict[str, Any]:
    with server.client("analyst") as client:
        body: dict[str, Any] = client.get(f"/api/v1/violations/{violation_id}").json()
    return body


def _decide_first(page: Page, key: str, reason: str, party: str | None = None) -> str:
    """Select the newest waiting violation, write the reason, press ``key``."""
    first = page.locator("[data-review-queue] > li").first
    violation_id = first.get_attribute("data-violation-id") or ""
    first.locator("input[name=reason]").fill(reason)
    if party:
        first.locator("select[name=party]").select_option(party)
    first.locator("input[name=reason]").press("Escape")
    with page.expect_navigation():
        page.keyboard.press(key)
    return violation_id


def test_queue_is_newest_first(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    assert page.url.endswith("/review")
    ids = page.eval_on_selector_all(
        "[data-review-queue] > li", "els => els.map(e => e.dataset.violationId)"
    )
    assert len(ids) > 1
    starts = [_violation(web_server, i)["observed"]["start"] for i in ids[:5]]
    assert starts == sorted(starts, reverse=True)


def test_confirm_with_one_key_lands_in_the_ledger(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    violation_id = _decide_first(page, "c", "seen by two patrols")
    notice = page.locator("[data-decision-record]")
    record_id = notice.get_attribute("data-decision-record") or ""
    leaf = int(notice.get_attribute("data-decision-leaf") or -1)
    assert _violation(web_server, violation_id)["status"] == "confirmed"
    with Mission.open(data_dir=web_server.data) as mission:
        proof = ledger.inclusion_proof(mission=mission, record_id=record_id, kind="decision")
        assert proof.index == leaf
        verify_inclusion(
            leaf_hash=proof.leaf_hash, index=proof.index, size=proof.size, root=proof.root,
            proof=proof.proof,
        )  # fmt: skip
    # Decided: it left the queue.
    assert (
        page.locator(f"[data-review-queue] > li[data-violation-id='{violation_id}']").count() == 0
    )


def test_a_decision_needs_a_reason(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "analyst")
    first = page.locator("[data-review-queue] > li").first
    violation_id = first.get_attribute("data-violation-id")
    first.focus()
    page.keyboard.press("d")
    # No navigation: the reason field is focused and nothing was decided.
    assert page.evaluate("document.activeElement.name") == "reason"
    assert _violation(web_server, str(violation_id))["status"] == "detected"


def test_party_responds_to_what_is_notified(browser: Browser, web_server: Server) -> None:
    analyst = browser.new_context(locale="en-GB")
    party = browser.new_context(locale="en-GB")
    try:
        a = analyst.new_page()
        sign_in(a, web_server, "analyst")
        violation_id = _decide_first(a, "a", "fire from their positions", party="side-a")
        assert _violation(web_server, violation_id)["notified_to"] == "side-a"

        p = party.new_page()
        sign_in(p, web_server, "party")
        assert p.url.endswith("/party")
        item = p.locator(f"li[data-violation-id='{violation_id}']")
        assert item.count() == 1
        item.locator("input[value=disputed]").check()
        item.locator("textarea[name=reasons]").fill("our units were not there")
        with p.expect_navigation():
            item.locator("button[type=submit]").click()
        assert p.locator("[role=status]").is_visible()
        thread = _violation(web_server, violation_id)["thread"]
        responses = [t for t in thread if t["type"] == "response"]
        assert [r["status"] for r in responses] == ["disputed"]
        assert responses[0]["reasons"] == "our units were not there"
        # The analyst sees the response in the review page.
        a.goto(f"{web_server.url}/review")
        assert (
            "our units were not there" in a.locator(f"[data-thread='{violation_id}']").inner_text()
        )

        # The other party does not see it at all.
        other = browser.new_context(locale="en-GB")
        try:
            o = other.new_page()
            sign_in(o, web_server, "party-b")
            assert o.locator(f"li[data-violation-id='{violation_id}']").count() == 0
        finally:
            other.close()

        # The checkpoint to cosign is a signed note.
        with p.expect_download() as download:
            p.click("a[href='/party/checkpoint.txt']")
        text = open(download.value.path(), encoding="utf-8").read()
        assert "\n\n\u2014 " in text
    finally:
        analyst.close()
        party.close()


def test_review_is_for_analysts(page: Page, web_server: Server) -> None:
    sign_in(page, web_server, "monitor")
    response = page.goto(f"{web_server.url}/review")
    assert response is not None and response.status == 403
    assert page.locator("[data-review-queue]").count() == 0


@pytest.mark.parametrize(("path", "words"), [("/review", "for analysts"), ("/party", "liaison")])
def test_signed_out_the_mission_pages_ask_for_a_sign_in(
    page: Page, web_server: Server, path: str, words: str
) -> None:
    """The public is not a role of these pages: 401 (as the API answers), the page's own
    refusal, and nothing of the queue or the notifications."""
    response = page.goto(f"{web_server.url}{path}")
    assert response is not None and response.status == 401
    assert words in page.locator("p.error").inner_text()
    assert page.locator("[data-review-queue], [data-violation-id]").count() == 0
