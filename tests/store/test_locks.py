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


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | None:
    """``None`` for SQLite in the data folder, else an empty PostgreSQL schema's URL."""
    return None if backend == "sqlite" else str(request.getfixturevalue("pg_schema_url"))


def _at_once(*commands: list[str], env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    runs = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    done = []
    for run, command in zip(runs, commands, strict=True):
        out, err = run.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(command, run.returncode, out, err))
    return done


def test_two_inits_then_two_ingests_at_once_on_a_new_folder(
    database_url: str | None, tmp_path: Path
) -> None:
    """Issue #12 item 11: two commands racing on a new folder, as real processes. Both
    ``truce init`` succeed (one migrates and pins the key, the other waits and finds them),
    both ingests of overlapping files succeed, every record is stored once with its leaf."""
    import json
    import os

    from tests.factories import new_id, wire
    from truce.services.integrity import verify_database
    from truce.services.mission import Mission

    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "TRUCE_DATABASE_URL"}
    if database_url is not None:
        env["TRUCE_DATABASE_URL"] = database_url
    truce = [sys.executable, "-c", "from truce.cli import main; main()"]
    inits = _at_once(*[[*truce, "init", "--data", str(data)]] * 2, env=env)
    assert [r.returncode for r in inits] == [0, 0], [r.stderr for r in inits]
    assert sum("mission verifier key" in r.stdout for r in inits) == 1  # pinned once
    records = [wire(id=new_id(), event__count__value=k + 1) for k in range(3000)]
    files = []
    for name, part in (("a", records[:2000]), ("b", records[1000:])):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        files.append(path)
    ingests = _at_once(*[[*truce, "ingest", str(f), "--data", str(data)] for f in files], env=env)
    for run in ingests:
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    store = open_store(data, url=database_url)
    try:
        stored = [str(o.id) for o in store.iter_observations()]
        assert sorted(stored) == sorted(r["id"] for r in records)  # each once, none half
        report = verify_database(mission=Mission(data_dir=data, store=store), derived=False)
        assert report.audit.head.size == len(records)
    finally:
        store.close()
