"""One time window for every record: an observation's ``observed``, an incident's ``window``,
a violation's ``observed`` and a clause's time window."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class TimeWindow(BaseModel):
    """From ``start`` to ``end`` (both with a UTC offset), ``start <= end``.

    Fields are declared in RFC 8785 key order (``end`` before ``start``): the observation's
    wire JSON is canonical straight from pydantic's encoder.
    """

    model_config = _FROZEN

    end: AwareDatetime
    start: AwareDatetime

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self

    def overlaps(self, start: datetime | None, end: datetime | None) -> bool:
        """Whether the window overlaps [start, end] (an open end when ``None``)."""
        return (start is None or self.end >= start) and (end is None or self.start <= end)
