"""The map's records: every incident and violation of a period in the caller's view, at once.

The map draws every incident the caller may see (issue 15: ten thousand of them within 2 s).
:func:`truce.services.views.incidents` and :func:`~truce.services.views.violations` page
through the same records for the API, building a model of each; here each stored record is
read once as the JSON it was stored as (``model_dump_json``, so ``json.loads`` gives exactly
its ``model_dump(mode="json")``), cut to the fields the map draws (:data:`INCIDENT_FIELDS`,
:data:`VIOLATION_FIELDS`), and passed through the same view per role
(:func:`~truce.services.access.view_incident`, :func:`~truce.services.access.view_violation`)
with the same status, decision and party notified as the listings give. The tests check that
both give the same records, field for field, for every role.

Parsing is memoised by the stored text's BLAKE2b digest (a changed record is a new key, so the
memo can never give a stale record); it holds at most :data:`MEMO_SIZE` cut records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from truce.domain.principal import Principal
from truce.services import views
from truce.services.access import view_incident, view_violation
from truce.services.mission import Mission
from truce.store.compliance_tables import latest_decisions, violation_records
from truce.store.fusion_tables import IncidentQuery, query_incident_records

__all__ = ["MapRecords", "map_records"]

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MapRecords:
    """Incidents and violations in the caller's view, in (window start, id) order."""

    incidents: list[Record]
    violations: list[Record]


#: The incident fields the map reads (the view needs ``window``, ``lon`` and ``lat``).
INCIDENT_FIELDS = ("id", "kind", "lon", "lat", "ellipse", "counts", "window")
#: The violation fields the map reads (the view needs ``observed``, ``lon`` and ``lat``).
VIOLATION_FIELDS = ("id", "record_type", "record_ids", "clause_id", "status", "lon", "lat",
                    "observed")  # fmt: skip
MEMO_SIZE = 200_000

_MEMO: dict[bytes, Record] = {}


def _cut(text: str, fields: tuple[str, ...]) -> Record:
    """The stored record ``text`` cut to ``fields`` (memoised; callers copy, never mutate)."""
    key = hashlib.blake2b(text.encode(), digest_size=20).digest() + fields[0].encode()
    got = _MEMO.get(key)
    if got is None:
        whole = json.loads(text)
        got = {k: whole[k] for k in fields if k in whole}
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = got
    return got


def map_records(
    *,
    mission: Mission,
    principal: Principal,
    since: datetime | None = None,
    until: datetime | None = None,
) -> MapRecords:
    """Every incident and violation whose window overlaps [since, until], as the caller sees
    them: the records of :func:`views.incidents` and :func:`views.violations` with the same
    filter, all pages, cut to the map's fields (and a violation's ``decision`` and
    ``notified_to``)."""
    ctx = views.access_context(mission=mission, principal=principal)
    query = IncidentQuery(
        since=None if since is None else since.astimezone(UTC),
        until=None if until is None else until.astimezone(UTC),
    )
    span = {
        "since": None if since is None else since.timestamp(),
        "until": None if until is None else until.timestamp(),
    }
    with mission.store.connect() as conn:
        rows = query_incident_records(conn, query)
        incidents = [_cut(r, INCIDENT_FIELDS) for _, _, r in rows]
        violations = [_cut(r, VIOLATION_FIELDS) for r in violation_records(conn, **span)]
        decisions = latest_decisions(conn)
    seen_incidents = [v for v in (view_incident(ctx, i) for i in incidents) if v is not None]
    seen_violations = []
    for stored in violations:
        decision = decisions.get(str(stored["id"]))
        status = str(stored["status"]) if decision is None else decision.status.value
        notified = views.notified_by(decision)
        record = {
            **stored,
            "status": status,
            "decision": None if decision is None else decision.model_dump(mode="json"),
            "notified_to": notified,
        }
        seen = view_violation(ctx, record, notified_to=notified, status=status)
        if seen is not None:
            seen_violations.append(seen)
    return MapRecords(seen_incidents, seen_violations)
