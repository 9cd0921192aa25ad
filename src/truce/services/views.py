"""What a caller reads: the listings and records of the API, the OGC API and the dashboard,
each passed through :mod:`truce.services.access` (the one view of a record per role).

Listings page through the stored records with the listing services' cursors and keep the
records the caller may see, in the caller's view. What the caller may see is selected before
the page is cut (for incidents and observations in the store's query:
:meth:`~truce.services.access.AccessContext.release`), so a page holds ``limit`` items
whenever a next cursor follows it; each record still passes its view. A record the caller
may not see is reported as not found (its existence is not revealed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from truce.domain.filters import IncidentFilter, ObservationFilter, ViolationFilter
from truce.domain.page import Page
from truce.domain.principal import Principal, Role
from truce.domain.results import DecidedViolation
from truce.domain.violation import Decision
from truce.errors import NotFound
from truce.services import compliance, fusion, observations
from truce.services.access import (
    AccessContext,
    context_for,
    view_incident,
    view_observation,
    view_violation,
)
from truce.services.mission import Mission
from truce.store.api_tables import submissions

__all__ = [
    "access_context",
    "incident",
    "incidents",
    "observation",
    "observations_page",
    "violation",
    "violations",
]

Record = dict[str, Any]


def access_context(*, mission: Mission, principal: Principal) -> AccessContext:
    """The caller's access context: settings, clock and the published reporting periods."""
    return context_for(principal=principal, published=_published_periods(mission))


def _published_periods(mission: Mission) -> list[tuple[Any, Any]]:
    """The reporting periods of published reports."""
    from truce.services import reports

    return list(reports.published_periods(mission=mission))


# --- observations -------------------------------------------------------------------------


def _submitters(mission: Mission, ids: Iterable[str]) -> dict[str, str]:
    wanted = list(ids)
    if not wanted:
        return {}
    c = submissions.c
    with mission.store.connect() as conn:
        rows = conn.execute(
            select(c.observation_id, c.principal).where(c.observation_id.in_(wanted))
        )
        return {str(r[0]): str(r[1]) for r in rows}


def observations_page(
    *,
    mission: Mission,
    principal: Principal,
    filter: ObservationFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Record]:
    """One page of observations in the caller's view (wire format v1: ``direction.from``)."""
    ctx = access_context(mission=mission, principal=principal)
    wanted = filter or ObservationFilter()
    if not ctx.whole:
        own = None if principal.is_public else principal.name
        wanted = replace(wanted, released=ctx.release(), or_submitted_by=own)
    page = observations.list_observations(
        mission=mission, filter=wanted, limit=limit, cursor=cursor
    )
    records = [o.wire() for o in page.items]
    owners = {} if ctx.whole else _submitters(mission, (str(r["id"]) for r in records))
    seen = (view_observation(ctx, r, submitted_by=owners.get(str(r["id"]))) for r in records)
    return Page(tuple(v for v in seen if v is not None), page.next_cursor)


def observation(*, mission: Mission, principal: Principal, observation_id: str) -> Record:
    """One observation in the caller's view; :class:`NotFound` when it may not see it."""
    ctx = access_context(mission=mission, principal=principal)
    found = observations.get_observation(mission=mission, observation_id=observation_id)
    record = found.wire()
    owner = None if ctx.whole else _submitters(mission, [observation_id]).get(observation_id)
    seen = view_observation(ctx, record, submitted_by=owner)
    if seen is None:
        raise NotFound(f"no observation {observation_id}")
    return seen


# --- incidents ----------------------------------------------------------------------------


def incidents(
    *,
    mission: Mission,
    principal: Principal,
    filter: IncidentFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Record]:
    """One page of incidents in the caller's view."""
    ctx = access_context(mission=mission, principal=principal)
    wanted = filter or IncidentFilter()
    if not ctx.whole:
        wanted = replace(wanted, released=ctx.release())
    page = fusion.list_incident_records(mission=mission, filter=wanted, limit=limit, cursor=cursor)
    seen = (view_incident(ctx, record) for record in page.items)
    return Page(tuple(v for v in seen if v is not None), page.next_cursor)


