"""THE view of a record per role: the one place that decides what leaves the server.

Every route, the OGC API, the dashboard and the exports ask this module for the view of a
record for the caller (:class:`~truce.domain.principal.Principal`) and send only that. The
rules (issue 14, item 3; DESIGN.md "Users and roles"):

* an analyst or an admin sees every record whole;
* a monitor, a sensor or a party sees its own submissions whole;
* the public view (no token) holds only published periods, incidents and violations older
  than the publication delay (setting ``publication_delay``, 24 h), coordinates rounded
  (setting ``coordinate_rounding``, 0.01°), and only observations classified ``public``:
  observer identities (``source.id``), exact observer positions, narratives and attachments
  of ``mission`` and ``restricted`` records never reach it;
* a party sees the public view plus the violations notified to it (rounded the same way,
  with its thread); monitors and sensors also see the public view of others' records.

The view functions are pure: :class:`AccessContext` carries the caller, the clock, the
settings and the published periods; :func:`context_for` builds it from the mission.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from truce.domain.filters import Release
from truce.domain.principal import MISSION_READERS, PUBLIC, Principal, Role
from truce.settings import number

__all__ = [
    "AccessContext",
    "Period",
    "context_for",
    "round_coordinate",
    "view_incident",
    "view_observation",
    "view_violation",
]

Record = Mapping[str, Any]
Period = tuple[datetime, datetime]
"""A published reporting period [start, end)."""


@dataclass(frozen=True, slots=True)
class AccessContext:
    """Everything a view depends on besides the record."""

    principal: Principal = PUBLIC
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    publication_delay: timedelta = timedelta(hours=24)
    rounding_deg: float = 0.01
    published: tuple[Period, ...] = ()

    @property
    def whole(self) -> bool:
        """The caller reads every record whole (analyst, admin)."""
        return self.principal.role in MISSION_READERS

    def released(self, start: datetime, end: datetime) -> bool:
        """A record of the time window [start, end] is in the public view.

        Its end is older than the publication delay and its start lies in a published
        reporting period.
        """
        if end > self.now - self.publication_delay:
            return False
        return any(p_start <= start < p_end for p_start, p_end in self.published)

    def release(self) -> Release:
        """:meth:`released` as a filter for the store's query (a listing's pages then hold
        released records only, and are full)."""
        return Release(ended_by=self.now - self.publication_delay, periods=self.published)


def round_coordinate(value: float, step: float) -> float:
    """``value`` (degrees) rounded to the nearest multiple of ``step`` (0: unchanged)."""
    if step <= 0:
        return value
    decimals = max(0, math.ceil(-math.log10(step)) + 1)
    return round(round(value / step) * step, decimals)


def _time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _own(ctx: AccessContext, submitted_by: str | None) -> bool:
    return not ctx.principal.is_public and submitted_by == ctx.principal.name


def view_observation(
    ctx: AccessContext, record: Record, *, submitted_by: str | None = None
) -> dict[str, Any] | None:
    """The caller's view of an observation (wire format v1), or ``None`` when it may not see it.

    Outside the mission only ``public`` observations of released periods are seen, with the
    position rounded; a ``mission`` or ``restricted`` one is not seen at all, so none of its
    source id, position, narrative or attachments can leak.
    """
    if ctx.whole or _own(ctx, submitted_by):
        return dict(record)
    if record.get("classification") != "public":
        return None
    observed = record["observed"]
    if not ctx.released(_time(observed["start"]), _time(observed["end"])):
        return None
    out = dict(record)
    position = dict(out.get("position") or {})
    for axis in ("lon", "lat"):
        if axis in position:
            position[axis] = round_coordinate(float(position[axis]), ctx.rounding_deg)
    if position:
        out["position"] = position
    return out


def view_incident(ctx: AccessContext, record: Record) -> dict[str, Any] | None:
    """The caller's view of an incident: whole inside the mission, else released and rounded."""
    if ctx.whole:
        return dict(record)
    window = record["window"]
    if not ctx.released(_time(window["start"]), _time(window["end"])):
        return None
    return _rounded(ctx, record)


def view_violation(
    ctx: AccessContext,
    record: Record,
    *,
    notified_to: str | None = None,
    status: str | None = None,
) -> dict[str, Any] | None:
    """The caller's view of a violation.

    Whole inside the mission. A party sees, rounded, the violations notified to it
    (``notified_to`` is its party id) whatever their period. Everyone else sees, rounded,
    released violations that no analyst dismissed (``status``).
    """
    if ctx.whole:
        return dict(record)
    party = ctx.principal.party
    if ctx.principal.role is Role.PARTY and party is not None and notified_to == party:
        return _rounded(ctx, record)
    if status == "dismissed":
        return None
    observed = record["observed"]
    if not ctx.released(_time(observed["start"]), _time(observed["end"])):
        return None
    return _rounded(ctx, record)


def _rounded(ctx: AccessContext, record: Record) -> dict[str, Any]:
    out = dict(record)
    for axis in ("lon", "lat"):
        if out.get(axis) is not None:
            out[axis] = round_coordinate(float(out[axis]), ctx.rounding_deg)
    return out


def context_for(
    *,
    principal: Principal,
    published: Sequence[Period] = (),
    now: datetime | None = None,
) -> AccessContext:
    """The access context of ``principal`` with the settings read now."""
    return AccessContext(
        principal=principal,
        now=now or datetime.now(UTC),
        publication_delay=timedelta(hours=number("publication_delay")),
        rounding_deg=number("coordinate_rounding"),
        published=tuple(published),
    )
