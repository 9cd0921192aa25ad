"""``truce check`` shows its progress on stderr when stderr is a terminal, and never in a pipe
(issue 11.4)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from tests.factories import new_id, wire
from truce.agreement import demo_agreement_dir


def _mission(tmp_path: Path) -> str:
    data = str(tmp_path / "d")
    mlrs = {"kind": "weapon", "weapons": ["mlrs"], "count": {"value": 1, "qualifier": "exact"}}
    rec = wire(id=new_id(), event=mlrs,
               position={"lon": 37.95, "lat": 48.05}, direction=None, distance_km=None)  # fmt: skip
    path = tmp_path / "o.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    demo = str(demo_agreement_dir())
    for args in (["init", "--agreement", demo], ["ingest", str(path)]):
        done = subprocess.run(
            [sys.executable, "-m", "truce", *args, "--data", data], capture_output=True
        )
        assert done.returncode == 0, done.stderr
    return data


def _stderr_on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out = proc.stdout.read() if proc.stdout else b""
    code = proc.wait()
    os.close(master)
    return code, out.decode(), seen.decode(errors="replace")


def test_progress_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    data = _mission(tmp_path)
    cmd = [sys.executable, "-m", "truce", "check", "--data", data]
    code, out, terminal = _stderr_on_a_terminal(cmd)
    assert code == 0, terminal
    assert "1 violation(s)" in out
    assert "check" in terminal and "1/1" in terminal
    piped = subprocess.run(cmd, capture_output=True, text=True)
    assert piped.returncode == 0
    assert "1 violation(s)" in piped.stdout
    assert piped.stderr == ""
