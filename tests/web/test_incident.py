"""The incident page: its records' inclusion proofs are checked in the browser."""

from __future__ import annotations

import json

from playwright.sync_api import Browser, Page, Route

from tests.api.conftest import Server
from tests.web.conftest import sign_in

#: The incident's own proof element (its observations); the records' have data-proof-leaf.
MAIN = "[data-proof]:not([data-proof-leaf])"
DONE = f"{MAIN}[data-proof=verified], {MAIN}[data-proof=failed]"


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
    proof = page.locator(MAIN)
    page.wait_for_selector(DONE, timeout=30_000)
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
    page.wait_for_selector(DONE, timeout=30_000)
    proof = page.locator(MAIN)
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
    page.wait_for_selector(DONE, timeout=30_000)
    assert page.locator(MAIN).get_attribute("data-proof") == "failed"


def test_unknown_incident_is_a_page_not_a_trace(page: Page, web_server: Server) -> None:
    response = page.goto(f"{web_server.url}/incidents/00000000-0000-0000-0000-000000000000")
    assert response is not None and response.status == 404
    assert page.locator("[role=alert]").is_visible()
    assert "Traceback" not in page.content()


SETTLED = (
    "() => [...document.querySelectorAll('[data-proof]')].every(e => e.dataset.proof !== 'pending')"
)


def _proof_states(page: Page) -> dict[str, str]:
    got: dict[str, str] = page.eval_on_selector_all(
        "[data-proof-leaf]",
        "els => Object.fromEntries(els.map(e => [e.dataset.proofLeaf, e.dataset.proof]))",
    )
    return got


def _decided_and_answered(server: Server) -> tuple[str, list[int]]:
    """An incident whose violation an analyst confirms for side-a and side-a acknowledges,
    then a checkpoint signed over both: the incident and the two records' leaves."""
    with server.client("party") as client:  # incidents the party may open
        seen = client.get("/api/v1/incidents", params={"limit": "1000"}).json()["items"]
    released = {i["id"] for i in seen}
    with server.client("analyst") as client:
        items = client.get("/api/v1/violations", params={"limit": "1000"}).json()["items"]
        fresh = [
            v
            for v in items
            if v["record_type"] == "incident"
            and v["status"] == "detected"
            and v["record_ids"][0] in released
        ]
        assert fresh
        violation = fresh[0]
        decided = client.post(
            f"/api/v1/violations/{violation['id']}/decisions",
            json={"status": "confirmed", "reason": "seen from two posts", "attribution": "side-a"},
        )
        assert decided.status_code == 201, decided.text
    with server.client("party") as client:
        answered = client.post(
            f"/api/v1/violations/{violation['id']}/responses",
            json={"status": "acknowledged", "reasons": "under review"},
        )
        assert answered.status_code == 201, answered.text
    server.truce("ledger", "checkpoint")
    leaves = [decided.json()["leaf_index"], answered.json()["leaf_index"]]
    return str(violation["record_ids"][0]), leaves


def test_decisions_and_responses_are_proved_each(browser: Browser, web_server: Server) -> None:
    incident, leaves = _decided_and_answered(web_server)
    for account in ("analyst", "party"):
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        sign_in(page, web_server, account)
        page.goto(f"{web_server.url}/incidents/{incident}")
        page.wait_for_function(SETTLED, timeout=30_000)
        states = _proof_states(page)
        assert {str(k) for k in leaves} <= set(states), (account, states)
        assert set(states.values()) == {"verified"}, (account, states)
        assert page.locator(MAIN).get_attribute("data-proof") == "verified"
        text = page.locator(f"[data-proof-leaf='{leaves[0]}']").inner_text()
        assert f"leaf {leaves[0]}" in text
        context.close()
    with web_server.client("party") as client:
        records = client.get(f"/incidents/{incident}/proofs.json").json()["records"]
    assert all("entry" not in p for p in records.values())  # hashes only outside the mission
    with web_server.client("analyst") as client:
        records = client.get(f"/incidents/{incident}/proofs.json").json()["records"]
    assert all("entry" in records[str(k)] for k in leaves)  # the browser rehashes the record


def test_an_altered_record_fails_alone(page: Page, web_server: Server) -> None:
    incident, leaves = _decided_and_answered(web_server)
    sign_in(page, web_server, "analyst")
    target = str(leaves[1])

    def tamper(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        entry = body["records"][target]["entry"]
        body["records"][target]["entry"] = entry.replace("acknowledged", "remedied")
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/proofs.json", tamper)
    page.goto(f"{web_server.url}/incidents/{incident}")
    page.wait_for_function(SETTLED, timeout=30_000)
    states = _proof_states(page)
    assert states[target] == "failed"
    assert states[str(leaves[0])] == "verified"
    assert page.locator(MAIN).get_attribute("data-proof") == "verified"
    assert "does not hash to its leaf" in page.locator(f"[data-proof-leaf='{target}']").inner_text()
