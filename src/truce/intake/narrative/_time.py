"""Time phrases: dates, parts of day, clock times and durations.

Grammar (README "Time"): "On the evening of 24 September", "On the evening and night of
6-7 September", "During the day on 7 September", "between 08:35 and 10:13", "At 10:10 on
5 September", "during 83 minutes on the night of 21-22 July". A phrase is a run of time
words (prepositions, articles, parts of day, dates, clock times, durations) containing at
least one of the last four.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from truce.intake.narrative._model import Span, TimeSpec
from truce.intake.narrative._numbers import match_number
from truce.intake.narrative._phrases import Compiled
from truce.intake.narrative._tokens import DASH, NUM, Tokens


@dataclass(slots=True)
class TimeDraft:
    """Time facts gathered over one sentence; :meth:`freeze` makes a :class:`TimeSpec`."""

    spans: list[Span] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    days: list[int] = field(default_factory=list)
    month: int | None = None
    year: int | None = None
    parts: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    at: list[str] = field(default_factory=list)
    duration: int | None = None

    def freeze(self) -> TimeSpec | None:
        if not self.spans:
            return None
        return TimeSpec(
            text=" ".join(self.texts),
            spans=tuple(self.spans),
            days=tuple(self.days),
            month=self.month,
            year=self.year,
            parts_of_day=tuple(self.parts),
            start=self.start,
            end=self.end,
            at=tuple(self.at),
            duration_minutes=self.duration,
        )


def _clock(t: Tokens, i: int, end: int) -> tuple[str, int] | None:
    """``HH:MM`` (also ``H:MM``, optionally followed by "hrs")."""
    if (
        i + 2 < end
        and t.kind[i] == NUM
        and t.low[i + 1] in (":", ".")
        and t.kind[i + 2] == NUM
        and len(t.text[i + 2]) == 2
        and not t.gap[i + 1]
        and not t.gap[i + 2]
        and t.text[i].isdigit()
        and int(t.text[i]) < 25
    ):
        return f"{int(t.text[i]):02d}:{t.text[i + 2]}", i + 3
    if i < end and t.kind[i] == NUM and "." in t.text[i]:
        hh, _, mm = t.text[i].partition(".")
        if len(mm) == 2 and int(hh) < 25 and i + 1 < end and t.low[i + 1] in ("hrs", "h"):
            return f"{int(hh):02d}:{mm}", i + 1
    return None


def _date(c: Compiled, t: Tokens, i: int, end: int, d: TimeDraft) -> int | None:
    """``6-7 September [2017]`` or ``6 and 7 September``; returns the index after it."""
    low = t.low
    if i >= end or t.kind[i] != NUM or not t.text[i].isdigit():
        return None
    days = [int(t.text[i])]
    j = i + 1
    if j + 1 < end and (t.kind[j] == DASH or low[j] in c.lex.range_to) and t.text[j + 1].isdigit():
        days.append(int(t.text[j + 1]))
        j += 2
    if j >= end or low[j] not in c.lex.months or any(x < 1 or x > 31 for x in days):
        return None
    d.days.extend(days)
    d.month = c.lex.months[low[j]]
    j += 1
    if j < end and t.text[j].isdigit() and len(t.text[j]) == 4:
        d.year = int(t.text[j])
        j += 1
    return j


def _duration(c: Compiled, t: Tokens, i: int, end: int, d: TimeDraft) -> int | None:
    """``83 minutes``, ``two hours``, ``a two-hour period``."""
    num = match_number(c, t, i, end)
    if num is None:
        return None
    value, j = num
    if j < end and t.low[j] in c.lex.duration_units:
        d.duration = int(value * c.lex.duration_units[t.low[j]])
        return j + 2 if j + 1 < end and t.low[j + 1] in c.lex.duration_tails else j + 1
    return None


def _core(c: Compiled, t: Tokens, j: int, end: int, d: TimeDraft) -> int | None:
    """One core time element at ``j`` (part of day, clock range or time, date, duration)."""
    part = c.parts_of_day.match(t.low, j, end) if t.low[j] in c.parts_of_day.first else None
    if part is not None:
        if part[0] not in d.parts:
            d.parts.append(part[0])
        return part[1]
    clock = _clock(t, j, end)
    if clock is not None:
        k = clock[1]
        if k < end and t.low[k] in c.lex.clock_suffixes:
            k += 1
        opened = j > 0 and t.low[j - 1] in c.lex.range_from
        joiner = k < end and (t.kind[k] == DASH or t.low[k] in c.lex.range_to)
        if joiner and (opened or t.low[k] not in c.lex.list_joiners) and k + 1 < end:
            second = _clock(t, k + 1, end)
            if second is not None:
                d.start, d.end = clock[0], second[0]
                k = second[1]
                return k + 1 if k < end and t.low[k] in c.lex.clock_suffixes else k
        d.at.append(clock[0])
        return k
    date = _date(c, t, j, end, d)
    if date is not None:
        return date
    return _duration(c, t, j, end, d)


def _may_start_core(c: Compiled, t: Tokens, j: int, end: int) -> bool:
    """Cheap test: could a part of day, clock time, date or duration start at ``j``?"""
    low = t.low
    w = low[j]
    if w in c.parts_of_day.first:
        return True
    if t.kind[j] != NUM and w not in c.lex.numbers and w not in c.lex.one_words:
        return False
    if j + 1 >= end:
        return False
    nxt = low[j + 1]
    lex = c.lex
    if nxt in (":", ".") or nxt in lex.months or nxt in lex.duration_units:
        return True
    if nxt in lex.clock_suffixes or "." in w:
        return True
    # "6-7 September", "6 and 7 September", "two-hour": a second number, then a month/unit
    return (t.kind[j + 1] == DASH or nxt in lex.range_to) and j + 3 <= end


def match_time(c: Compiled, t: Tokens, i: int, end: int, d: TimeDraft) -> int | None:
    """Match a time phrase at ``i``; record it in ``d``; return the index after it."""
    glue = c.lex.time_glue
    low = t.low
    if low[i] == ",":
        return None
    j = i
    parts = c.parts_of_day.first
    while j < end and low[j] in glue and low[j] not in parts:  # ("early" starts "early hours")
        j += 1
    if j >= end or not _may_start_core(c, t, j, end):
        return None  # most calls: a count or a preposition, not a time (no allocation)
    j = i
    last = -1
    probe = TimeDraft()
    while j < end:
        k = None
        if t.kind[j] == NUM or low[j] in c.parts_of_day.first or low[j] in c.lex.numbers:
            k = _core(c, t, j, end, probe)
        if k is not None:
            j = last = k
            continue
        if low[j] in glue or low[j] == ",":
            if low[j] == "," and last >= 0:
                break
            j += 1
            continue
        break
    if last < 0:
        return None
    _merge(probe, d)
    d.spans.append((t.start[i], t.end[last - 1]))
    d.texts.append(t.source[t.start[i] : t.end[last - 1]])
    return last


def _merge(src: TimeDraft, dst: TimeDraft) -> None:
    dst.days.extend(x for x in src.days if x not in dst.days)
    dst.month = src.month or dst.month
    dst.year = src.year or dst.year
    dst.parts.extend(p for p in src.parts if p not in dst.parts)
    if src.start is not None:
        dst.start, dst.end = src.start, src.end
    dst.at.extend(src.at)
    dst.duration = src.duration if src.duration is not None else dst.duration
