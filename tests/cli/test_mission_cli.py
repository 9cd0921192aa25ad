"""``truce init`` (issue 11.11): a broken agreement folder creates nothing; each mission gets
its own ledger origin, fixed at init."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.agreement._folders import copy_demo, edit_yaml


def truce(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "truce", *args], capture_output=True, text=True)


def test_init_with_a_broken_agreement_creates_nothing(tmp_path: Path) -> None:
    broken = copy_demo(tmp_path / "broken")
    for doc in broken.rglob("agreement.yaml"):
        edit_yaml(doc, lambda d: d.update(parties="not a list"))
    data = tmp_path / "mission"
    done = truce("init", "--data", str(data), "--agreement", str(broken))
    assert done.returncode == 2, done.stderr
    assert "error" in done.stderr and "Traceback" not in done.stderr
    assert not data.exists()
    data.mkdir()  # an existing, empty folder stays empty
    assert truce("init", "--data", str(data), "--agreement", str(broken)).returncode == 2
    assert list(data.iterdir()) == []


def _origin(data: Path) -> str:
    done = truce("ledger", "checkpoint", "--data", str(data))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]


def test_two_default_missions_do_not_share_an_origin_and_each_keeps_its_own(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a" / "truce-data", tmp_path / "b" / "truce-data"
    for data in (first, second):
        assert truce("init", "--data", str(data)).returncode == 0
    origin = _origin(first)
    assert origin.startswith("truce.example/truce-data-") and " " not in origin
    assert _origin(second) != origin
    assert truce("init", "--data", str(first)).returncode == 0  # idempotent: the same origin
    assert _origin(first) == origin
