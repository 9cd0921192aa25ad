"""POST and GET of observations, batches and narratives through the real server."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from tests.api.conftest import Server
from tests.api.test_errors import assert_envelope


def record(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "source": {"type": "patrol", "id": "team-T01"},
        "observed": {"start": "2021-03-01T18:00:00+02:00", "end": "2021-03-01T18:30:00+02:00"},
        "position": {"lon": 38.43, "lat": 48.71, "accuracy_m": 50},
        "event": {
            "kind": "explosion",
            "subtype": "undetermined",
            "weapons": [],
            "count": {"value": 4, "qualifier": "exact"},
        },
        "classification": "mission",
    }
    base.update(over)
    return base


def test_created_duplicate_conflict_invalid(server: Server) -> None:
    rec = record()
    with server.client("monitor") as c:
        created = c.post("/api/v1/observations", json=rec)
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "created"
        assert isinstance(created.json()["leaf_index"], int)
        again = c.post("/api/v1/observations", json=rec)
        assert again.status_code == 200 and again.json()["status"] == "duplicate"
        changed = {**rec, "classification": "public"}
        assert_envelope(c.post("/api/v1/observations", json=changed), 409, "conflict")
        bad = record(position={"lon": 38.4, "lat": 95, "accuracy_m": 5})
        error = assert_envelope(c.post("/api/v1/observations", json=bad), 422, "invalid_input")
        assert any("lat" in json.dumps(d["loc"]) for d in error["details"])
        assert_envelope(
            c.post(
                "/api/v1/observations", content=b"{", headers={"content-type": "application/json"}
            ),
            422,
            "invalid_input",
        )
        assert_envelope(
            c.post("/api/v1/observations", content=b"x", headers={"content-type": "text/csv"}),
            415,
            "unsupported_media_type",
        )
        mine = c.get(f"/api/v1/observations/{rec['id']}")
        assert mine.status_code == 200 and mine.json()["source"]["id"] == "team-T01"
    with server.client("sensor") as c:
        assert c.get(f"/api/v1/observations/{rec['id']}").status_code == 404
    with server.client("party") as c:
        assert c.get(f"/api/v1/observations/{rec['id']}").status_code == 404
    with server.client("analyst") as c:
        assert c.get(f"/api/v1/observations/{rec['id']}").json()["id"] == rec["id"]
        proof = c.get("/api/v1/ledger/proofs/inclusion", params={"record_id": rec["id"]})
        assert proof.status_code == 200 and proof.json()["record_id"] == rec["id"]


def _jsonl(*records: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def test_batch_atomic_and_skip_invalid(server: Server) -> None:
    good, bad = (
        record(),
        record(observed={"start": "2021-03-01T18:00:00+02:00", "end": "2021-03-01T17:00:00+02:00"}),
    )
    headers = {"content-type": "application/x-ndjson"}
    with server.client("sensor") as c:
        atomic = c.post("/api/v1/observations:batch", content=_jsonl(good, bad), headers=headers)
        error = assert_envelope(atomic, 422, "invalid_input")
        assert [d.get("line") for d in error["details"]][0] == 2
        with server.client("analyst") as a:
            assert a.get(f"/api/v1/observations/{good['id']}").status_code == 404
        skip = c.post(
            "/api/v1/observations:batch",
            params={"skip_invalid": "true"},
            content=_jsonl(good, bad),
            headers=headers,
        )
        assert skip.status_code == 200, skip.text
        body = skip.json()
        assert (body["created"], body["rejected"]) == (1, 1)
        statuses = {r["line"]: r["status"] for r in body["results"]}
        assert statuses[1] == "created" and statuses[2] != "created"
        assert c.get(f"/api/v1/observations/{good['id']}").status_code == 200


def test_batch_names_the_earlier_line_of_a_conflict_inside_it(server: Server) -> None:
    first = record()
    changed = {**first, "classification": "public"}
    headers = {"content-type": "application/x-ndjson"}
    with server.client("sensor") as c:
        done = c.post(
            "/api/v1/observations:batch",
            params={"skip_invalid": "true"},
            content=_jsonl(first, record(), changed),
            headers=headers,
        )
        assert done.status_code == 200, done.text
        results = done.json()["results"]
        assert results[2] == {
            "line": 3,
            "status": "conflict",
            "id": first["id"],
            "earlier_line": 1,
        }
        assert "earlier_line" not in results[0]
        assert c.get(f"/api/v1/observations/{first['id']}").json()["classification"] == "mission"


def test_listing_pages_with_next_links(server: Server) -> None:
    with server.client("analyst") as c:
        seen: list[str] = []
        url: str | None = "/api/v1/observations?limit=40&kind=explosion"
        while url:
            page = c.get(url).json()
            assert len(page["items"]) <= 40
            seen += [o["id"] for o in page["items"]]
            assert all(o["event"]["kind"] == "explosion" for o in page["items"])
            url = page["next"]
        assert len(seen) == len(set(seen)) > 40
        error = assert_envelope(c.get("/api/v1/observations?kind=tank"), 422, "invalid_input")
        assert "explosion" in error["message"]
        boxed = c.get("/api/v1/observations", params={"bbox": "0,0,1,1"}).json()
        assert boxed["items"] == [] and boxed["next"] is None


def test_narrative(server: Server) -> None:
    text = "At 18:40 the patrol heard three explosions 3 km south-east of Horlivka."
    with server.client("monitor") as c:
        c.timeout = httpx.Timeout(180)  # the first narrative loads the gazetteer
        r = c.post(
            "/api/v1/narratives",
            json={"text": text, "date": "2021-03-01", "source": "team-N01"},
        )
        assert r.status_code in (200, 201), r.text
        error = assert_envelope(
            c.post("/api/v1/narratives", json={"text": text}), 422, "invalid_input"
        )
        assert {json.dumps(d["loc"]) for d in error["details"]} >= {'["source"]', '["date"]'}


#: ``team-К1`` with a Cyrillic К: it looks like ``team-K1`` and is another source (11.11).
MIXED = "team-\u041a1"


def _mixed(warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for w in warnings if "mixes letters" in w["msg"]]


def test_a_source_id_mixing_scripts_is_a_warning_of_every_write(server: Server) -> None:
    """Issue 11.11: the intake service warns of an id mixing scripts, so the single
    submission, the batch and the narrative return the warning (the record is stored as
    given: a warning in the body, not an error); a plain id gives none."""
    mixed = record(source={"type": "patrol", "id": MIXED})
    with server.client("monitor") as c:
        c.timeout = httpx.Timeout(180)  # a narrative may load the gazetteer
        one = c.post("/api/v1/observations", json=mixed)
        assert one.status_code == 201, one.text
        (warning,) = _mixed(one.json()["warnings"])
        assert warning["loc"] == ["source", "id"] and "Cyrillic \u041a" in warning["msg"]
        assert c.get(f"/api/v1/observations/{mixed['id']}").json()["source"]["id"] == MIXED
        plain = c.post("/api/v1/observations", json=record())
        assert plain.status_code == 201 and plain.json()["warnings"] == []

        lines = _jsonl(record(), record(source={"type": "patrol", "id": MIXED}))
        batch = c.post(
            "/api/v1/observations:batch",
            content=lines,
            headers={"content-type": "application/x-ndjson"},
        )
        assert batch.status_code == 200, batch.text
        assert batch.json()["created"] == 2
        (warning,) = _mixed(batch.json()["warnings"])
        assert (warning["line"], warning["loc"]) == (2, ["source", "id"])

        text = (
            "At 18:40 the patrol heard three explosions 3 km south-east of Horlivka. "
            "At 19:10 it heard two explosions 2 km north of Horlivka."
        )
        narrative = c.post(
            "/api/v1/narratives", json={"text": text, "date": "2021-03-01", "source": MIXED}
        )
        assert narrative.status_code == 201, narrative.text
        assert len(narrative.json()["created"]) == 2
        said = [w for w in narrative.json()["warnings"] if "mixes letters" in w]
        assert len(said) == 1 and MIXED in said[0]  # once for the passage's one source


def test_atomic_batch_with_a_conflicting_line_is_409_naming_it(server: Server) -> None:
    stored = record()
    headers = {"content-type": "application/x-ndjson"}
    with server.client("sensor") as c:
        assert c.post("/api/v1/observations", json=stored).status_code == 201
        fresh, inside = record(), record()
        body = _jsonl(
            fresh,
            {**stored, "classification": "public"},  # contradicts the stored record
            inside,
            {**inside, "classification": "public"},  # contradicts line 3
        )
        got = c.post("/api/v1/observations:batch", content=body, headers=headers)
        error = assert_envelope(got, 409, "conflict")
        assert [(d["line"], d["loc"]) for d in error["details"]] == [(2, ["id"]), (4, ["id"])]
        assert stored["id"] in error["details"][0]["msg"]
        assert "line 3" in error["details"][1]["msg"]
        assert "line 2" in error["message"]
        with server.client("analyst") as a:  # nothing of the batch was stored
            for rec in (fresh, inside):
                assert a.get(f"/api/v1/observations/{rec['id']}").status_code == 404
        skip = c.post(
            "/api/v1/observations:batch",
            params={"skip_invalid": "true"},
            content=body,
            headers=headers,
        )
        assert skip.status_code == 200, skip.text
        done = skip.json()
        assert (done["created"], done["conflicts"]) == (2, 2)
        assert [r["status"] for r in done["results"]] == [
            "created",
            "conflict",
            "created",
            "conflict",
        ]
