"""A real ``truce serve`` process per backend (SQLite always, PostgreSQL when configured).

The session-scoped :func:`server` fixture builds the demo mission in a fresh data folder
(on PostgreSQL: in a fresh schema), creates one account per role with ``truce users``,
starts ``truce serve`` on a free port and waits until it answers. Tests talk to it with
httpx, as any client would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from truce.services import users
from truce.services.mission import Mission

PG_URL = os.environ.get("TRUCE_TEST_DATABASE_URL")
TRUCE = [sys.executable, "-m", "truce"]

#: Account name -> (role, party) created in every test server.
ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "admin": ("admin", None),
    "analyst": ("analyst", None),
    "monitor": ("monitor", None),
    "sensor": ("sensor", None),
    "party": ("party", "side-a"),
    "party-b": ("party", "side-b"),
}


@dataclass
class Server:
    url: str
    data: Path
    env: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, account: str | None = None) -> httpx.Client:
        """An httpx client as ``account`` (``None``: the public)."""
        headers = {"Authorization": f"Bearer {self.tokens[account]}"} if account else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def truce(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TRUCE, *args, "--data", str(self.data)],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_schema() -> Iterator[str]:
    assert PG_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema},public"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def start_server(data: Path, env: dict[str, str], *, demo: bool = True) -> Iterator[Server]:
    """Build the mission in ``data``, start ``truce serve`` and yield it; stop it after."""
    port = free_port()
    server = Server(url=f"http://127.0.0.1:{port}", data=data, env=env)
    if demo:
        server.truce("demo", "--no-serve")
    else:
        server.truce("init")
    _accounts(server)
    proc = subprocess.Popen(
        [*TRUCE, "serve", "--port", str(port), "--data", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(server, proc)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _accounts(server: Server) -> None:
    """One account and token per role: the first through the CLI, the rest in-process."""
    server.truce("users", "add", "admin", "--role", "admin")
    server.tokens["admin"] = server.truce("users", "token", "admin").stdout.strip()
    url = server.env.get("TRUCE_DATABASE_URL")
    with Mission.open(data_dir=server.data, database_url=url) as mission:
        for name, (role, party) in ACCOUNTS.items():
            if name not in server.tokens:
                users.add_user(mission=mission, name=name, role=role, party=party, by="tests")
                server.tokens[name] = users.issue_token(mission=mission, name=name, by="tests")


def _wait(server: Server, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"truce serve exited with {proc.returncode}: {err}")
        try:
            httpx.get(f"{server.url}/api/v1/me", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("truce serve did not answer within 60 s")


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCE_")}
    env["TRUCE_RATE_LIMIT"] = "0"  # tests that need the limit start their own server
    env.update(extra)
    return env


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A served demo mission with one account per role, on each backend."""
    data = tmp_path_factory.mktemp(f"serve-{request.param}") / "data"
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("TRUCE_TEST_DATABASE_URL is not set")
        for url in _pg_schema():
            yield from start_server(data, server_env(TRUCE_DATABASE_URL=url))
    else:
        yield from start_server(data, server_env())
