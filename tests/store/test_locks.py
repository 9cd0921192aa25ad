"""Readers never wait for a writer; a writer that must wait says so; derivations serialise
(issue #12 items 9 and 10)."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.ledger.tamper_mission import as_mission, build
from truce.services.fusion import fuse
from truce.store import Store, open_store
from truce.store.fusion_tables import load_incidents
from truce.store.locks import DERIVATION_LOCK, exclusive


def _hold_write_lock(db: Path, release: threading.Event, held: threading.Event) -> None:
    conn = sqlite3.connect(db, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    held.set()
    release.wait(30)
    conn.execute("ROLLBACK")
    conn.close()


def test_readers_do_not_wait_and_a_waiting_writer_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    release, held = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(data / "truce.db", release, held))
    holder.start()
    try:
        assert held.wait(10)
        store = open_store(data)  # at its heads: no write lock taken to open it
        assert store.count_observations() == 0  # a WAL snapshot, read while a writer writes
        caplog.set_level(logging.WARNING, logger="truce.store")
        threading.Timer(0.5, release.set).start()
        with store.begin() as conn:  # waits for the holder, after saying so
            conn.exec_driver_sql("SELECT 1")
        assert any("waiting: another process is writing" in r.message for r in caplog.records)
        store.close()
    finally:
        release.set()
        holder.join()


def test_a_derivation_waits_for_the_running_one(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="truce.store")
    order: list[str] = []
    entered = threading.Event()

    def first() -> None:
        with exclusive(store.engine, DERIVATION_LOCK):
            entered.set()
            time.sleep(0.5)
            order.append("first")

    t = threading.Thread(target=first)
    t.start()
    assert entered.wait(10)
    with exclusive(store.engine, DERIVATION_LOCK):
        order.append("second")
    t.join()
    assert order == ["first", "second"]
    assert any("waiting: another derivation" in r.message for r in caplog.records)


def test_two_fuses_at_once_both_succeed(store: Store, tmp_path: Path) -> None:
    """Issue #12 item 10: two `truce fuse --full` at once used to fail with a UNIQUE error."""
    build(store)
    url = store.engine.url.render_as_string(hide_password=False)
    cmd = [sys.executable, "-c", "from truce.cli import main; main()", "fuse", "--full"]
    env_url = {"TRUCE_DATABASE_URL": url}
    import os

    runs = [
        subprocess.Popen(
            [*cmd, "--data", str(store.data_dir)],
            env={**os.environ, **env_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-2000:]
    with store.connect() as conn:
        stored = load_incidents(conn)
    fuse(mission=as_mission(store), full=True)
    with store.connect() as conn:
        assert load_incidents(conn) == stored
