"""The ``users`` table against the replay of the account changes in the ledger.

``users`` holds each account's current state (role, party, when created, when revoked): what
authentication and the listings read. It is not stored apart from the ledger: it is the
replay, in ledger order, of the ``user`` records (``user_events``, each checked against its
leaf by the record audit): ``added`` sets the role, party and creation time, ``revoked`` the
revocation time, ``reactivated`` (a new token for a revoked account) clears it. The audit
replays them and compares every row and column; a row no record adds is named, and so is an
account whose row is missing.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection

from truce.errors import VerificationError

__all__ = ["check_users"]

_COLUMNS = ("role", "party", "created_at", "revoked_at")


def _replay(conn: Connection) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {}
    rows = conn.exec_driver_sql("SELECT record FROM user_events ORDER BY leaf_index")
    for (record,) in rows:
        d = json.loads(record)
        name, action, at = d["name"], d["action"], float(d["at"])
        if action == "added":
            state[name] = {"role": d["role"], "party": d.get("party"), "created_at": at}
            state[name]["revoked_at"] = None
        elif name not in state:
            raise VerificationError(
                f"user record {d['id']} ({action} {name!r}) precedes the record adding the user"
            )
        elif action == "revoked":
            state[name]["revoked_at"] = at
        elif action == "reactivated":
            state[name]["revoked_at"] = None
        else:
            raise VerificationError(f"user record {d['id']}: unknown action {action!r}")
    return state


def _same(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is want
    if isinstance(want, float):  # a time: the row may hold the unrounded one (older rows)
        return isinstance(got, int | float) and abs(float(got) - want) <= 0.0005
    return bool(got == want)


def check_users(conn: Connection) -> int:
    """Compare every ``users`` row with the replay of the ``user`` records; return how many
    accounts were checked. Raises :class:`~truce.errors.VerificationError` naming the first
    account whose row differs, is missing, or was added outside the ledger."""
    want = _replay(conn)
    cols = ", ".join(_COLUMNS)
    rows = conn.exec_driver_sql(f"SELECT name, {cols} FROM users ORDER BY name").all()
    for name, *values in rows:
        expected = want.pop(str(name), None)
        if expected is None:
            raise VerificationError(
                f"user {name!r} was added outside the ledger: no user record adds it"
            )
        for column, got in zip(_COLUMNS, values, strict=True):
            if not _same(got, expected[column]):
                raise VerificationError(
                    f"user {name!r} was altered: column users.{column} holds {got!r}, "
                    f"its ledger records say {expected[column]!r}"
                )
    if want:
        name = min(want)
        raise VerificationError(f"user {name!r} is missing: its ledger records add it")
    return len(rows)
