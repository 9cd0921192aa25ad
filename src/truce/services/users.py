"""Users, bearer tokens and dashboard sessions (``truce users``, the API's auth, the web).

A token is shown once, when it is issued, and stored only as its SHA-256 (a token carries 256
random bits, so a plain hash is as strong as a slow one). Sessions of the dashboard are made
from a token and stored the same way; a session ends when it expires, when it is ended, or
when its token or user is revoked. Adding and revoking a user are ledger records (kind
``user``) naming who did it.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select, update

from truce.domain.ledger_kinds import LedgerKind
from truce.domain.principal import USER_ROLES, Principal, Role
from truce.errors import Conflict, ErrorDetail, InvalidInput, NotFound, Unauthenticated
from truce.ledger.canonical import canonical_json
from truce.services.mission import Mission
from truce.store.api_tables import api_sessions, api_tokens, user_events, users
from truce.store.ledger import append_entries

__all__ = [
    "LEDGER_KIND",
    "SESSION_SECONDS",
    "UserInfo",
    "add_user",
    "authenticate_token",
    "create_session",
    "end_session",
    "issue_token",
    "list_users",
    "principal_for_session",
    "revoke_user",
    "token_hash",
]

LEDGER_KIND = "user"
#: A dashboard session lasts 12 hours.
SESSION_SECONDS = 12 * 3600
_TOKEN_PREFIX = "truce_"


@dataclass(frozen=True, slots=True)
class UserInfo:
    name: str
    role: Role
    party: str | None
    created_at: float
    revoked: bool
    active_tokens: int


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_hash(token: str) -> str | None:
    """The stored hash of a bearer token, ``None`` for what cannot be a token of ours."""
    if not token.startswith(_TOKEN_PREFIX) or len(token) > 200:
        return None
    return _digest(token)


def _role(value: str) -> Role:
    try:
        role = Role(value)
    except ValueError:
        role = Role.PUBLIC
    if role not in USER_ROLES:
        valid = ", ".join(r.value for r in USER_ROLES)
        raise InvalidInput(
            f"unknown role {value!r}", details=[ErrorDetail(("role",), f"must be one of {valid}")]
        )
    return role


def add_user(
    *, mission: Mission, name: str, role: str, party: str | None = None, by: str
) -> UserInfo:
    """Create an account; a ``party`` role needs ``party``, other roles must not name one.

    Raises :class:`~truce.errors.InvalidInput` (bad name, role or party) or
    :class:`~truce.errors.Conflict` (the name exists).
    """
    checked = _role(role)
    if not name or len(name) > 100 or not name.isprintable() or name.strip() != name:
        raise InvalidInput("bad user name", details=[ErrorDetail(("name",), "1-100 printable")])
    if (checked is Role.PARTY) != bool(party):
        msg = "required for role party" if checked is Role.PARTY else "only for role party"
        raise InvalidInput(f"--party is {msg}", details=[ErrorDetail(("party",), msg)])
    now = _now()
    with mission.store.begin() as conn:
        if conn.execute(select(users.c.name).where(users.c.name == name)).first():
            raise Conflict(f"user {name!r} exists")
        conn.execute(
            insert(users).values(name=name, role=checked.value, party=party, created_at=now)
        )
        _event(conn, name=name, action="added", role=checked.value, party=party, by=by, at=now)
    return UserInfo(name, checked, party, now, False, 0)


def _event(
    conn: Connection, *, name: str, action: str, by: str, at: float, **extra: object
) -> None:
    """Append a ``user`` ledger record and store it (same transaction as the change)."""
    event_id = str(uuid.uuid4())
    record: dict[str, object] = {
        "kind": LEDGER_KIND,
        "id": event_id,
        "name": name,
        "action": action,
        "by": by,
    }
    record |= {"at": round(at, 3), **{k: v for k, v in extra.items() if v is not None}}
    entry = canonical_json(record)
    (leaf,) = append_entries(conn, kind=LedgerKind.USER, records=[(event_id, entry)])
    conn.execute(
        insert(user_events).values(
            id=event_id, name=name, record=entry.decode("utf-8"), leaf_index=leaf
        )
    )


def _require_user(conn: Connection, name: str) -> float | None:
    """When ``name`` was revoked (``None``: active); raises :class:`NotFound`."""
    row = conn.execute(select(users.c.revoked_at).where(users.c.name == name)).first()
    if row is None:
        raise NotFound(f"no user named {name!r}", hint="truce users list")
    return None if row.revoked_at is None else float(row.revoked_at)


def _now() -> float:
    """The time of an account change, as its ledger record holds it (milliseconds), so the
    ``users`` row is exactly what the replay of the records gives."""
    return round(time.time(), 3)


def issue_token(*, mission: Mission, name: str, by: str) -> str:
    """A new bearer token for ``name`` (returned once; only its hash is kept).

    A revoked user is active again from its next token. Raises :class:`NotFound`.
    """
    token = _TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    with mission.store.begin() as conn:
        if _require_user(conn, name) is not None:  # revoked: active again, in the ledger
            conn.execute(update(users).where(users.c.name == name).values(revoked_at=None))
            _event(conn, name=name, action="reactivated", by=by, at=now)
        conn.execute(
            insert(api_tokens).values(token_hash=_digest(token), name=name, created_at=now)
        )
    return token


def revoke_user(*, mission: Mission, name: str, by: str) -> int:
    """Revoke every token (and so every session) of ``name``; returns how many were active."""
    now = _now()
    with mission.store.begin() as conn:
        _require_user(conn, name)
        t = api_tokens.c
        result = conn.execute(
            update(api_tokens).where(t.name == name, t.revoked_at.is_(None)).values(revoked_at=now)
        )
        conn.execute(update(users).where(users.c.name == name).values(revoked_at=now))
        _event(conn, name=name, action="revoked", by=by, at=now)
    return int(result.rowcount or 0)


def list_users(*, mission: Mission) -> list[UserInfo]:
    """Every account, by name, with its number of active tokens."""
    t = api_tokens.c
    active = (
        select(t.name, func.count().label("n"))
        .where(t.revoked_at.is_(None))
        .group_by(t.name)
        .subquery()
    )
    stmt = (
        select(users, func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.name == users.c.name)
        .order_by(users.c.name)
    )
    with mission.store.connect() as conn:
        return [
            UserInfo(r.name, Role(r.role), r.party, r.created_at, r.revoked_at is not None, r[-1])
            for r in conn.execute(stmt)
        ]


def _principal_by_token_hash(conn: Connection, token_hash: str) -> Principal | None:
    t, u = api_tokens.c, users.c
    row = conn.execute(
        select(u.name, u.role, u.party)
        .select_from(api_tokens.join(users, u.name == t.name))
        .where(t.token_hash == token_hash, t.revoked_at.is_(None), u.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    return Principal(name=row.name, role=Role(row.role), party=row.party)


def authenticate_token(*, mission: Mission, token: str) -> Principal | None:
    """The principal of an active bearer token, or ``None`` (unknown or revoked)."""
    if not token.startswith(_TOKEN_PREFIX) or len(token) > 200:
        return None
    with mission.store.read_statement() as conn:
        return _principal_by_token_hash(conn, _digest(token))


def create_session(*, mission: Mission, token: str) -> str:
    """A new dashboard session id for an active token; raises :class:`Unauthenticated`."""
    if authenticate_token(mission=mission, token=token) is None:
        raise Unauthenticated("unknown or revoked token")
    session_id = secrets.token_urlsafe(32)
    now = time.time()
    with mission.store.begin() as conn:
        conn.execute(
            insert(api_sessions).values(
                session_hash=_digest(session_id),
                token_hash=_digest(token),
                created_at=now,
                expires_at=now + SESSION_SECONDS,
            )
        )
    return session_id


def principal_for_session(*, mission: Mission, session_id: str) -> Principal | None:
    """The principal of a live session (not expired, token and user not revoked), or ``None``."""
    if not session_id or len(session_id) > 200:
        return None
    s = api_sessions.c
    with mission.store.connect() as conn:
        row = conn.execute(
            select(s.token_hash, s.expires_at).where(s.session_hash == _digest(session_id))
        ).first()
        if row is None or row.expires_at < time.time():
            return None
        return _principal_by_token_hash(conn, row.token_hash)


def end_session(*, mission: Mission, session_id: str) -> None:
    """End a session (nothing happens for an unknown one)."""
    with mission.store.begin() as conn:
        conn.execute(
            api_sessions.delete().where(api_sessions.c.session_hash == _digest(session_id))
        )
