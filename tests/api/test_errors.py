"""The JSON error envelope on every error path, and the body and rate limits (real server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server, server_env, start_server


def assert_envelope(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["code"] == code and isinstance(error["message"], str) and error["message"]
    assert all({"loc", "msg"} <= set(d) <= {"loc", "msg", "line"} for d in error["details"])
    assert "Traceback" not in response.text
    return dict(error)


def test_not_found_and_method_not_allowed(server: Server) -> None:
    with server.client() as c:
        assert_envelope(c.get("/api/v1/nothing-here"), 404, "not_found")
        assert_envelope(c.delete("/api/v1/me"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "header", ["Bearer truce_not-a-token", "Bearer", "Basic dXNlcjpwYXNz", "truce_x"]
)
def test_bad_credentials_are_401(server: Server, header: str) -> None:
    response = httpx.get(f"{server.url}/api/v1/me", headers={"Authorization": header})
    assert_envelope(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


def test_each_role_is_recognised(server: Server) -> None:
    for account in server.tokens:
        with server.client(account) as c:
            me = c.get("/api/v1/me").json()
        assert me["name"] == account
    with server.client() as c:
        assert c.get("/api/v1/me").json()["role"] == "public"


def test_openapi_and_docs(server: Server) -> None:
    with server.client() as c:
        doc = c.get("/openapi.json").json()
        assert doc["openapi"].startswith("3.1")
        assert all(p.startswith(("/api/v1/", "/ogc", "/ledger/")) for p in doc["paths"])
        assert c.get("/docs").status_code == 200


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("limited") / "data"
    env = server_env(TRUCE_RATE_LIMIT="0.5", TRUCE_BODY_LIMIT="1000")
    yield from start_server(Path(data), env, demo=False)


def test_body_limit(limited: Server) -> None:
    with limited.client("analyst") as c:
        big = c.post("/api/v1/me", content=b"x" * 2000)
        assert_envelope(big, 413, "body_too_large")

        def chunks() -> Iterator[bytes]:
            for _ in range(5):
                yield b"y" * 400

    with limited.client("party") as c:  # a token of its own: the rate limit is 0.5/s
        streamed = c.post(
            "/api/v1/observations", content=chunks(), headers={"content-type": "application/json"}
        )
        assert_envelope(streamed, 413, "body_too_large")


def test_rate_limit_per_token(limited: Server) -> None:
    with limited.client("monitor") as c:
        responses = [c.get("/api/v1/me") for _ in range(6)]
        limited_ones = [r for r in responses if r.status_code == 429]
        assert limited_ones and responses[0].status_code == 200
        error = assert_envelope(limited_ones[0], 429, "rate_limited")
        assert "per second" in error["message"]
        assert int(limited_ones[0].headers["retry-after"]) >= 1
    with limited.client("sensor") as other:
        assert other.get("/api/v1/me").status_code == 200
