"""Time windows of local ceasefires, and how an observation's time relates to them.

A window is half-open, ``[start, end)``; an observation's time is closed, ``[start, end]``
(the event happened at some instant inside it). The relation is ``inside`` when the whole
observation lies in the window, ``outside`` when none of it does, and ``partial`` otherwise,
which makes the finding ``undetermined``: the event may or may not have happened in the
window. So a window that starts exactly at the observation's end time is ``partial`` (only the
last instant is inside); one that ends exactly at the observation's start is ``outside``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from truce.agreement.models import Window

Relation = Literal["inside", "partial", "outside"]


def relation(start: datetime, end: datetime, w_start: datetime, w_end: datetime) -> Relation:
    """How the closed interval ``[start, end]`` relates to the window ``[w_start, w_end)``."""
    if end < w_start or start >= w_end:
        return "outside"
    if w_start <= start and end < w_end:
        return "inside"
    return "partial"


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def concrete(
    window: Window, *, around_start: datetime, around_end: datetime
) -> list[tuple[datetime, datetime]]:
    """The concrete ``[start, end)`` intervals of ``window`` that may touch the given span."""
    if window.start is not None and window.end is not None:
        return [(window.start, window.end)]
    if None in (
        window.first_day,
        window.last_day,
        window.from_time,
        window.to_time,
        window.time_zone,
    ):
        return []
    assert (
        window.first_day
        and window.last_day
        and window.from_time
        and window.to_time
        and window.time_zone
    )
    tz = ZoneInfo(window.time_zone)
    lo = max(
        date.fromisoformat(window.first_day),
        (around_start.astimezone(tz) - timedelta(days=1)).date(),
    )
    hi = min(
        date.fromisoformat(window.last_day), (around_end.astimezone(tz) + timedelta(days=1)).date()
    )
    out = []
    for day in _days(lo, hi):
        s = datetime.combine(day, window.from_time, tzinfo=tz)
        e = datetime.combine(day, window.to_time, tzinfo=tz)
        if e <= s:  # a window across midnight
            e += timedelta(days=1)
        out.append((s, e))
    return out


def best_relation(
    windows: tuple[Window, ...], start: datetime, end: datetime
) -> tuple[Relation, tuple[datetime, datetime] | None]:
    """The strongest relation of ``[start, end]`` to any of the windows, and that window."""
    found: tuple[Relation, tuple[datetime, datetime] | None] = ("outside", None)
    for w in windows:
        for span in concrete(w, around_start=start, around_end=end):
            rel = relation(start, end, *span)
            if rel == "inside":
                return rel, span
            if rel == "partial" and found[0] == "outside":
                found = (rel, span)
    return found
