"""Crash safety of every stage that writes (issue #12): SIGKILL mid-fuse, mid-check,
mid-checkpoint and mid-key-creation, at random moments, small scale.

A child process repeats one stage in a loop on a real mission (SQLite); the parent kills it
with SIGKILL at random moments. After every kill the mission must verify (every record, tile
and checkpoint), and at the end, once the stages have run to completion, the derived records
must equal their recomputation. A killed ingest must leave no worker process behind
(item 14): the workers die with it, by SIGKILL from the kernel (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ledger.tamper_mission import as_mission, build
from truce.ledger.keys import load_signer
from truce.services.compliance import check
from truce.services.fusion import fuse
from truce.services.integrity import pin_mission, signing_key, verify_database
from truce.store import open_store

CHILD = r"""
import io, json, sys, uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from truce.agreement import demo_agreement_dir, load_agreement
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.services.intake import store_records as ingest
from truce.services.compliance import check
from truce.services.fusion import fuse
from truce.services.integrity import pin_mission, signing_key
from truce.services.mission import Mission
from truce.store import open_store
from truce.store.ledger import sign_current_tree

stage, data = sys.argv[1], Path(sys.argv[2])
if stage == "key":
    print("ready", flush=True)
    for k in range(100000):
        store = open_store(data / f"m{k}")
        pin_mission(mission=Mission(data_dir=data / f"m{k}", store=store))
        store.close()
store = open_store(data)
mission = Mission(data_dir=data, store=store)
history = load_agreement(demo_agreement_dir())
base = datetime(2025, 3, 12, 16, 0, tzinfo=UTC)
print("ready", flush=True)
for k in range(100000):
    if stage in ("fuse", "checkpoint"):
        t = base + timedelta(minutes=3 * k)
        rec = {"id": str(uuid.uuid4()), "source": {"type": "patrol", "id": f"team-{k % 3}"},
               "observed": {"start": t.isoformat(), "end": (t + timedelta(minutes=2)).isoformat()},
               "position": {"lon": 38.43, "lat": 48.71}, "event": {"kind": "explosion"}}
        ingest(store=store, gazetteer=GazetteerSpec(country="UA"),
               records=read_records(io.BytesIO(json.dumps(rec).encode()), InputFormat.JSONL))
    if stage == "fuse":
        fuse(mission=mission)
    elif stage == "check":
        check(mission=mission, agreement=history)
    elif stage == "checkpoint":
        with store.begin() as conn:
            sign_current_tree(conn, signer=signing_key(mission=mission))
"""


def _kill_at_random(stage: str, data: Path, rng: random.Random, max_delay: float) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, stage, str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    if first == "ready":
        time.sleep(rng.uniform(0.0, max_delay))
        child.send_signal(signal.SIGKILL)
    _, err = child.communicate(timeout=60)
    assert (first, child.returncode) == ("ready", -signal.SIGKILL), err[-2000:]


@pytest.mark.parametrize(("stage", "kills", "max_delay"), [
    ("fuse", 5, 1.5), ("check", 3, 4.0), ("checkpoint", 5, 1.0)
])  # fmt: skip
def test_sigkill_mid_stage_leaves_a_mission_that_verifies(
    tmp_path: Path, stage: str, kills: int, max_delay: float
) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    mission = build(store)
    store.close()
    rng = random.Random()
    for _ in range(kills):
        _kill_at_random(stage, data, rng, max_delay)
        store = open_store(data)
        verify_database(mission=as_mission(store), derived=False)  # raises naming what broke
        store.close()
    store = open_store(data)
    try:
        fuse(mission=as_mission(store))
        check(mission=as_mission(store), agreement=mission.history)
        report = verify_database(mission=as_mission(store))
        assert report.derived is not None and report.derived.incidents > 0
    finally:
        store.close()


def test_sigkill_mid_key_creation_leaves_a_whole_key_or_none(tmp_path: Path) -> None:
    rng = random.Random()
    for k in range(4):
        _kill_at_random("key", tmp_path / f"run{k}", rng, 1.5)
    folders = sorted(tmp_path.glob("run*/m*"))
    assert folders, "the child never created a mission"
    for folder in folders:
        key = folder / "keys" / "mission.key"
        if key.exists():
            load_signer(key)  # whole and valid: never empty or half written
        store = open_store(folder)
        try:
            pin_mission(mission=as_mission(store))  # finishes what the killed process began
            signer = signing_key(mission=as_mission(store))
            assert (folder / "keys" / "mission.pub").read_text().strip() == (
                signer.verifier.encode()
            )
            verify_database(mission=as_mission(store), derived=False)
        finally:
            store.close()


ORPHANS = r"""
import ctypes, os, signal, subprocess, sys, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come to us
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]])
def stat(p):
    return open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
def working(p):  # 0.2 s of CPU: past the pool initializer that arms PDEATHSIG, on records
    f = stat(p)
    return int(f[11]) + int(f[12]) >= 0.2 * os.sysconf("SC_CLK_TCK")
workers = set()
for _ in range(4000):
    time.sleep(0.05)
    try:
        workers |= {int(p) for p in os.listdir("/proc") if p.isdigit()
                    and stat(p)[1] == str(child.pid)}
        if len(workers) >= 2 and all(working(p) for p in workers):
            break
    except OSError:
        continue
os.kill(child.pid, signal.SIGKILL)
child.wait()
for pid in sorted(workers):
    _, status = os.waitpid(pid, 0)
    print(pid, os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, flush=True)
"""

INGEST = r"""
import sys
from pathlib import Path
from benchmarks._gen import write_jsonl
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.services.intake import store_records as ingest
from truce.store import open_store
src = Path(sys.argv[2]) / "obs.jsonl"
write_jsonl(str(src), int(sys.argv[1]))
store = open_store(Path(sys.argv[2]) / "data")
with src.open("rb") as fh:
    ingest(store=store, records=read_records(fh, InputFormat.JSONL),
           gazetteer=GazetteerSpec(), workers=2)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_ingest_leaves_no_workers(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", ORPHANS, INGEST, "60000", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=root,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.split()
    assert len(lines) >= 4, out.stdout  # two workers were seen
    # each worker was killed by the kernel with its parent, not left to notice on its own
    assert lines[1::2] == ["True"] * (len(lines) // 2), out.stdout
