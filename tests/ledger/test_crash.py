"""Crash safety: SIGKILL an ingesting process at random moments; nothing acknowledged is lost.

A child process ingests observations through the real intake (``store_records``,
one transaction per import) in a loop and prints each id only after its commit returned. The
parent kills it with SIGKILL 20 times at random moments, restarting it each time, then checks
that every printed id is stored and that the whole database verifies.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from truce.ledger.mission import mission_signer
from truce.store import ledger as L
from truce.store import open_store

CHILD = r"""
import io, json, random, sys, uuid
from pathlib import Path
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.services.intake import store_records as ingest
from truce.store import open_store

store = open_store(Path(sys.argv[1]))
gaz = GazetteerSpec(country="UA")
rng = random.Random()
base = {
    "source": {"type": "sensor", "id": "s-1"},
    "observed": {"start": "2025-03-12T18:00:00+02:00", "end": "2025-03-12T18:00:05+02:00"},
    "position": {"lon": 38.43, "lat": 48.71},
    "event": {"kind": "explosion", "count": {"value": 1, "qualifier": "exact"}},
    "classification": "mission",
}
print("ready", flush=True)
while True:
    ids = [str(uuid.uuid4()) for _ in range(rng.randint(1, 40))]
    data = "".join(json.dumps({**base, "id": i}) + "\n" for i in ids).encode()
    report = ingest(store=store, records=read_records(io.BytesIO(data), InputFormat.JSONL),
                    gazetteer=gaz)
    assert len(report.accepted) == len(ids), report.as_dict()
    sys.stdout.write("".join(f"{i}\n" for i in ids))
    sys.stdout.flush()
"""


def _run_once(data: Path, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    if first == "ready":
        time.sleep(rng.uniform(0.02, 0.5))
        child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert (first, child.returncode) == ("ready", -signal.SIGKILL), err[-2000:]
    return [line for line in out.splitlines() if line]


def test_sigkill_loses_nothing_acknowledged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    rng = random.Random()
    acknowledged: list[str] = []
    for _ in range(20):
        acknowledged.extend(_run_once(data, rng))
    store = open_store(data)
    try:
        with store.connect() as conn:
            stored = {r[0] for r in conn.execute(text("SELECT id FROM observations"))}
            assert set(acknowledged) <= stored
            assert L.current_tree(conn).size == len(stored)
        with store.begin() as conn:
            L.sign_current_tree(conn, signer=mission_signer(data))
    finally:
        store.close()
    assert acknowledged, "the child never got to commit anything"
    verify = subprocess.run(
        [sys.executable, "-c", "from truce.cli import main; main()", "verify", "database"]
        + ["--data", str(data), "--no-derived"],  # the ledger and the records are the subject:
        # --derived would fuse thousands of one sensor's same-second reports, a dense cluster
        # whose candidate pairs cost quadratic time (tests/fusion/test_association.py)
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stderr
    assert "checkpoint of size" in verify.stdout
