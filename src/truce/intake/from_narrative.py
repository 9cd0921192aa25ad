"""Parsed narrative observations to wire-format records.

``truce ingest --narrative FILE --date YYYY-MM-DD --source TEAM`` reads a monitors' passage
with :func:`truce.intake.narrative.parse` and builds one wire record per observation:

* position: the gazetteer's coordinates of the stated place, moved by the stated offset
  ("3km west of X") along the geodesic (pyproj ``Geod``, WGS84);
* time window: the sentence's time phrase on the report date, in the agreement's time zone;
  without a time phrase, the whole reporting period ending on the report date;
* provenance: the sentence as ``narrative.text`` and the event phrase's character span in it;
* id: a UUIDv5 of the source, the date, the sentence and the observation's place in it, so
  that ingesting the same file again yields duplicates, not new records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pyproj import Geod

from truce.domain.vocabulary import Compass16
from truce.errors import ErrorDetail, NotFound
from truce.geo.gazetteer import Gazetteer
from truce.intake.narrative import ParsedObservation, ParseResult, TimeSpec

_GEOD = Geod(ellps="WGS84")
_NAMESPACE = uuid.UUID("6f1d5b4e-8f0a-4c1e-9a51-7d1f0c3e2b90")

#: Local hours each part of the day covers: (start, end), end may pass midnight (> 24).
PARTS_OF_DAY: dict[str, tuple[float, float]] = {
    "morning": (6.0, 12.0),
    "day": (6.0, 19.5),
    "afternoon": (12.0, 18.0),
    "evening": (18.0, 22.0),
    "night": (22.0, 30.0),
}


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What a passage does not say: the report's date, team, zone and period end."""

    report_date: date
    source_id: str
    tz: ZoneInfo
    period_end: time = time(19, 30)
    lang: str = "en"


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def _day(ctx: ReportContext, spec: TimeSpec | None, index: int) -> date:
    if spec is None or not spec.days:
        return ctx.report_date
    day = spec.days[min(index, len(spec.days) - 1)]
    month = spec.month or ctx.report_date.month
    year = spec.year or ctx.report_date.year
    if spec.year is None and month > ctx.report_date.month:
        year -= 1  # "on 30 December" in a report of 2 January
    return date(year, month, day)


def _at(day: date, hours: float, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz) + timedelta(hours=hours)


def _clock(text: str) -> float:
    hh, mm = text.split(":")
    return int(hh) + int(mm) / 60.0


def time_window(spec: TimeSpec | None, ctx: ReportContext) -> tuple[datetime, datetime]:
    """The observation's window in local time (see the module docstring)."""
    tz = ctx.tz
    first = _day(ctx, spec, 0)
    if spec is not None and spec.start and spec.end:
        start, end = _at(first, _clock(spec.start), tz), _at(first, _clock(spec.end), tz)
        return start, end if end >= start else end + timedelta(days=1)
    if spec is not None and spec.at:
        moments = sorted(_at(first, _clock(a), tz) for a in spec.at)
        return moments[0], moments[-1]
    if spec is not None and spec.parts_of_day:
        parts = [PARTS_OF_DAY[p] for p in spec.parts_of_day if p in PARTS_OF_DAY]
        if parts:
            lo = min(p[0] for p in parts)
            hi = max(p[1] for p in parts)
            return _at(first, lo, tz), _at(first, hi, tz)
    if spec is not None and spec.days:
        last = _day(ctx, spec, len(spec.days) - 1)
        return _at(first, 0, tz), _at(last, 24, tz)
    end = datetime.combine(ctx.report_date, ctx.period_end, tz)
    return end - timedelta(days=1), end


def _position(fields: dict[str, Any], gazetteer: Gazetteer) -> dict[str, Any]:
    place = gazetteer.resolve(fields["place"])
    lon, lat = place.lon, place.lat
    offset = fields.get("offset")
    if offset:
        azimuth = Compass16(offset["bearing"]).degrees
        lon, lat, _ = _GEOD.fwd(lon, lat, azimuth, float(offset["km"]) * 1000.0)
    return {"lon": round(lon, 6), "lat": round(lat, 6), "place": fields["place"]}


def record(
    obs: ParsedObservation, n: int, ctx: ReportContext, gazetteer: Gazetteer
) -> dict[str, Any]:
    """The wire record of one parsed observation (validated later, like any other record)."""
    f: dict[str, Any] = dict(obs.fields)
    start, end = time_window(obs.time, ctx)
    sentence_start = obs.span[0]
    key = f"{ctx.source_id}|{ctx.report_date.isoformat()}|{obs.sentence}|{n}"
    out: dict[str, Any] = {
        "id": str(uuid.uuid5(_NAMESPACE, key)),
        "source": {"type": f["source_type"] or "patrol", "id": ctx.source_id},
        "observed": {"start": start.isoformat(), "end": end.isoformat()},
        "position": _position(f, gazetteer),
        "event": {
            "kind": f["kind"],
            "weapons": f["weapons"],
            "count": {"value": f["count"], "qualifier": f["qualifier"]},
        },
        "narrative": {
            "text": obs.sentence,
            "lang": ctx.lang,
            "span": [obs.phrase_span[0] - sentence_start, obs.phrase_span[1] - sentence_start],
        },
    }
    if f["subtype"]:
        out["event"]["subtype"] = f["subtype"]
    direction: dict[str, Any] = {}
    if f["bearings"]:
        direction["bearings"] = f["bearings"]
    if f["flight"]:
        direction["from"], direction["to"] = f["flight"]["from"], f["flight"]["to"]
    if direction:
        out["direction"] = direction
    if f["distance_km"]:
        out["distance_km"] = dict(f["distance_km"])
    return out


def records(
    text: str, result: ParseResult, ctx: ReportContext, gazetteer: Gazetteer
) -> tuple[list[tuple[int, dict[str, Any]]], list[ErrorDetail]]:
    """``(line, record)`` for each parsed observation, and the ones that cannot be located."""
    out: list[tuple[int, dict[str, Any]]] = []
    problems: list[ErrorDetail] = []
    per_sentence: dict[tuple[int, int], int] = {}
    for obs in result.observations:
        n = per_sentence[obs.span] = per_sentence.get(obs.span, -1) + 1
        line = line_of(text, obs.phrase_span[0])
        chars = f"chars {obs.phrase_span[0]}-{obs.phrase_span[1]}"
        if not obs.fields["place"]:
            msg = f"{chars}: no place is stated, so it cannot be located"
            problems.append(ErrorDetail((), msg, line=line))
            continue
        try:
            out.append((line, record(obs, n, ctx, gazetteer)))
        except NotFound as exc:
            problems.append(ErrorDetail(("place",), f"{chars}: {exc.message}", line=line))
    return out, problems
