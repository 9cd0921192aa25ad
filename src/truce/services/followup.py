"""Follow-up with the parties: notifications, the parties' responses, the analyst's closing.

A violation that an analyst's decision attributes to a party is *notified* to that party
(:func:`truce.services.views.notified_party`). The party answers with a response:
``acknowledged``, ``disputed`` (with its reasons and, optionally, its own submitted
observations as evidence) or ``remedied``; an analyst ends the thread with ``closed``. Each
response is a ledger record (kind ``response``) naming its principal, appended in the same
transaction as its row, and never edited.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from truce.domain.ledger_kinds import LedgerKind
from truce.domain.principal import Principal, Role
from truce.domain.results import DecidedViolation
from truce.errors import Conflict, ErrorDetail, Forbidden, InvalidInput, NotFound
from truce.ledger.canonical import canonical_json
from truce.services import compliance
from truce.services.mission import Mission
from truce.store.api_tables import responses, submissions
from truce.store.ledger import append_entries

__all__ = ["LEDGER_KIND", "ResponseStatus", "Receipt", "open_notifications", "respond", "thread"]

LEDGER_KIND = "response"
_MAX_REASONS = 4000
_MAX_EVIDENCE = 100


class ResponseStatus(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    DISPUTED = "disputed"
    REMEDIED = "remedied"
    CLOSED = "closed"


#: What each role may answer.
_ALLOWED: dict[Role, frozenset[ResponseStatus]] = {
    Role.PARTY: frozenset(
        {ResponseStatus.ACKNOWLEDGED, ResponseStatus.DISPUTED, ResponseStatus.REMEDIED}
    ),
    Role.ANALYST: frozenset({ResponseStatus.CLOSED}),
}


@dataclass(frozen=True, slots=True)
class Receipt:
    id: str
    leaf_index: int
    record: dict[str, Any]


def _status(value: str, role: Role) -> ResponseStatus:
    allowed = _ALLOWED.get(role, frozenset())
    try:
        status = ResponseStatus(value)
    except ValueError:
        status = None
    if status is None or status not in allowed:
        valid = ", ".join(sorted(s.value for s in allowed)) or "none"
        if status is not None and allowed:
            raise Forbidden(f"role {role.value} may not answer {value!r} (may: {valid})")
        raise InvalidInput(
            f"status: {value!r} is not one of: {valid}",
            details=[ErrorDetail(("status",), f"one of: {valid}")],
        )
    return status


def _notified(mission: Mission, violation_id: str) -> str | None:
    from truce.services.views import notified_party

    return notified_party(compliance.get_violation(mission=mission, violation_id=violation_id))


def _check_evidence(conn: Any, principal: Principal, evidence: tuple[str, ...]) -> None:
    if len(evidence) > _MAX_EVIDENCE:
        raise InvalidInput(f"evidence: at most {_MAX_EVIDENCE} observations")
    if not evidence:
        return
    c = submissions.c
    own = set(
        conn.execute(
            select(c.observation_id).where(
                c.observation_id.in_(evidence), c.principal == principal.name
            )
        ).scalars()
    )
    missing = [e for e in evidence if e not in own]
    if missing:
        raise InvalidInput(
            f"evidence: {missing[0]} is not an observation you submitted",
            details=[
                ErrorDetail(("evidence", evidence.index(m)), "not your submission") for m in missing
            ],
        )


def respond(
    *,
    mission: Mission,
    principal: Principal,
    violation_id: str,
    status: str,
    reasons: str = "",
    evidence: tuple[str, ...] = (),
) -> Receipt:
    """Append a party's response (or an analyst's closing) to a notified violation.

    Raises :class:`NotFound` when the violation is not notified to the caller's party (its
    existence is not revealed), :class:`Forbidden` for a status the role may not give,
    :class:`InvalidInput` for a bad status, missing reasons of a dispute or evidence that is
    not the caller's own submission, :class:`Conflict` when the thread is closed.
    """
    chosen = _status(status, principal.role)
    notified = _notified(mission, violation_id)
    if notified is None or (principal.role is Role.PARTY and notified != principal.party):
        raise NotFound(f"no violation {violation_id} notified to you")
    reasons = reasons.strip()
    if chosen is ResponseStatus.DISPUTED and not reasons:
        raise InvalidInput(
            "reasons: a dispute needs its reasons", details=[ErrorDetail(("reasons",), "required")]
        )
    if len(reasons) > _MAX_REASONS:
        raise InvalidInput(f"reasons: at most {_MAX_REASONS} characters")
    now = round(time.time(), 3)  # as the record holds it: the created_at column is its "at"
    rid = str(uuid.uuid4())
    record: dict[str, Any] = {
        "kind": LEDGER_KIND,
        "id": rid,
        "violation_id": violation_id,
        "party": notified,
        "status": chosen.value,
        "reasons": reasons,
        "evidence": list(evidence),
        "by": principal.name,
        "role": principal.role.value,
        "at": round(now, 3),
    }
    entry = canonical_json(record)
    with mission.store.begin() as conn:
        closed = conn.execute(
            select(responses.c.id).where(
                responses.c.violation_id == violation_id, responses.c.status == "closed"
            )
        ).first()
        if closed is not None:
            raise Conflict(f"the follow-up of violation {violation_id} is closed")
        _check_evidence(conn, principal, evidence)
        (leaf,) = append_entries(conn, kind=LedgerKind.RESPONSE, records=[(rid, entry)])
        conn.execute(
            responses.insert().values(
                id=rid,
                violation_id=violation_id,
                party=notified,
                status=chosen.value,
                created_at=now,
                record=entry.decode("utf-8"),
                leaf_index=leaf,
            )
        )
    return Receipt(rid, leaf, record)


def thread(*, mission: Mission, violation_id: str) -> list[dict[str, Any]]:
    """Every response on a violation, oldest first (each with its leaf index)."""
    c = responses.c
    with mission.store.connect() as conn:
        rows = conn.execute(
            select(c.record, c.leaf_index).where(c.violation_id == violation_id).order_by(c.seq)
        ).all()
    return [{**json.loads(r.record), "leaf_index": r.leaf_index} for r in rows]


def open_notifications(*, mission: Mission, principal: Principal) -> list[DecidedViolation]:
    """The violations notified to the caller's party whose follow-up is not closed.

    Whole records: the caller renders them through :mod:`truce.services.views`.
    """
    from truce.services.views import notified_party

    if principal.role is not Role.PARTY or principal.party is None:
        raise Forbidden("only a party has notifications")
    c = responses.c
    with mission.store.connect() as conn:
        closed = set(conn.execute(select(c.violation_id).where(c.status == "closed")).scalars())
    return [
        item
        for item in compliance.iter_violations_decided(mission=mission)
        if notified_party(item) == principal.party and str(item.violation.id) not in closed
    ]
