"""Crash safety of the group commit: SIGKILL ``truce serve`` (and its workers) while clients
post single observations; every observation acknowledged with 201 or 200 is stored, and the
whole database verifies (SQLite with one worker; PostgreSQL with two, when configured)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.api.conftest import PG_URL, TRUCE, _pg_schema, free_port, server_env

TEMPLATE = {
    "source": {"type": "sensor", "id": "acoustic-07"},
    "observed": {"start": "2025-03-12T18:00:00+02:00", "end": "2025-03-12T18:00:04+02:00"},
    "position": {"lon": 38.43217, "lat": 48.71289, "accuracy_m": 10},
    "event": {"kind": "explosion", "count": {"value": 1, "qualifier": "exact"}},
    "classification": "mission",
}


def _truce(data: Path, env: dict[str, str], *args: str) -> str:
    run = subprocess.run(
        [*TRUCE, *args, "--data", str(data)], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _post_until_gone(url: str, token: str, acked: list[str], stop: threading.Event) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as c:
        while not stop.is_set():
            ident = str(uuid.uuid4())
            try:
                got = c.post("/api/v1/observations", json={"id": ident, **TEMPLATE}, timeout=10)
            except httpx.TransportError:
                return
            if got.status_code in (200, 201):
                acked.append(ident)


def _serve_and_kill(
    data: Path, env: dict[str, str], token: str, workers: int, rng: random.Random
) -> list[str]:
    port = free_port()
    proc = subprocess.Popen(
        [*TRUCE, "serve", "--port", str(port), "--workers", str(workers), "--data", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers die with it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{url}/api/v1/me", timeout=2)
            break
        except httpx.TransportError:
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
    acked: list[str] = []
    stop = threading.Event()
    clients = [
        threading.Thread(target=_post_until_gone, args=(url, token, acked, stop)) for _ in range(8)
    ]
    for t in clients:
        t.start()
    time.sleep(rng.uniform(0.5, 2.0))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in clients:
        t.join()
    return acked


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_env(request: pytest.FixtureRequest) -> Iterator[tuple[dict[str, str], int]]:
    if request.param == "sqlite":
        yield server_env(), 1
        return
    if not PG_URL:
        pytest.skip("TRUCE_TEST_DATABASE_URL is not set")
    for url in _pg_schema():
        yield server_env(TRUCE_DATABASE_URL=url), 2


def test_sigkill_loses_no_acknowledged_submission(
    tmp_path: Path, backend_env: tuple[dict[str, str], int]
) -> None:
    env, workers = backend_env
    data = tmp_path / "data"
    _truce(data, env, "init")
    _truce(data, env, "users", "add", "s1", "--role", "sensor")
    token = _truce(data, env, "users", "token", "s1").strip()
    rng = random.Random(14)
    acked: list[str] = []
    for _ in range(3):
        acked += _serve_and_kill(data, env, token, workers, rng)
    assert len(acked) > 20  # the kills came while submissions were being stored
    url = env.get("TRUCE_DATABASE_URL") or f"sqlite:///{data / 'truce.db'}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            stored = {r[0] for r in conn.execute(text("SELECT id FROM observations"))}
    finally:
        engine.dispose()
    assert set(acked) <= stored
    verified = subprocess.run(
        [*TRUCE, "verify", "database", "--no-derived", "--data", str(data)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
