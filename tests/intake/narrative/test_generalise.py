"""Issue 16, third round: constructions that keep the parser from over-producing on text it
was not built on (reported speech, remnants of munitions, marks on what was hit, weapons
carried or named as a site) and count and place constructions of the schema's conventions.

The sentences are written for these tests in the reports' style (report text is quoted only
in the corpus files).
"""

from __future__ import annotations

import pytest

from tests.intake.narrative._helpers import obs
from truce.intake.narrative import parse


@pytest.mark.parametrize(
    "text",
    [
        "Residents of Pisky told the SMM that they had heard explosions during the night.",
        "The SMM was informed by a resident that about 20 explosions had occurred nearby.",
        "According to a local official, three mortar rounds were heard near the school.",
        "The SMM heard about shelling in Avdiivka from local residents.",
        "A woman said that she had seen two tanks near the village.",
    ],
)
def test_what_others_said_they_heard_or_saw_is_no_observation(text: str) -> None:
    assert parse(text).fields() == []


def test_heard_about_a_count_is_a_qualifier_not_hearsay() -> None:
    assert parse("Positioned in Horlivka, the SMM heard about 30 explosions.").fields() == [
        obs("explosion", 30, qualifier="about", place="Horlivka")
    ]


def test_what_someone_said_after_the_events_does_not_give_them_weapons() -> None:
    assert parse(
        "The SMM heard 12 explosions 3km east, which a soldier said were caused by tanks."
    ).fields() == [obs("explosion", 12, km=3, bearings=["E"])]


def test_the_remnant_of_a_munition_is_other_with_its_weapons_not_an_explosion() -> None:
    assert parse("The SMM saw the tail fin of a 120mm mortar round near Shyrokyne.").fields() == [
        obs("other", 1, place="Shyrokyne", weapons=["mortar"])
    ]
    assert parse("The SMM saw about 40 casings of 122mm artillery rounds.").fields() == [
        obs("other", 40, qualifier="about", weapons=["artillery"])
    ]
    assert parse("The SMM saw fragments of rockets in a field.").fields() == [obs("other")]


def test_unexploded_ordnance_keeps_the_munition_it_is_of() -> None:
    assert parse("The SMM saw an unexploded 82mm mortar round near Zolote.").fields() == [
        obs("other", 1, place="Zolote", weapons=["mortar"])
    ]
    assert parse("It saw unexploded ordnance of a mortar round near Popasna.").fields() == [
        obs("other", 1, place="Popasna", weapons=["mortar"])
    ]


def test_marks_on_what_was_hit_are_damage_and_impacts_heard_stay_explosions() -> None:
    assert [f["kind"] for f in parse("The SMM saw shrapnel impacts on a wall.").fields()] == [
        "damage"
    ]
    (f,) = parse("The SMM saw five fresh impacts in a field.").fields()
    assert (f["kind"], f["count"]) == ("damage", 5)
    (g,) = parse("The SMM saw and heard three impacts 2km south.").fields()
    assert (g["kind"], g["subtype"], g["count"]) == ("explosion", "impact", 3)


def test_weapons_carried_by_persons_or_naming_a_site_are_no_sighting() -> None:
    assert parse("The SMM saw two armed men with assault rifles near a checkpoint.").fields() == []
    assert parse("The SMM saw trenches and a mortar position near Zolote.").fields() == []
    assert parse("The SMM saw a mortar near Zolote.").fields() == [
        obs("weapon", 1, place="Zolote", weapons=["mortar"])
    ]


@pytest.mark.parametrize(
    ("phrase", "count", "qualifier"),
    [
        ("between 20 and 30 explosions", 20, "at_least"),
        ("from 10 to 15 explosions", 10, "at_least"),
        ("two or three explosions", 2, "at_least"),
        ("dozens of explosions", None, "unstated"),
        ("an uncountable number of explosions", None, "uncountable"),
    ],
)
def test_count_ranges_and_vague_counts_follow_the_corpus_conventions(
    phrase: str, count: int | None, qualifier: str
) -> None:
    (f,) = parse(f"Between 10:00 and 11:00 the SMM heard {phrase} 3-5km east.").fields()
    assert (f["count"], f["qualifier"], f["distance_km"]) == (
        count,
        qualifier,
        {"min": 3, "max": 5},
    )


def test_a_place_before_comma_where_is_where_the_observer_went() -> None:
    got = parse(
        "Positioned in Shchastia, the SMM heard four explosions 5-7km south-west. The SMM then "
        "went to Stanytsia Luhanska (government-controlled, 16km north-east of Luhansk), where "
        "it heard two explosions 3km north."
    ).fields()
    assert [f["place"] for f in got] == ["Shchastia", "Stanytsia Luhanska"]
