"""Analysts' decisions on violations (``truce decide``, the API): appended ledger records.

A decision confirms or dismisses a violation, optionally attributing it to a party of the
agreement, with the analyst's reason and who decided (the principal). It is appended to the
evidence ledger (kind ``decision``) and never edited: a later decision supersedes an earlier
one in listings, and both stay in the ledger.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from uuid import UUID

from pydantic import ValidationError

from truce.domain.filters import enum_values
from truce.domain.ledger_kinds import LedgerKind
from truce.domain.results import DecisionReceipt
from truce.domain.violation import Decision, DecisionStatus
from truce.errors import ErrorDetail, InvalidInput, NotFound
from truce.intake.messages import details
from truce.ledger.canonical import canonical_json
from truce.services.ids import resolve_id
from truce.services.mission import Mission
from truce.store.compliance_tables import (
    decision_entries_on,
    decisions_on,
    insert_decision,
    violation_exists,
)
from truce.store.ledger import append_entries

__all__ = ["DecisionStatus", "decide", "decisions_on_violation", "decisions_with_leaves"]


def _parse_id(violation_id: str | UUID) -> UUID:
    try:
        return violation_id if isinstance(violation_id, UUID) else UUID(str(violation_id))
    except ValueError:
        raise InvalidInput(
            f"violation id: not a UUID: {violation_id!r}",
            details=[ErrorDetail(("violation_id",), "must be a UUID")],
        ) from None


def decide(
    *,
    mission: Mission,
    violation_id: str | UUID,
    status: DecisionStatus | str,
    principal: str,
    reason: str = "",
    attribution: str | None = None,
    decided_at: datetime | None = None,
) -> DecisionReceipt:
    """Append a decision on a stored violation; return its record id and leaf index.

    ``violation_id`` is the violation's id or any unique prefix of it (the 8 characters a
    table shows; :func:`truce.services.ids.resolve_id`). Raises
    :class:`~truce.errors.NotFound` for an unknown violation and
    :class:`~truce.errors.InvalidInput` for an ambiguous prefix, a bad status, principal or
    reason, or an ``attribution`` that is not a party of the mission's agreement.
    """
    vid = _parse_id(
        resolve_id(mission=mission, table="violation", text=violation_id, name="violation id")
    )
    (chosen,) = enum_values(DecisionStatus, [status], name="status")
    if attribution is not None and mission.has_agreement:
        parties = mission.agreement.latest.party_ids
        if attribution not in parties:
            raise InvalidInput(
                f"attribution: {attribution!r} is not a party of the agreement",
                details=[ErrorDetail(("attribution",), f"one of: {', '.join(parties)}")],
            )
    try:
        decision = Decision(
            violation_id=vid,
            status=chosen,
            decided_by=principal,
            decided_at=decided_at or datetime.now(UTC),
            note=reason,
            attribution=attribution,
        )
    except ValidationError as exc:
        found = details(exc)
        raise InvalidInput(f"decision: {found[0]}", details=found) from None
    except ValueError as exc:
        raise InvalidInput(f"decision: {exc}") from None
    record_id = str(uuid.uuid4())
    entry = canonical_json(decision.model_dump(mode="json"))
    with mission.store.begin() as conn:
        if not violation_exists(conn, str(vid)):
            raise NotFound(f"no violation {vid}", hint="run: truce violations")
        (leaf,) = append_entries(conn, kind=LedgerKind.DECISION, records=[(record_id, entry)])
        insert_decision(
            conn,
            record_id=record_id,
            violation_id=str(vid),
            status=decision.status.value,
            decided_at=decision.decided_at,
            entry=entry.decode("utf-8"),
            leaf_index=leaf,
        )
    return DecisionReceipt(id=record_id, leaf_index=leaf, decision=decision)


def decisions_with_leaves(
    *, mission: Mission, violation_id: str | UUID
) -> list[tuple[Decision, int | None]]:
    """Every decision on a violation with its ledger leaf index, oldest first."""
    vid = str(_parse_id(violation_id))
    with mission.store.connect() as conn:
        rows = decision_entries_on(conn, vid)
    return [(Decision.model_validate_json(record), leaf) for record, leaf in rows]


def decisions_on_violation(*, mission: Mission, violation_id: str | UUID) -> list[Decision]:
    """Every decision on a violation, oldest first."""
    vid = _parse_id(violation_id)
    with mission.store.connect() as conn:
        return [Decision.model_validate_json(r) for r in decisions_on(conn, str(vid))]
