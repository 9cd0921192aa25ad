"""The demo runs the whole pipeline on a generated day and leaves a verifiable mission."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from truce.errors import Conflict
from truce.services.demo import run_demo
from truce.store import open_store
from truce.store.ledger import current_tree


def test_demo_builds_a_verifiable_mission(tmp_path: Path) -> None:
    lines: list[str] = []
    summary = run_demo(data_dir=tmp_path / "demo", say=lines.append)
    figures = summary.figures
    assert figures["observations"] > 100
    assert 0 < figures["incidents"] < figures["observations"]
    assert figures["violations"] > 0
    store = open_store(tmp_path / "demo")
    with store.connect() as conn:
        assert current_tree(conn).size == figures["ledger_size"]
    assert store.count_observations() == figures["observations"]
    done = subprocess.run(
        [sys.executable, "-m", "truce", "verify", "database", "--data", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # The demo refuses a folder that holds a mission, and adds nothing to its ledger.
    with pytest.raises(Conflict, match="already holds a mission"):
        run_demo(data_dir=tmp_path / "demo", say=lines.append)
    with store.connect() as conn:
        assert current_tree(conn).size == figures["ledger_size"]
    assert store.count_observations() == figures["observations"]
