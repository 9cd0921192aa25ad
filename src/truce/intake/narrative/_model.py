"""Result types of the narrative parser (immutable)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, TypedDict

#: Character span ``[start, end)`` in the parsed passage.
Span = tuple[int, int]


class RangeKm(TypedDict):
    min: float
    max: float


class Offset(TypedDict):
    km: float
    bearing: str


Flight = TypedDict("Flight", {"from": str, "to": str})


class ObservationFields(TypedDict):
    """One observation in the schema of ``shared/data/narratives/README.md`` (key order too)."""

    source_type: str | None
    place: str | None
    offset: Offset | None
    kind: str
    subtype: str | None
    weapons: list[str]
    count: int | None
    qualifier: str
    distance_km: RangeKm | None
    bearings: list[str]
    flight: Flight | None


@dataclass(frozen=True, slots=True)
class TimeSpec:
    """A sentence's time phrases, parsed (all fields optional; clock times are ``HH:MM``).

    ``days`` and ``month`` give the date(s) ("on the night of 21-22 July" -> days (21, 22),
    month 7); ``parts_of_day`` the parts named (morning, day, afternoon, evening, night);
    ``start``/``end`` a clock range ("between 08:35 and 10:13"), ``at`` single clock times
    ("At 10:10"); ``duration_minutes`` a stated duration ("during 83 minutes").
    """

    text: str
    spans: tuple[Span, ...]
    days: tuple[int, ...] = ()
    month: int | None = None
    year: int | None = None
    parts_of_day: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    at: tuple[str, ...] = ()
    duration_minutes: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ParsedObservation:
    """One observation read from a passage, with its provenance.

    ``fields`` is the README schema (what ``truce parse`` prints); ``span`` is the
    sentence (or ``;`` clause) it came from, ``phrase_span`` the event phrase inside it,
    ``sentence`` the sentence text and ``time`` its parsed time phrase, if any;
    ``observer_span`` is the sentence that placed the observer (this one, or an earlier
    one whose observer carried to it; ``None`` when no observer place was stated).
    """

    fields: ObservationFields
    span: Span
    phrase_span: Span
    sentence: str
    time: TimeSpec | None
    observer_span: Span | None = None


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something the parser could not read; ``span`` is where, ``reason`` why."""

    span: Span
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What :func:`truce.intake.narrative.parse` read from one passage."""

    observations: tuple[ParsedObservation, ...]
    warnings: tuple[ParseWarning, ...]
    sentences: int

    def fields(self) -> list[ObservationFields]:
        """The observations in the README schema, in order."""
        return [o.fields for o in self.observations]