def incident(*, mission: Mission, principal: Principal, incident_id: str) -> Record:
    """One incident in the caller's view; :class:`NotFound` when it may not see it."""
    ctx = access_context(mission=mission, principal=principal)
    found = fusion.get_incident(mission=mission, incident_id=incident_id)
    seen = view_incident(ctx, found.model_dump(mode="json"))
    if seen is None:
        raise NotFound(f"no incident {incident_id}")
    return seen


# --- violations ---------------------------------------------------------------------------


def notified_party(item: DecidedViolation) -> str | None:
    """The party a violation is notified to: the one an analyst's decision attributes it to."""
    return notified_by(item.decision)


def notified_by(decision: Decision | None) -> str | None:
    """The party a violation's latest ``decision`` notifies it to (``None``: none)."""
    if decision is None or decision.attribution is None or decision.status.value == "dismissed":
        return None
    return decision.attribution


def violation_record(item: DecidedViolation) -> Record:
    """A violation with its review status, its latest decision and the party notified."""
    record = item.violation.model_dump(mode="json")
    record["status"] = item.status
    record["decision"] = None if item.decision is None else item.decision.model_dump(mode="json")
    record["notified_to"] = notified_party(item)
    return record


def _view(ctx: AccessContext, item: DecidedViolation) -> Record | None:
    return view_violation(
        ctx, violation_record(item), notified_to=notified_party(item), status=item.status
    )


def violations(
    *,
    mission: Mission,
    principal: Principal,
    filter: ViolationFilter | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Record]:
    """One page of violations in the caller's view."""
    ctx = access_context(mission=mission, principal=principal)
    keep = None if ctx.whole else (lambda item: _view(ctx, item) is not None)
    page = compliance.list_violations(
        mission=mission, filter=filter, limit=limit, cursor=cursor, keep=keep
    )
    seen = (_view(ctx, item) for item in page.items)
    return Page(tuple(v for v in seen if v is not None), page.next_cursor)


def violation(*, mission: Mission, principal: Principal, violation_id: str) -> Record:
    """One violation in the caller's view; :class:`NotFound` when it may not see it."""
    ctx = access_context(mission=mission, principal=principal)
    seen = _view(ctx, compliance.get_violation(mission=mission, violation_id=violation_id))
    if seen is None:
        raise NotFound(f"no violation {violation_id}")
    return seen


def _thread(mission: Mission, violation_id: str, *, whole: bool) -> list[Record]:
    """Decisions and responses on a violation, oldest first; outside the mission without the
    names of the mission's staff."""
    from truce.services import decisions, followup

    entries: list[tuple[float, Record]] = []
    for d in decisions.decisions_on_violation(mission=mission, violation_id=violation_id):
        record = {"type": "decision", **d.model_dump(mode="json")}
        if not whole:
            record.pop("decided_by", None)
        entries.append((d.decided_at.timestamp(), record))
    for r in followup.thread(mission=mission, violation_id=violation_id):
        record = {"type": "response", **r}
        if not whole and record.get("role") != "party":
            record.pop("by", None)
        entries.append((float(r["at"]), record))
    return [record for _, record in sorted(entries, key=lambda e: e[0])]


def violation_with_thread(*, mission: Mission, principal: Principal, violation_id: str) -> Record:
    """One violation in the caller's view; the mission and the party notified also see its
    follow-up thread."""
    ctx = access_context(mission=mission, principal=principal)
    item = compliance.get_violation(mission=mission, violation_id=violation_id)
    seen = _view(ctx, item)
    if seen is None:
        raise NotFound(f"no violation {violation_id}")
    notified = notified_party(item)
    addressed = principal.party is not None and notified == principal.party
    if ctx.whole or (principal.role is Role.PARTY and addressed):
        seen["thread"] = _thread(mission, str(item.violation.id), whole=ctx.whole)
    return seen


def notifications(*, mission: Mission, principal: Principal) -> list[Record]:
    """The party's open notifications, in its view."""
    from truce.services import followup

    ctx = access_context(mission=mission, principal=principal)
    seen = (
        _view(ctx, item)
        for item in followup.open_notifications(mission=mission, principal=principal)
    )
    return [v for v in seen if v is not None]
