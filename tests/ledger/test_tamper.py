"""The tamper table: each edit an attacker with write access to the database could make (issue
#12), applied to a complete mission on SQLite and PostgreSQL, must be detected by
``verify_database`` with the altered record named.

A case is data: SQL statements (``{name}`` fields are filled from the mission's ids) and/or
named operations that SQL cannot express portably (flipping a byte, recomputing the tree, re-
signing), the verification's options, and a regular expression the error must match.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.ledger.tamper_mission import Mission, as_mission, build
from truce.errors import ConfigurationError, VerificationError
from truce.ledger.keys import generate
from truce.ledger.tiles import TreeRebuild
from truce.services.integrity import signing_key, verify_database
from truce.store import Store, open_store
from truce.store.identity_tables import mission_identity
from truce.store.ledger import sign_current_tree
from truce.store.ledger_audit import RECORD_KINDS


@dataclass(frozen=True)
class Case:
    name: str
    sql: tuple[str, ...] = ()
    ops: tuple[str, ...] = ()
    expect: str = ""
    #: Verify with the party's copy of the second (latest) checkpoint.
    outside: bool = False
    #: Expected to pass, with this warning code (a fine database that has something to say).
    warning: str | None = None
    #: Recompute the derived records (incidents, violations) too.
    derived: bool = False


_OBS = "UPDATE observations SET {} WHERE id = '{{obs}}'"
_NAMED = r"observation {obs} \(leaf {obs_leaf}\) was altered: column observations\.{col}"


def _column(col: str, change: str) -> Case:
    return Case(f"observations.{col}", (_OBS.format(change),), expect=_NAMED.replace("{col}", col))


CASES: list[Case] = [
    _column("kind", "kind = 'fire'"),
    _column("start_ts", "start_ts = start_ts - 3600"),
    _column("end_ts", "end_ts = end_ts + 60"),
    _column("lon", "lon = lon + 0.01"),
    _column("lat", "lat = lat - 0.01"),
    _column("source_id", "source_id = 'team-X'"),
    _column("source_type", "source_type = 'sensor'"),
    _column("classification", "classification = 'restricted'"),
    _column("subtype", "subtype = 'impact'"),
    _column("count_value", "count_value = count_value + 10"),
    Case(
        "observations.content",
        (_OBS.format("content = replace(content, '\"team-', '\"teem-')"),),
        expect=r"observation {obs} \(leaf {obs_leaf}\) was altered: leaf hash",
    ),
    Case(
        "observations row deleted",
        ("DELETE FROM observations WHERE id = '{obs}'",),
        expect=r"observation {obs} \(leaf {obs_leaf}\) was removed",
    ),
    Case(
        "observations.seq renumbered",
        (_OBS.format("seq = 100000"),),
        expect=r"observation \S+ \(leaf \d+\): seq \d+ is out of the ledger's order",
    ),
    Case(
        "violation_decisions.status",
        ("UPDATE violation_decisions SET status = 'confirmed' WHERE record LIKE '%analyst-9%'",),
        expect=r"decision \S+ \(leaf \d+\) was altered: column violation_decisions\.status",
    ),
    Case(
        "violation_decisions.seq renumbered",
        (
            "UPDATE violation_decisions SET seq = -seq",
            "UPDATE violation_decisions SET seq = 3 + seq",
        ),
        expect=r"decision \S+ \(leaf \d+\): seq 1 is out of the ledger's order",
    ),
    Case(
        "agreement_versions.sha256",
        ("UPDATE agreement_versions SET sha256 = replace(sha256, substr(sha256, 1, 1), 'f')",),
        expect=r"agreement_version \S+@1 \(leaf \d+\) was altered: column agreement_versions\.",
    ),
    Case(
        "agreement_versions.document",
        ("UPDATE agreement_versions SET document = replace(document, '\"c', '\"C')",),
        expect=r"agreement_version \S+@1 \(leaf \d+\) was altered: column "
        r"agreement_versions\.document hashes to",
    ),
    *(
        Case(
            f"{table}.{col}",
            (f"UPDATE {table} SET {change} WHERE {where}",),
            expect=rf"{kind} \S+ \(leaf \d+\) was altered: column {table}\.{col} holds",
        )
        for kind, table, where, col, change in (
            ("response", "responses", "id = '{response}'", "status", "status = 'acknowledged'"),
            ("response", "responses", "id = '{response}'", "party", "party = 'nobody'"),
            (
                "response",
                "responses",
                "id = '{response}'",
                "violation_id",
                "violation_id = '{violation}'",
            ),
            (
                "response",
                "responses",
                "id = '{response}'",
                "created_at",
                "created_at = created_at - 86400",
            ),
            ("cosignature", "cosignatures", "1 = 1", "key_name", "key_name = 'side-a.example/x'"),
            ("cosignature", "cosignatures", "1 = 1", "checkpoint_id", "checkpoint_id = 2"),
            ("coverage", "coverage", "id = '{coverage}'", "status", "status = 'non_operational'"),
            ("coverage", "coverage", "id = '{coverage}'", "start_ts", "start_ts = start_ts - 3600"),
            ("coverage", "coverage", "id = '{coverage}'", "end_ts", "end_ts = end_ts + 3600"),
            ("coverage", "coverage", "id = '{coverage}'", "source_id", "source_id = 'cam-99'"),
            ("user", "user_events", "name = 'ann'", "name", "name = 'bob'"),
        )
    ),  # fmt: skip
    Case(
        "responses.seq renumbered",
        ("UPDATE responses SET seq = 100000 WHERE id = '{response}'",),
        expect=r"response \S+ \(leaf \d+\): seq \d+ is out of the ledger's order \(it follows "
        r"response {response} \(leaf \d+\), seq 100000\)",
    ),
    Case(
        "response deleted",
        ("DELETE FROM responses WHERE id = '{response}'",),
        expect=r"response {response} \(leaf \d+\) was removed",
    ),
    Case(
        "users.role",
        ("UPDATE users SET role = 'analyst' WHERE name = 'lo-a'",),
        expect=r"user 'lo-a' was altered: column users\.role holds 'analyst', its ledger "
        r"records say 'party'",
    ),
    Case(
        "users.party",
        ("UPDATE users SET party = 'other' WHERE name = 'lo-a'",),
        expect=r"user 'lo-a' was altered: column users\.party holds 'other'",
    ),
    Case(
        "users.revoked_at cleared",
        ("UPDATE users SET revoked_at = NULL WHERE name = 'm9'",),
        expect=r"user 'm9' was altered: column users\.revoked_at holds None",
    ),
    Case(
        "users.revoked_at set",
        ("UPDATE users SET revoked_at = created_at WHERE name = 'ann'",),
        expect=r"user 'ann' was altered: column users\.revoked_at holds [\d.]+, its ledger "
        r"records say None",
    ),
    Case(
        "users.created_at",
        ("UPDATE users SET created_at = created_at - 1 WHERE name = 'ann'",),
        expect=r"user 'ann' was altered: column users\.created_at",
    ),
    Case(
        "users row added outside the ledger",
        (
            "INSERT INTO users (name, role, party, created_at) "
            "VALUES ('mallory', 'analyst', NULL, 1)",
        ),
        expect=r"user 'mallory' was added outside the ledger",
    ),
    Case(
        "users row deleted",
        ("DELETE FROM users WHERE name = 'm9'",),
        expect=r"user 'm9' is missing: its ledger records add it",
    ),
    Case(
        "incident moved",
        ("UPDATE incidents SET lon = lon + 0.1 WHERE id = '{incident}'",),
        derived=True,
        expect=r"incident {incident} was altered: column lon holds",
    ),
    Case(
        "incident record edited",
        (
            "UPDATE incidents SET record = replace(record, '\"n_sources\"', '\"n_sources_\"') "
            "WHERE id = '{incident}'",
        ),
        derived=True,
        expect=r"incident {incident} was altered: its record's n_sources",
    ),
    Case(
        "incident deleted with its links",
        (
            "DELETE FROM incident_observations WHERE incident_id = '{incident}'",
            "DELETE FROM incidents WHERE id = '{incident}'",
        ),
        derived=True,
        expect=r"incident {incident} is missing: the recomputation gives it",
    ),
    Case(
        "violation edited",
        (
            "UPDATE violations SET outcome = 'undetermined', record = replace(record, "
            "'\"breached\"', '\"undetermined\"') WHERE id = '{violation}'",
        ),
        derived=True,
        expect=r"violation {violation} was altered: column outcome holds 'undetermined'",
    ),
    Case(
        "violation deleted",
        ("DELETE FROM violations WHERE id = '{violation}'",),
        derived=True,
        expect=r"violation {violation} is missing",
    ),
    Case(
        "violation forged",
        (
            "UPDATE violations SET id = '00000000-0000-4000-8000-000000000000' "
            "WHERE id = '{violation}'",
        ),
        derived=True,
        expect=r"violation 00000000-0000-4000-8000-000000000000 is not derivable|"
        r"violation {violation} is missing",
    ),
    Case(
        "relabelled leaf hides a deleted record",
        (
            "DELETE FROM observations WHERE id = '{obs}'",
            "UPDATE ledger_leaves SET kind = 'note' WHERE leaf_index = {obs_leaf}",
        ),
        expect=r"leaf {obs_leaf} \('note' {obs}\) is of no registered record kind",
    ),
    Case(
        "interior tile byte flipped",
        ops=("flip_level1_byte",),
        expect=r"tile row \(level 1, index 0\): the hash of node \(1, 2\) over leaves 4\.\.5",
    ),
    Case(
        "level-0 tile byte flipped",
        ops=("flip_level0_byte",),
        expect=r"tile row \(level 0, index 0\): the hash of node \(0, 5\) over leaf 5",
    ),
    Case(
        "truncation with recomputed state, newer checkpoints deleted",
        ops=("truncate_to_first_checkpoint",),
        outside=True,
        expect=r"party-second\.note is signed at \d+ leaves but the database has only \d+: "
        r"leaves \d+\.\.\d+ were truncated",
    ),
    Case(
        "older note in the newest checkpoint row",
        ops=("older_note_in_newest_row",),
        warning="unsigned_leaves",
    ),
    Case(
        "newest checkpoint row older than an earlier one",
        ops=("sign_again", "older_note_in_newest_row"),
        expect=r"checkpoint row 3 holds a checkpoint of size \d+, older than row 2",
    ),
    Case(
        "older note in the newest row, its columns left",
        ops=("older_note_only",),
        expect=r"checkpoint row 2 was altered: its columns say",
    ),
    Case(
        "newest checkpoint rows deleted",
        ("DELETE FROM ledger_checkpoints WHERE id = 2",),
        warning="unsigned_leaves",
    ),
    Case(
        "truncated and re-signed with a new mission key",
        ops=("truncate_to_first_checkpoint", "resign_with_new_key"),
        expect=r"the mission identity in the database \(\S+\) is not the key in",
    ),
    Case(
        "re-signed with a new key, folder key gone",
        ops=("truncate_to_first_checkpoint", "resign_with_new_key"),
        outside=True,
        expect=r"party-second\.note: checkpoint needs 1 valid signatures|is not the key in",
    ),
]


def _flip(m: Mission, level: int, offset: int) -> None:
    with m.store.begin() as conn:
        blob = bytes(
            conn.execute(
                text("SELECT hashes FROM ledger_tiles WHERE level = :l AND idx = 0"), {"l": level}
            ).scalar_one()
        )
        flipped = blob[:offset] + bytes([blob[offset] ^ 1]) + blob[offset + 1 :]
        conn.execute(
            text("UPDATE ledger_tiles SET hashes = :h WHERE level = :l AND idx = 0"),
            {"h": flipped, "l": level},
        )


def _truncate(m: Mission) -> None:
    """Delete every leaf after the first checkpoint with its records, recompute the tree head
    and tiles consistently, delete the newer checkpoints: a self-consistent older database."""
    with m.store.begin() as conn:
        size = conn.execute(text("SELECT min(size) FROM ledger_checkpoints")).scalar_one()
        for spec in RECORD_KINDS.values():
            conn.execute(text(f"DELETE FROM {spec.table} WHERE leaf_index >= :s"), {"s": size})
        conn.execute(text("DELETE FROM users WHERE name NOT IN (SELECT name FROM user_events)"))
        conn.execute(text("DELETE FROM ledger_leaves WHERE leaf_index >= :s"), {"s": size})
        conn.execute(text("DELETE FROM ledger_checkpoints WHERE size > :s"), {"s": size})
        leaves = conn.execute(text("SELECT leaf_hash FROM ledger_leaves ORDER BY leaf_index"))
        hashes = [bytes(h) for (h,) in leaves]
        tree = TreeRebuild()
        rows = tree.extend(hashes)
        rows.update(tree.edge)
        conn.execute(text("DELETE FROM ledger_tiles"))
        conn.execute(
            text("INSERT INTO ledger_tiles (level, idx, hashes) VALUES (:l, :i, :h)"),
            [{"l": lv, "i": ix, "h": h} for (lv, ix), h in rows.items()],
        )
        conn.execute(
            text("UPDATE ledger_state SET size = :n, root = :r"),
            {"n": tree.size, "r": tree.head.root},
        )


def _resign(m: Mission) -> None:
    """Replace the mission identity by a new key and re-sign every checkpoint with it."""
    new = generate("truce.example/data")
    with m.store.begin() as conn:
        conn.execute(mission_identity.delete())
        conn.execute(
            mission_identity.insert().values(
                id=1, origin=new.name, verifier_key=new.verifier.encode(), created_at=_now()
            )
        )
        conn.execute(text("DELETE FROM ledger_checkpoints"))
        sign_current_tree(conn, signer=new)


def _now() -> object:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _older_note(m: Mission, *, columns: bool) -> None:
    """Put the oldest checkpoint's note into the newest row."""
    with m.store.begin() as conn:
        old = conn.execute(text("SELECT note, size, root FROM ledger_checkpoints WHERE id = 1"))
        note, size, root = old.one()
        newest = conn.execute(text("SELECT max(id) FROM ledger_checkpoints")).scalar_one()
        sql = "UPDATE ledger_checkpoints SET note = :n" + (
            ", size = :s, root = :r" if columns else ""
        )
        conn.execute(text(sql + " WHERE id = :id"), {"n": note, "s": size, "r": root, "id": newest})


