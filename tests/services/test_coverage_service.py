"""Coverage ingest on both backends: stored with ledger leaves, duplicates, conflicts, errors
naming line and field, atomic imports; the database audit covers the new kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.domain.test_coverage import record
from truce.services import coverage as cs
from truce.store import Store
from truce.store.ledger import leaf_at
from truce.store.ledger_audit import audit_database


def _id(n: int) -> str:
    return f"0b7c1c55-1d4e-4c43-a8f4-{n:012d}"


def raw(n: int, **over: Any) -> tuple[int, bytes]:
    return n, json.dumps(record(id=_id(n), **over)).encode()


def test_ingest_stores_with_leaves(store: Store) -> None:
    rep = cs.ingest(store=store, records=[raw(1), raw(2, status="non_operational")])
    assert rep.ok and rep.accepted == [_id(1), _id(2)]
    rows = cs.list_coverage(store=store)
    assert [str(c.id) for c, _ in rows] == [_id(1), _id(2)]
    with store.connect() as conn:
        for c, leaf in rows:
            assert leaf is not None
            row = leaf_at(conn, leaf)
            assert (row.kind, row.record_id) == ("coverage", str(c.id))
        audit_database(conn)  # the recomputed leaves match the stored records


def test_duplicates_and_conflicts(store: Store) -> None:
    cs.ingest(store=store, records=[raw(1)])
    again = cs.ingest(store=store, records=[raw(1)])
    assert again.duplicates == [(1, _id(1))] and not again.accepted
    clash = cs.ingest(store=store, records=[raw(1, range_km=7), raw(2)])
    assert clash.conflicts == [(1, _id(1))] and clash.rolled_back
    assert len(cs.list_coverage(store=store)) == 1  # atomic: record 2 was not stored either


def test_invalid_record_names_line_and_field(store: Store) -> None:
    rep = cs.ingest(store=store, records=[raw(1), raw(2, status="asleep")])
    assert rep.rolled_back and rep.rejected[0].where == "line 2: status"
    assert "operational" in rep.rejected[0].msg
    assert cs.list_coverage(store=store) == []
    some = cs.ingest(store=store, records=[raw(1), raw(2, status="asleep")], skip_invalid=True)
    assert some.accepted == [_id(1)]


def test_list_by_time(store: Store) -> None:
    from datetime import datetime

    cs.ingest(store=store, records=[raw(1)])  # 2021-03-01 00:00 to 06:00 +02:00
    t = datetime.fromisoformat
    assert len(cs.list_coverage(store=store, since=t("2021-03-01T05:00:00+02:00"))) == 1
    assert cs.list_coverage(store=store, since=t("2021-03-01T06:00:00+02:00")) == []
    assert cs.list_coverage(store=store, until=t("2021-03-01T00:00:00+02:00")) == []


def test_is_coverage() -> None:
    assert cs.is_coverage(b'{"record": "coverage", "id": 1}')
    assert not cs.is_coverage(b'{"id": 1, "event": {"kind": "explosion"}}')
    assert not cs.is_coverage(b'{"note": "coverage"}')
    assert cs.is_coverage({"record": "coverage"}) and not cs.is_coverage({})


def test_truce_ingest_recognises_coverage(tmp_path: Path) -> None:
    import subprocess
    import sys

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "truce", *args], capture_output=True,
                              text=True)  # fmt: skip

    data = tmp_path / "data"
    assert cli("init", "--data", str(data)).returncode == 0
    sim = tmp_path / "sim"
    assert cli("simulate", "--scenario", "quiet", "--seed", "3", "--out", str(sim)).returncode == 0
    done = cli("ingest", str(sim / "coverage.jsonl"), "--data", str(data))
    assert done.returncode == 0, done.stderr
    n = sum(1 for line in (sim / "coverage.jsonl").read_text().splitlines() if line.strip())
    assert f"{n}" in done.stdout + done.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record(status="asleep")) + "\n")
    refused = cli("ingest", str(bad), "--data", str(data))
    assert refused.returncode == 2 and "line 1: status" in refused.stderr
    assert cli("verify", "database", "--data", str(data)).returncode == 0
