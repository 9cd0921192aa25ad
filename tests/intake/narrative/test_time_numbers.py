"""Time phrases (README "Time") and numbers in words, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from truce.intake.narrative import parse
from truce.intake.narrative._numbers import match_count
from truce.intake.narrative._phrases import compiled
from truce.intake.narrative._tokens import tokenize

TAIL = " the SMM heard an undetermined explosion 2km east."

TIMES: list[tuple[str, dict[str, Any]]] = [
    ("On the evening of 24 September,", {"days": (24,), "month": 9, "parts_of_day": ("evening",)}),
    (
        "On the evening and night of 6-7 September,",
        {"days": (6, 7), "month": 9, "parts_of_day": ("evening", "night")},
    ),
    ("During the day on 7 September,", {"days": (7,), "month": 9, "parts_of_day": ("day",)}),
    ("Between 08:35 and 10:13,", {"start": "08:35", "end": "10:13", "at": ()}),
    ("At 10:10 on 5 September,", {"at": ("10:10",), "days": (5,), "month": 9}),
    (
        "During 83 minutes on the night of 21-22 July,",
        {"duration_minutes": 83, "days": (21, 22), "month": 7, "parts_of_day": ("night",)},
    ),
    ("From 09:05 to 09:48,", {"start": "09:05", "end": "09:48"}),
    ("In the early hours of 5 June 2017,", {"days": (5,), "month": 6, "year": 2017}),
    ("At 11:55 and 12:03,", {"at": ("11:55", "12:03"), "start": None}),
    ("Over a two-hour period,", {"duration_minutes": 120}),
]


@pytest.mark.parametrize(("phrase", "expected"), TIMES, ids=[t[0] for t in TIMES])
def test_time_phrase(phrase: str, expected: dict[str, Any]) -> None:
    (o,) = parse(phrase + TAIL).observations
    assert o.time is not None
    got = o.time.to_dict()
    for key, value in expected.items():
        assert got[key] == value, key
    assert o.time.text == phrase.rstrip(",")


def test_no_time_phrase_gives_none() -> None:
    (o,) = parse("The SMM heard an undetermined explosion 2km east.").observations
    assert o.time is None


COUNTS: list[tuple[str, tuple[int | None, str]]] = [
    ("nine", (9, "exact")),
    ("twenty-five", (25, "exact")),
    ("one hundred and twenty", (120, "exact")),
    ("a hundred", (100, "exact")),
    ("two thousand three hundred", (2300, "exact")),
    ("about 60", (60, "about")),
    ("approximately 40", (40, "about")),
    ("at least 12", (12, "at_least")),
    ("more than 20", (20, "at_least")),
    ("(uncountable)", (None, "uncountable")),
    ("numerous (uncountable)", (None, "uncountable")),
    ("several", (None, "unstated")),
    ("dozens of", (None, "unstated")),
    ("an", (1, "exact")),
    ("1,200", (1200, "exact")),
]


@pytest.mark.parametrize(("words", "expected"), COUNTS, ids=[c[0] for c in COUNTS])
def test_count(words: str, expected: tuple[int | None, str]) -> None:
    t = tokenize(words + " explosions")
    got = match_count(compiled("en"), t, 0, len(t))
    assert got is not None
    assert got[:2] == expected
    assert t.low[got[2]] == "explosions"


@pytest.mark.parametrize("measure", ["3km", "82mm", "10:10", "5 May", "3-5km"])
def test_numbers_that_measure_are_no_count(measure: str) -> None:
    t = tokenize(measure)
    assert match_count(compiled("en"), t, 0, len(t)) is None
