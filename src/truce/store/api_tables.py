"""Tables of the API's users, sessions and the parties' follow-up (migration ``api_0001``).

* ``users``: one row per account (name, role, party); ``revoked_at`` set by a revocation.
* ``user_events``: each account change (added, revoked, reactivated by a new token) as a
  ledger record (kind ``user``); ``users`` is their replay, checked by ``truce verify database``.
* ``api_tokens``: bearer tokens, stored only as SHA-256 hex of the token.
* ``api_sessions``: dashboard sessions, stored only as SHA-256 hex of the session id.
* ``responses``: a party's answer to a notified violation or an analyst's closing
  (ledger kind ``response``).
* ``cosignatures``: a party's or witness's C2SP tlog-cosignature line (ledger kind
  ``cosignature``).
* ``submissions``: which principal submitted an observation through the API, so a monitor,
  sensor or party reads its own submissions.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Index, String, Table, Text

from truce.store.tables import INT64, metadata

users = Table(
    "users",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("party", String(64)),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),
)

user_events = Table(
    "user_events",
    metadata,
    Column("seq", INT64, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("record", Text, nullable=False),
    Column("leaf_index", BigInteger, unique=True),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),
)
Index("ix_api_tokens_name", api_tokens.c.name)

api_sessions = Table(
    "api_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
)

responses = Table(
    "responses",
    metadata,
    Column("seq", INT64, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("violation_id", String(36), nullable=False),
    Column("party", String(64)),
    Column("status", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("record", Text, nullable=False),
    Column("leaf_index", BigInteger, unique=True),
)
Index("ix_responses_violation_id", responses.c.violation_id)

cosignatures = Table(
    "cosignatures",
    metadata,
    Column("seq", INT64, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("checkpoint_id", BigInteger, nullable=False),
    Column("key_name", String(200), nullable=False),
    Column("record", Text, nullable=False),
    Column("leaf_index", BigInteger, unique=True),
)

submissions = Table(
    "submissions",
    metadata,
    Column("observation_id", String(36), primary_key=True),
    Column("principal", String(100), nullable=False),
)
Index("ix_submissions_principal", submissions.c.principal)
