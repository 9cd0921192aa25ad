"""Times that people type (``--since``, ``--until``): one reading for every command.

A date-time must carry its UTC offset (``2021-03-03T18:00+02:00``, ``…Z``); a date alone
(``2021-03-03``) is local midnight in the mission's time zone (:attr:`Mission.time_zone`: the
agreement's, else ``TRUCE_TIMEZONE``). An error only ever suggests forms that are accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from truce.errors import InvalidInput
from truce.services.mission import Mission

__all__ = ["parse_moment", "parse_moment_in"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_moment_in(text: str, *, zone: ZoneInfo, name: str) -> datetime:
    """``text`` as an aware datetime; a date alone is midnight in ``zone``."""
    value = text.strip()
    if _DATE.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"{name}: not a date: {text!r}", hint="use YYYY-MM-DD") from None
        return datetime.combine(day, time(0), tzinfo=zone)
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise InvalidInput(
            f"{name}: not a date or an ISO 8601 date-time: {text!r}",
            hint="use YYYY-MM-DD (local midnight) or YYYY-MM-DDTHH:MM+HH:MM",
        ) from None
    if parsed.tzinfo is None:
        offset = datetime.combine(parsed.date(), parsed.time(), tzinfo=zone).strftime("%z")
        example = parsed.isoformat(timespec="minutes") + f"{offset[:3]}:{offset[3:]}"
        raise InvalidInput(
            f"{name}: a date-time needs its UTC offset, e.g. {example} ({zone.key})",
            hint="or give a date alone (YYYY-MM-DD: local midnight)",
        )
    return parsed


def parse_moment(*, mission: Mission, text: str | None, name: str) -> datetime | None:
    """``text`` read in the mission's time zone (see the module docstring), or ``None``."""
    if text is None:
        return None
    return parse_moment_in(text, zone=mission.time_zone, name=name)