def _sign_again(m: Mission) -> None:
    signer = signing_key(mission=as_mission(m.store))
    with m.store.begin() as conn:
        sign_current_tree(conn, signer=signer)


OPS: dict[str, Callable[[Mission], None]] = {
    "flip_level1_byte": lambda m: _flip(m, 1, 2 * 32 + 7),
    "flip_level0_byte": lambda m: _flip(m, 0, 5 * 32),
    "truncate_to_first_checkpoint": _truncate,
    "resign_with_new_key": _resign,
    "older_note_in_newest_row": lambda m: _older_note(m, columns=True),
    "older_note_only": lambda m: _older_note(m, columns=False),
    "sign_again": _sign_again,
}


@pytest.fixture
def mission(store: Store) -> Mission:
    return build(store)


def test_the_untouched_mission_verifies(mission: Mission) -> None:
    report = verify_database(mission=as_mission(mission.store), checkpoints=mission.outside)
    assert report.derived is not None and report.derived.violations > 0
    assert report.audit.checkpoints == 2 and report.audit.warnings == ()
    assert [cp.size for cp in report.audit.outside] == [11, report.audit.head.size]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tampering_is_detected_and_named(mission: Mission, case: Case) -> None:
    ids = {k: str(v) for k, v in mission.ids.items()}
    with mission.store.begin() as conn:
        for sql in case.sql:
            conn.execute(text(sql.format(**ids)))
    for op in case.ops:
        OPS[op](mission)
    outside = mission.outside[-1:] if case.outside else []
    if case.warning is not None:
        report = verify_database(
            mission=as_mission(mission.store), checkpoints=outside, derived=False
        )
        assert [code for code, _ in report.audit.warnings] == [case.warning]
        return
    with pytest.raises(VerificationError, match=case.expect.format(**ids)):
        verify_database(
            mission=as_mission(mission.store), checkpoints=outside, derived=case.derived
        )


