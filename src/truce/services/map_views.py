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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from truce.domain.principal import Principal
from truce.services import views
from truce.services.access import view_incident, view_violation
from truce.services.mission import Mission
from truce.store.compliance_tables import latest_decisions, violation_records
from truce.store.fusion_tables import IncidentQuery, query_incident_records

__all__ = ["MapRecords", "map_records", "shaped_records"]

Record = dict[str, Any]
T = TypeVar("T")


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
    records, _ = _viewed(mission, principal, since, until, None)
    assert records is not None  # without a shape nothing is memoised
    return records


def shaped_records(
    *,
    mission: Mission,
    principal: Principal,
    since: datetime | None,
    until: datetime | None,
    shape: Callable[[MapRecords], T],
) -> T:
    """``shape(map_records(...))``; for a caller who sees records whole (inside the mission,
    where a view depends on nothing but the stored records) memoised by the digest of every
    stored record and decision read: equal digests, equal records, so never stale. The
    result is shared: callers must not change it."""
    records, digest = _viewed(mission, principal, since, until, shape)
    if records is None:
        return cast("T", _SHAPED[digest])
    shaped = shape(records)
    if digest:
        if len(_SHAPED) >= _SHAPED_SIZE:
            _SHAPED.clear()
        _SHAPED[digest] = shaped
    return shaped


_SHAPED: dict[bytes, Any] = {}
_SHAPED_SIZE = 8


def _viewed(
    mission: Mission,
    principal: Principal,
    since: datetime | None,
    until: datetime | None,
    shape: Callable[[MapRecords], Any] | None,
) -> tuple[MapRecords | None, bytes]:
    """The records in the caller's view and, with ``shape`` for a whole view, the digest of
    what they were made from (``None`` records: ``shape`` of them is memoised)."""
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
        texts = [r for _, _, r in query_incident_records(conn, query)]
        stored_violations = list(violation_records(conn, **span))
        decisions = latest_decisions(conn)
    digest = b""
    if shape is not None and ctx.whole:
        h = hashlib.blake2b(shape.__qualname__.encode(), digest_size=32)
        for part in (texts, stored_violations):  # each text with its length: unambiguous
            h.update(len(part).to_bytes(8, "big"))
            for text in part:
                raw = text.encode()
                h.update(len(raw).to_bytes(8, "big") + raw)
        for vid in sorted(decisions):
            h.update(vid.encode() + decisions[vid].model_dump_json().encode())
        digest = h.digest()
        if digest in _SHAPED:
            return None, digest
    incidents = [_cut(r, INCIDENT_FIELDS) for r in texts]
    violations = [_cut(r, VIOLATION_FIELDS) for r in stored_violations]
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
    return MapRecords(seen_incidents, seen_violations), digest
