"""``truce verify database`` catches every tampering with the stored record (real databases)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import new_id, wire
from truce.errors import VerificationError
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.ledger.keys import generate
from truce.ledger.mission import mission_signer
from truce.services.intake import store_records as ingest
from truce.store import Store
from truce.store import ledger as L
from truce.store.ledger_audit import audit_database

N = 12


def _fill(store: Store, n: int = N) -> list[str]:
    ids = [new_id() for _ in range(n)]
    data = "".join(
        json.dumps(wire(id=i, event__count__value=k + 1)) + "\n" for k, i in enumerate(ids)
    )
    report = ingest(
        store=store,
        records=read_records(io.BytesIO(data.encode()), InputFormat.JSONL),
        gazetteer=GazetteerSpec(country="UA"),
    )
    assert len(report.accepted) == n
    return ids


def _checkpoint(store: Store) -> None:
    signer = mission_signer(store.data_dir)
    with store.begin() as conn:
        L.sign_current_tree(conn, signer=signer)


def _audit(store: Store) -> None:
    signer = mission_signer(store.data_dir)
    with store.connect() as conn:
        audit_database(conn, keys=[signer.verifier])


def _sql(store: Store, sql: str, **params: object) -> None:
    with store.begin() as conn:
        conn.execute(text(sql), params)


def test_untouched_database_verifies(store: Store) -> None:
    _fill(store)
    _checkpoint(store)
    _fill(store, 3)  # leaves after the checkpoint are fine
    _audit(store)


def test_edited_content_is_named(store: Store) -> None:
    ids = _fill(store)
    _checkpoint(store)
    _sql(
        store,
        "UPDATE observations SET content = replace(content, :old, :new) WHERE id = :id",
        id=ids[4],
        old='"value":5',
        new='"value":50',
    )
    with pytest.raises(VerificationError, match=rf"{ids[4]} \(leaf 4\) was altered"):
        _audit(store)


def test_deleted_row_is_named(store: Store) -> None:
    ids = _fill(store)
    _sql(store, "DELETE FROM observations WHERE id = :id", id=ids[7])
    with pytest.raises(VerificationError, match=rf"{ids[7]} \(leaf 7\) was removed"):
        _audit(store)


def test_swapped_rows_are_named(store: Store) -> None:
    ids = _fill(store)
    with store.begin() as conn:
        rows = {r.id: r.content for r in conn.execute(text("SELECT id, content FROM observations"))}
        conn.execute(
            text("UPDATE observations SET content = :c WHERE id = :id"),
            [{"id": ids[2], "c": rows[ids[3]]}, {"id": ids[3], "c": rows[ids[2]]}],
        )
    with pytest.raises(VerificationError, match=rf"{ids[2]} \(leaf 2\) was altered"):
        _audit(store)


def test_swapped_leaf_order_is_named(store: Store) -> None:
    ids = _fill(store)
    _sql(store, "UPDATE observations SET leaf_index = -1 WHERE id = :id", id=ids[6])
    _sql(store, "UPDATE observations SET leaf_index = 6 WHERE id = :id", id=ids[8])
    _sql(store, "UPDATE observations SET leaf_index = 8 WHERE id = :id", id=ids[6])
    with pytest.raises(VerificationError, match=rf"{ids[6]} \(leaf 6\) was reordered"):
        _audit(store)


def test_record_added_outside_the_ledger_is_named(store: Store) -> None:
    _fill(store)
    extra = new_id()
    _sql(
        store,
        "INSERT INTO observations (id, content, source_type, source_id, kind, start_ts, end_ts, "
        "lon, lat, classification, received_ts) SELECT :id, content, source_type, source_id, "
        "kind, start_ts, end_ts, lon, lat, classification, received_ts FROM observations "
        "WHERE leaf_index = 0",
        id=extra,
    )
    with pytest.raises(VerificationError, match=rf"{extra} was added outside the ledger"):
        _audit(store)


def test_consistent_rewrite_is_caught_by_the_checkpoint(store: Store) -> None:
    """An attacker who rewrites a record, its leaf, the tiles and the tree head is caught."""
    ids = _fill(store)
    _checkpoint(store)
    with store.begin() as conn:
        content = conn.execute(
            text("SELECT content FROM observations WHERE id = :id"), {"id": ids[0]}
        ).scalar_one()
    forged = content.replace('"value":1', '"value":9')
    entries = []
    with store.begin() as conn:
        rows = conn.execute(text("SELECT id, content FROM observations ORDER BY leaf_index"))
        entries = [(r.id, (forged if r.id == ids[0] else r.content).encode()) for r in rows]
        for table in ("ledger_leaves", "ledger_tiles"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("UPDATE ledger_state SET size = 0"))
        conn.execute(
            text("UPDATE observations SET content = :c, count_value = 9 WHERE id = :id"),
            {"c": forged, "id": ids[0]},
        )
        L.append_entries(conn, kind="observation", records=entries)
    with pytest.raises(VerificationError, match="signed checkpoint says"):
        _audit(store)


def test_checkpoint_signed_by_another_key_fails(store: Store) -> None:
    _fill(store, 2)
    _checkpoint(store)
    with store.connect() as conn, pytest.raises(VerificationError, match="found 0"):
        audit_database(conn, keys=[generate("truce.example/other").verifier])


def _truce(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from truce.cli import main; main()", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_verify_database_names_the_record(tmp_path: Path) -> None:
    from truce.store import open_store

    store = open_store(tmp_path / "data")
    ids = _fill(store, 5)
    store.close()
    assert _truce("ledger", "checkpoint", data=tmp_path / "data").returncode == 0
    ok = _truce("verify", "database", data=tmp_path / "data")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("verified: 5 leaves")
    store = open_store(tmp_path / "data")
    _sql(store, "DELETE FROM observations WHERE id = :id", id=ids[1])
    store.close()
    bad = _truce("verify", "database", data=tmp_path / "data")
    assert bad.returncode == 1
    assert f"observation {ids[1]} (leaf 1) was removed" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_a_leaf_of_an_unregistered_kind_is_an_error(store: Store) -> None:
    """Every leaf must be accounted for by a registered kind (issue #12 item 4)."""
    _fill(store, 3)
    with store.begin() as conn:
        L.append_entries(conn, kind="report_draft", records=[("a@1", b"{}")])
    _fill(store, 2)
    with pytest.raises(VerificationError, match=r"leaf 3 \('report_draft' a@1\) is of no regis"):
        _audit(store)


def test_a_second_leaf_for_an_observation_is_caught(store: Store) -> None:
    """A leaf appended for a stored observation: the (kind, record_id) index leaves
    observations out (their table keeps one leaf per record), so the audit catches it."""
    ids = _fill(store, 3)
    with store.begin() as conn:
        content = conn.execute(
            text("SELECT content FROM observations WHERE id = :id"), {"id": ids[1]}
        ).scalar_one()
        L.append_entries(conn, kind="observation", records=[(ids[1], content.encode())])
        assert L.leaf_index_of(conn, kind="observation", record_id=ids[1]) == 1
    with pytest.raises(VerificationError, match=f"observation {ids[1]} \\(leaf 3\\)"):
        _audit(store)