def test_another_folders_key_refuses_to_sign(mission: Mission, tmp_path: Path) -> None:
    """Issue #12 item 7: a second data folder on the same database (PostgreSQL), or a copy of
    the database (SQLite), neither makes a key of its own nor signs with another one."""
    other = tmp_path / "other-folder"
    url = mission.store.engine.url.render_as_string(hide_password=False)
    if mission.store.dialect == "sqlite":
        other.mkdir()
        import sqlite3

        source = sqlite3.connect(mission.store.data_dir / "truce.db")
        with sqlite3.connect(other / "truce.db") as copy:
            source.backup(copy)
        source.close()
        url = f"sqlite:///{other / 'truce.db'}"
    store = open_store(other, url=url)
    try:
        with pytest.raises(ConfigurationError, match="no mission key in .*refusing to make"):
            signing_key(mission=as_mission(store))
        assert not (other / "keys" / "mission.key").exists()
        from truce.ledger.keys import write_key_pair

        write_key_pair(other / "keys", generate("truce.example/data"), stem="mission")
        with pytest.raises(ConfigurationError, match="is not this mission's key"):
            signing_key(mission=as_mission(store))
    finally:
        store.close()


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from truce.cli import main; main()", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_pins_the_key_once_and_verifies_against_an_outside_checkpoint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _cli("init", data=data)
    assert first.returncode == 0, first.stderr
    (line,) = [x for x in first.stdout.splitlines() if "mission verifier key" in x]
    vkey = line.rsplit(" ", 1)[1]
    again = _cli("init", data=data)
    assert again.returncode == 0 and "mission verifier key" not in again.stdout
    store = open_store(data)
    mission = build(store)
    store.close()
    ok = _cli(
        "verify", "database", "--key", vkey, "--checkpoint", str(mission.outside[0]), data=data
    )
    assert ok.returncode == 0, ok.stderr
    assert "outside checkpoint of size 11 consistent" in ok.stdout and "recomputed" in ok.stdout
    store = open_store(data)
    _truncate(Mission(store, mission.history))
    store.close()
    plain = _cli("verify", "database", "--no-derived", data=data)
    assert plain.returncode == 0, plain.stderr  # a database cannot prove its own freshness...
    bad = _cli("verify", "database", "--checkpoint", str(mission.outside[1]), data=data)
    assert bad.returncode == 1  # ...but a party's copy of a checkpoint can
    assert "were truncated or rolled back" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("sql", "codes"),
    [
        (("DELETE FROM violations",), ["not_checked"]),
        (
            (
                "DELETE FROM violations",
                "DELETE FROM incident_observations",
                "DELETE FROM incidents",
            ),
            ["not_fused", "not_checked"],
        ),
    ],  # fmt: skip
    ids=["every violation deleted", "every derived record deleted"],
)
def test_wiped_derived_records_are_reported_not_passed_in_silence(
    mission: Mission, sql: tuple[str, ...], codes: list[str]
) -> None:
    """A database cannot tell "not derived yet" from "every derived record deleted": the
    recomputation says how many it gives, as a warning."""
    with mission.store.begin() as conn:
        for statement in sql:
            conn.execute(text(statement))
    report = verify_database(mission=as_mission(mission.store))
    assert report.derived is not None
    assert [c for c, _ in report.derived.warnings] == codes
    assert all(n > 0 for _, p in report.derived.warnings for n in p.values())
