"""``truce demo`` without ``--no-serve`` ends by serving the demo: address and analyst token."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.conftest import free_port, server_env


def test_demo_serves_and_prints_an_analyst_token(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "truce", "demo", "--data", str(tmp_path / "d"), "--port", str(port)],
        env=server_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = token = hint = None
        deadline = time.monotonic() + 600
        while token is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, "truce demo ended before serving"
            if line.startswith("next: "):
                hint = line.removeprefix("next: ").strip()
            if found := re.search(r"serving the demo at (http://\S+/)", line):
                address = found.group(1)
            if found := re.search(r"analyst token: (truce_\S+)", line):
                token = found.group(1)
        assert address == f"http://127.0.0.1:{port}/" and token
        # piped, the hint is still one line (issue 11, item 5): never wrapped at 80 columns
        assert hint is not None and "truce verify database --data" in hint, hint
        # The hint is a command a shell runs as printed (issue 11.11), not a bare `truce`
        # that only an activated environment has.
        first = hint.split(" | ")[0]
        ran = subprocess.run(first, shell=True, capture_output=True, text=True, env=server_env())
        assert ran.returncode == 0 and "not found" not in ran.stderr, (first, ran.stderr)
        for _ in range(300):
            try:
                me = httpx.get(f"{address}api/v1/me", headers={"Authorization": f"Bearer {token}"})
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert me.json()["role"] == "analyst"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
