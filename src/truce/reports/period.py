"""Reporting periods: the 24 hours ending at the agreement's local time (DESIGN.md).

A period is half-open, ``[start, end)``, and is named by the local date it ends on (the SMM's
"as of 19:30, 2 March" covers 1 March 19:30 to 2 March 19:30). Local times are resolved with
the IANA zone of the agreement (``zoneinfo``): a period spanning a DST change is 23 or 25
hours long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from truce.agreement.models import ReportingPeriod
from truce.errors import InvalidInput


@dataclass(frozen=True)
class Period:
    """``[start, end)`` as aware datetimes in the reporting time zone."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidInput("the period must end after it starts", hint="check --from/--to")

    def contains(self, t: datetime) -> bool:
        return self.start <= t < self.end

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def period_end(day: date, rp: ReportingPeriod) -> datetime:
    """The end of the period named ``day``: ``rp.end`` local time on that date."""
    return datetime.combine(day, rp.end, tzinfo=ZoneInfo(rp.time_zone))


def daily(day: date, rp: ReportingPeriod) -> Period:
    """The period ending on ``day``."""
    return Period(period_end(day - timedelta(days=1), rp), period_end(day, rp))


def between(first: date, last: date, rp: ReportingPeriod) -> Period:
    """From the evening of ``first`` to the evening of ``last`` (``--from``/``--to``)."""
    if last <= first:
        raise InvalidInput(
            "--to must be a later date than --from",
            hint="--from 2021-01-15 --to 2021-01-17: between the evenings of 15 and 17 January",
        )
    return Period(period_end(first, rp), period_end(last, rp))


def containing(t: datetime, rp: ReportingPeriod) -> Period:
    """The daily period that holds the instant ``t``."""
    local = t.astimezone(ZoneInfo(rp.time_zone))
    day = local.date()
    if local >= period_end(day, rp):
        day += timedelta(days=1)
    return daily(day, rp)


def days_of(period: Period, rp: ReportingPeriod) -> list[Period]:
    """The daily periods making up a multi-day period, in order."""
    out, cur = [], containing(period.start, rp)
    while cur.start < period.end:
        out.append(cur)
        cur = daily(cur.end.date() + timedelta(days=1), rp)
    return out


def previous(period: Period, rp: ReportingPeriod) -> Period:
    """The period of as many days immediately before ``period``."""
    n = len(days_of(period, rp))
    first = period.start.date()
    return Period(period_end(first - timedelta(days=n), rp), period.start)


def ended_on(period: Period, rp: ReportingPeriod) -> date:
    """The local date the period ends on (its name)."""
    return period.end.astimezone(ZoneInfo(rp.time_zone)).date()
