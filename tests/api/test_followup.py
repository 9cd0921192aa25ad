"""The follow-up with the parties and the cosignatures, through the real server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.api.conftest import Server
from tests.api.test_errors import assert_envelope
from tests.api.test_observations import record


def _violation(server: Server, n: int) -> str:
    with server.client("analyst") as c:
        return str(c.get("/api/v1/violations", params={"limit": n + 1}).json()["items"][n]["id"])


def test_notify_respond_dispute_close(server: Server) -> None:
    vid = _violation(server, 3)
    with server.client("analyst") as a:
        decided = a.post(
            f"/api/v1/violations/{vid}/decisions",
            json={"status": "confirmed", "reason": "three monitors", "attribution": "side-b"},
        )
        assert decided.status_code == 201, decided.text
        assert_envelope(
            a.post(f"/api/v1/violations/{vid}/decisions", json={"status": "confirmed"}),
            422,
            "invalid_input",
        )
    evidence = record(source={"type": "party", "id": "side-b-liaison"})
    with server.client("party-b") as b:
        assert vid in [v["id"] for v in b.get("/api/v1/notifications").json()["items"]]
        assert b.post("/api/v1/observations", json=evidence).status_code == 201
        assert_envelope(
            b.post(f"/api/v1/violations/{vid}/responses", json={"status": "disputed"}),
            422,
            "invalid_input",
        )
        other = _first_observation(server)
        assert_envelope(
            b.post(
                f"/api/v1/violations/{vid}/responses",
                json={"status": "disputed", "reasons": "not ours", "evidence": [other]},
            ),
            422,
            "invalid_input",
        )
        assert_envelope(
            b.post(f"/api/v1/violations/{vid}/responses", json={"status": "closed"}),
            403,
            "forbidden",
        )
        disputed = b.post(
            f"/api/v1/violations/{vid}/responses",
            json={
                "status": "disputed",
                "reasons": "our unit was elsewhere",
                "evidence": [evidence["id"]],
            },
        )
        assert disputed.status_code == 201, disputed.text
    with server.client("party") as a_side:
        assert_envelope(
            a_side.post(f"/api/v1/violations/{vid}/responses", json={"status": "acknowledged"}),
            404,
            "not_found",
        )
    with server.client("analyst") as a:
        closed = a.post(f"/api/v1/violations/{vid}/responses", json={"status": "closed"})
        assert closed.status_code == 201, closed.text
        rid = disputed.json()["id"]
        proof = a.get(
            "/api/v1/ledger/proofs/inclusion", params={"record_id": rid, "kind": "response"}
        )
        assert proof.status_code == 200, proof.text
    with server.client("party-b") as b:
        assert_envelope(
            b.post(f"/api/v1/violations/{vid}/responses", json={"status": "remedied"}),
            409,
            "conflict",
        )
        assert vid not in [v["id"] for v in b.get("/api/v1/notifications").json()["items"]]
        thread = b.get(f"/api/v1/violations/{vid}").json()["thread"]
    assert [(t["type"], t.get("status")) for t in thread] == [
        ("decision", "confirmed"),
        ("response", "disputed"),
        ("response", "closed"),
    ]
    assert thread[1]["evidence"] == [evidence["id"]] and "by" not in thread[2]


def _first_observation(server: Server) -> str:
    with server.client("analyst") as c:
        return str(c.get("/api/v1/observations", params={"limit": 1}).json()["items"][0]["id"])


def test_cosignature_by_a_registered_key(server: Server, tmp_path: Path) -> None:
    server.truce("keys", "generate", "side-a.example/liaison")
    (key,) = (server.data / "keys").glob("side-a*.key")
    note = server.client().get("/api/v1/ledger/checkpoint").text
    cp = tmp_path / "cp"
    cp.write_text(note)
    cosigned = _cosign(server, key, cp)
    with server.client("party") as c:
        headers = {"content-type": "text/plain"}
        sent = c.post("/api/v1/ledger/cosignatures", content=cosigned, headers=headers)
        assert sent.status_code == 201, sent.text
        assert sent.json()["accepted"] == ["side-a.example/liaison"]
        served = c.get("/api/v1/ledger/checkpoint").text
        assert served.startswith(note) and "side-a.example/liaison" in served
        assert_envelope(
            c.post("/api/v1/ledger/cosignatures", content=cosigned, headers=headers),
            422,
            "invalid_input",
        )
        tampered = cosigned[:-10] + ("A" if cosigned[-10] != "A" else "B") + cosigned[-9:]
        bad = c.post("/api/v1/ledger/cosignatures", content=tampered, headers=headers)
        assert bad.status_code == 422
    stranger = tmp_path / "stranger"
    subprocess.run(
        [*server_cli(server), "keys", "generate", "witness.example/w1", "--out", str(stranger)],
        check=True,
        capture_output=True,
        env=server.env,
    )
    (skey,) = stranger.glob("*.key")
    other = _cosign(server, skey, cp)
    with server.client() as c:
        assert_envelope(
            c.post(
                "/api/v1/ledger/cosignatures", content=other, headers={"content-type": "text/plain"}
            ),
            422,
            "invalid_input",
        )


def server_cli(server: Server) -> list[str]:
    return [sys.executable, "-m", "truce"]


def _cosign(server: Server, key: Path, checkpoint: Path) -> str:
    run = subprocess.run(
        [*server_cli(server), "ledger", "cosign", "--key", str(key), str(checkpoint)],
        check=True,
        capture_output=True,
        text=True,
        env=server.env,
    )
    return run.stdout
