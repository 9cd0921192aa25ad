"""``truce users``: add, token (one line on stdout), list, revoke; errors without traces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def truce(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truce", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_users_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert truce(data, "init").returncode == 0
    assert (
        truce(data, "users", "add", "lo-a", "--role", "party", "--party", "side-a").returncode == 0
    )
    token = truce(data, "users", "token", "lo-a")
    assert token.returncode == 0
    lines = token.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("truce_") and len(lines[0]) > 40
    listed = truce(data, "users", "list").stdout
    assert "lo-a" in listed and "party" in listed and "side-a" in listed
    assert lines[0] not in listed
    revoked = truce(data, "users", "revoke", "lo-a")
    assert revoked.returncode == 0 and "1 active token" in revoked.stderr
    assert "revoked" in truce(data, "users", "list").stdout


def test_users_errors(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert truce(data, "init").returncode == 0
    bad = truce(data, "users", "add", "x", "--role", "wizard")
    assert bad.returncode == 2 and "role" in bad.stderr and "analyst" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = truce(data, "users", "token", "nobody")
    assert missing.returncode == 2 and "nobody" in missing.stderr and missing.stdout == ""
