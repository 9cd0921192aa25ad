"""The ledger's commands, end to end through the ``truce`` entry point."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from truce.store import ledger as L
from truce.store import open_store


def _truce(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--data", str(data)] if data is not None else []
    return subprocess.run(
        [sys.executable, "-c", "from truce.cli import main; main()", *args, *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    store = open_store(folder)
    with store.begin() as conn:
        L.append_entries(conn, kind="observation", records=[(f"r{i}", b"{}") for i in range(9)])
    store.close()
    return folder


def test_prove_and_verify_inclusion(data: Path) -> None:
    out = _truce("ledger", "prove", "inclusion", "--index", "3", "--size", "7", data=data)
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    assert (p["index"], p["size"], p["record_id"]) == (3, 7, "r3")
    args = ["--leaf-hash", p["leaf_hash"], "--index", "3", "--size", "7", "--root", p["root"]]
    ok = _truce("verify", "inclusion", *args, "--proof", ",".join(p["proof"]))
    assert ok.returncode == 0, ok.stderr
    bad_root = p["root"][:-1] + ("0" if p["root"][-1] != "0" else "1")
    args[-1] = bad_root
    bad = _truce("verify", "inclusion", *args, "--proof", ",".join(p["proof"]))
    assert bad.returncode == 1
    assert "root mismatch" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_prove_and_verify_consistency(data: Path) -> None:
    out = _truce("ledger", "prove", "consistency", "--from", "3", "--to", "9", data=data)
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)
    args = ["--size1", "3", "--size2", "9", "--root1", p["root1"], "--root2", p["root2"]]
    assert _truce("verify", "consistency", *args, "--proof", ",".join(p["proof"])).returncode == 0
    short = _truce("verify", "consistency", *args, "--proof", ",".join(p["proof"][:-1]))
    assert short.returncode == 1 and "too short" in short.stderr


def test_keys_checkpoint_cosign_and_threshold(data: Path, tmp_path: Path) -> None:
    gen = _truce("keys", "generate", "party-a.example/liaison", "--out", str(tmp_path))
    assert gen.returncode == 0, gen.stderr
    private = tmp_path / "party-a.example_liaison.key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    cp = tmp_path / "cp.txt"
    made = _truce("ledger", "checkpoint", "--output", str(cp), data=data)
    assert made.returncode == 0, made.stderr
    assert cp.read_text().splitlines()[1] == "9"
    assert (data / "keys" / "mission.key").exists()
    cosigned = tmp_path / "cp2.txt"
    res = _truce("ledger", "cosign", "--key", str(private), str(cp), "--output", str(cosigned))
    assert res.returncode == 0, res.stderr
    mission = str(data / "keys" / "mission.pub")
    party = str(tmp_path / "party-a.example_liaison.pub")
    both = ["--key", mission, "--key", party]
    assert _truce("verify", "checkpoint", str(cosigned), *both).returncode == 0
    alone = _truce("verify", "checkpoint", str(cp), *both)
    assert alone.returncode == 1 and "unsigned by: party-a.example/liaison" in alone.stderr
    one = _truce("verify", "checkpoint", str(cp), "--key", f"{mission},{party}", "--threshold", "1")
    assert one.returncode == 0, one.stderr
    # the fixture appended leaves without record rows: the audit names the first one
    audit = _truce("verify", "database", data=data)
    assert audit.returncode == 1 and "observation r0 (leaf 0) was removed" in audit.stderr
