"""Issue 16, fourth round: general constructions of the reports' prose (sectors of
directions, bearings of areas named by a place, assessments of a share of the events, and
places that belong to one verb's clause only).

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
        "The SMM heard 14 explosions 2-4km from north-west to north-east.",
        "The SMM heard 14 explosions 2-4km in a sector from north-west to north-east.",
        "The SMM heard 14 explosions 2-4km in the sector ranging from north-west to north-east.",
    ],
)
def test_a_sector_from_one_direction_to_another_lists_its_two_ends(text: str) -> None:
    assert parse(text).fields() == [obs("explosion", 14, km=(2, 4), bearings=["NW", "NE"])]


def test_a_line_from_one_direction_to_the_opposite_is_no_sector() -> None:
    got = parse("The SMM camera recorded 12 projectiles in flight from west to east.").fields()
    assert got == [obs("projectile", 12, source_type="camera", flight=("W", "E"))]


def test_areas_to_one_side_of_a_place_give_their_bearing() -> None:
    assert parse("The SMM recorded nine explosions in areas north-east of Popasna.").fields() == [
        obs("explosion", 9, bearings=["NE"], place="Popasna")
    ]
    assert parse("The SMM heard two explosions in an area west of Pisky.").fields() == [
        obs("explosion", 2, bearings=["W"], place="Pisky")
    ]


def test_a_site_to_one_side_of_a_place_gives_no_bearing() -> None:
    got = parse("The SMM saw two tanks at the airport south of Luhansk.").fields()
    assert got == [obs("weapon", 2, weapons=["tank"], place="Luhansk")]


@pytest.mark.parametrize(
    "text",
    [
        "The SMM heard 25 explosions, mostly assessed as outgoing mortar rounds, 3-5km west.",
        "The SMM heard 25 explosions 3-5km west, most of which were assessed as outgoing "
        "mortar rounds.",
        "The SMM heard 25 explosions, the majority of which were assessed as outgoing mortar "
        "rounds, 3-5km west.",
    ],
)
def test_a_share_assessed_assesses_the_events_and_adds_none(text: str) -> None:
    assert parse(text).fields() == [
        obs("explosion", 25, subtype="outgoing", weapons=["mortar"], km=(3, 5), bearings=["W"])
    ]


def test_places_after_a_second_verb_do_not_copy_the_events_before_it() -> None:
    got = parse(
        "The SMM heard an explosion near Hnutove, and its UAV saw people near Pavlopil and Vodiane."
    ).fields()
    assert got == [obs("explosion", 1, place="Hnutove")]
    assert parse("The SMM heard explosions in Hnutove, Pavlopil and Vodiane.").fields() == [
        obs("explosion", place=p) for p in ("Hnutove", "Pavlopil", "Vodiane")
    ]


def test_places_monitored_are_not_where_the_observer_stood() -> None:
    got = parse(
        "The Mission continued monitoring the disengagement areas near Petrivske, Zolote and "
        "Stanytsia Luhanska and heard a burst near the Zolote disengagement area. The SMM saw "
        "weapons in violation of withdrawal lines."
    ).fields()
    assert got == [obs("fire", 1, place="Zolote"), obs("weapon")]


def test_while_monitoring_near_a_place_the_observer_stands_there() -> None:
    got = parse("While monitoring the situation near Zolote, the SMM heard a burst.").fields()
    assert got == [obs("fire", 1, place="Zolote")]


def test_the_spg_recoilless_gun_by_its_other_name_is_an_anti_tank_weapon() -> None:
    got = parse("The SMM heard four explosions assessed as outgoing self-propelled grenades.")
    assert got.fields() == [obs("explosion", 4, subtype="outgoing", weapons=["anti_tank_weapon"])]


@pytest.mark.parametrize(
    ("text", "count", "weapons"),
    [
        (
            "The SMM saw two impacts from small-arms fire on the wall of a shed in Pisky.",
            2,
            ["small_arms"],
        ),
        ("The SMM saw bullet marks on the fence of a school in Pisky.", 1, []),
        ("The SMM saw broken windows in three houses in Pisky.", 3, []),
        ("The SMM observed that a gas pipeline had been damaged in Pisky.", 1, []),
    ],
)
def test_marks_and_broken_objects_seen_are_damage(
    text: str, count: int, weapons: list[str]
) -> None:
    got = parse(text).fields()
    assert [(f["kind"], f["count"], f["weapons"], f["place"]) for f in got] == [
        ("damage", count, weapons, "Pisky")
    ]


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("The SMM saw a crater resulting from the explosion of an 82mm mortar round.", ["mortar"]),
        ("The SMM saw a car that had been damaged in an explosion.", []),
        ("The SMM saw a garage hit by an artillery shell.", ["artillery"]),
        ("The SMM saw a shed that had been struck by a shell.", []),
    ],
)
def test_an_explosion_told_as_the_cause_of_damage_is_no_explosion(
    text: str, weapons: list[str]
) -> None:
    assert parse(text).fields() == [obs("damage", 1, weapons=weapons)]


def test_a_munition_that_hit_something_is_no_explosion_observed() -> None:
    assert parse("The SMM saw that a shell had hit a field near Pisky.").fields() == []


def test_what_a_person_said_without_that_is_no_observation() -> None:
    assert parse("A woman said she had heard three explosions at night.").fields() == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The SMM saw damage to a garage and an old shed in Pisky.", 2),
        ("The SMM saw damage to two houses, a shop and a school in Pisky.", 4),
        ("The SMM saw damage to a school and residential buildings in Pisky.", None),
        ("The SMM saw damage from gunfire at a functioning kindergarten in Pisky.", 1),
        ("The SMM saw damage to a grain depot in Pisky.", 1),
    ],
)
def test_the_objects_damaged_give_the_count(text: str, count: int | None) -> None:
    assert parse(text).fields() == [obs("damage", count, place="Pisky")]


def test_the_blast_of_one_munition_is_one_explosion() -> None:
    assert parse("The SMM heard the explosion of a mortar round 2km east.").fields() == [
        obs("explosion", 1, weapons=["mortar"], km=2, bearings=["E"])
    ]


def test_sightings_told_per_region_are_one_observation_per_region() -> None:
    got = parse(
        "The SMM saw weapons in violation of withdrawal lines in a government-controlled area "
        "of Donetsk region and in a non-government-controlled area of Luhansk region."
    ).fields()
    assert got == [obs("weapon"), obs("weapon")]
    got = parse(
        "The SMM saw three tanks in non-government-controlled areas of Donetsk and Luhansk regions."
    ).fields()
    assert got == [obs("weapon", 3, weapons=["tank"])]


@pytest.mark.parametrize(
    "text",
    [
        "The SMM heard six explosions while in Marinka, 20km west of Donetsk.",
        "The SMM heard six explosions south of its position at Marinka railway station, 20km west "
        "of Donetsk.",
    ],
)
def test_where_the_observers_place_lies_is_no_distance_of_the_events(text: str) -> None:
    (got,) = parse(text).fields()
    assert (got["place"], got["distance_km"], got["count"]) == ("Marinka", None, 6)


def test_a_uav_as_the_subject_of_a_later_clause_is_the_source_of_its_events() -> None:
    got = parse(
        "The SMM saw two tanks near Zolote, and an SMM mini-UAV spotted four howitzers near "
        "Popasna."
    ).fields()
    assert got == [
        obs("weapon", 2, weapons=["tank"], place="Zolote"),
        obs("weapon", 4, weapons=["howitzer"], place="Popasna", source_type="uav"),
    ]
    got = parse("The SMM heard shots targeting its mini-UAV near Zolote.").fields()
    assert [f["source_type"] for f in got] == ["patrol"]


def test_a_weapon_seen_firing_takes_the_rounds_it_fired_as_its_count() -> None:
    assert parse("The SMM saw a tank firing two rounds near Pisky.").fields() == [
        obs("explosion", 2, weapons=["tank"], place="Pisky")
    ]


def test_weapons_that_persons_were_seen_firing_are_their_fire() -> None:
    assert parse("The SMM saw soldiers firing mortars near Pisky.").fields() == [
        obs("explosion", weapons=["mortar"], place="Pisky")
    ]
    assert parse("The SMM saw a soldier firing a sniper rifle near Pisky.").fields() == [
        obs("fire", weapons=["small_arms"], place="Pisky")
    ]


def test_a_regional_summary_keeps_events_a_later_verb_places_at_a_settlement() -> None:
    got = parse(
        "In Luhansk region, the SMM recorded more ceasefire violations than the day before, "
        "although it recorded only 12 explosions near Popasna."
    ).fields()
    assert got == [obs("explosion", 12, place="Popasna")]
    assert (
        parse("In Luhansk region, the SMM recorded 25 explosions, mostly near Popasna.").fields()
        == []
    )


def test_mines_listed_after_a_munition_are_an_item_of_their_own() -> None:
    assert parse(
        "The SMM saw an unexploded rocket-propelled grenade and anti-tank mines near Pisky."
    ).fields() == [
        obs("other", 1, weapons=["grenade_launcher"], place="Pisky"),
        obs("other", place="Pisky"),
    ]


def test_impacts_of_what_the_mission_assessed_as_a_weapon_take_its_weapon() -> None:
    assert parse("The SMM heard two impacts of what it assessed as 82mm mortars.").fields() == [
        obs("explosion", 2, subtype="impact", weapons=["mortar"])
    ]
    assert parse("The SMM heard six explosions of what appeared to be tank rounds.").fields() == [
        obs("explosion", 6, weapons=["tank"])
    ]


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("The SMM heard 14 incoming and outgoing rounds 3km south.", []),
        ("The SMM heard 14 impacts and outgoing artillery rounds 3km south.", ["artillery"]),
    ],
)
def test_one_count_of_two_subtypes_is_one_explosion_of_no_one_subtype(
    text: str, weapons: list[str]
) -> None:
    assert parse(text).fields() == [obs("explosion", 14, weapons=weapons, km=3, bearings=["S"])]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The SMM saw two sheds with shattered windows in Pisky.", 2),
        ("The SMM saw three houses with partially collapsed roofs in Pisky.", 3),
        ("The SMM saw a school with a hole in its wall in Pisky.", 1),
    ],
)
def test_objects_with_damage_are_damage_counted_by_the_objects(text: str, count: int) -> None:
    assert parse(text).fields() == [obs("damage", count, place="Pisky")]


def test_fire_told_as_what_destroyed_something_is_no_fire_observed() -> None:
    assert parse("The SMM saw that a barn had been destroyed by fire.").fields() == [
        obs("damage", 1)
    ]


def test_shooting_heard_is_fire_and_shooting_as_a_cause_is_none() -> None:
    assert parse("The SMM heard shooting from small arms 2km east.").fields() == [
        obs("fire", weapons=["small_arms"], km=2, bearings=["E"])
    ]
    assert parse("The SMM saw damage from shelling and shooting in Pisky.").fields() == [
        obs("damage", place="Pisky")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The SMM heard two loud bangs 300m north.",
        "The SMM heard two grenade explosions 300m north.",
    ],
)
def test_bangs_and_explosions_named_by_their_munition_are_counted(text: str) -> None:
    assert parse(text).fields() == [obs("explosion", 2, km=0.3, bearings=["N"])]


@pytest.mark.parametrize(
    "text",
    [
        "The SMM saw three parked tanks near Pisky.",
        'The SMM saw three "DPR" tanks near Pisky.',
        "The SMM saw three Ukrainian Armed Forces tanks near Pisky.",
    ],
)
def test_an_adjective_or_an_owner_before_a_weapon_keeps_its_count(text: str) -> None:
    assert parse(text).fields() == [obs("weapon", 3, weapons=["tank"], place="Pisky")]


def test_persons_harmed_in_a_list_of_places_are_a_casualty_at_each() -> None:
    got = parse("The SMM followed up on reports of civilians injured in Pisky and Opytne.")
    assert [(f["kind"], f["place"]) for f in got.fields()] == [
        ("casualty", "Pisky"),
        ("casualty", "Opytne"),
    ]


def test_subtype_parts_after_a_total_split_it() -> None:
    want = [
        obs("explosion", 8, subtype="outgoing", weapons=["mortar"], km=4, bearings=["N"]),
        obs("explosion", 4, subtype="impact", weapons=["mortar"], km=4, bearings=["N"]),
    ]
    assert (
        parse(
            "The SMM heard 12 mortar rounds: eight outgoing and four incoming, 4km north."
        ).fields()
        == want
    )
    assert (
        parse(
            "The SMM heard 12 mortar rounds, eight outgoing and four incoming, 4km north."
        ).fields()
        == want
    )


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("The SMM heard 12 explosions of outgoing fire 4km north.", "outgoing"),
        ("The SMM heard 12 explosions of outgoing and incoming fire 4km north.", "undetermined"),
    ],
)
def test_explosions_of_fire_told_by_subtype(text: str, subtype: str) -> None:
    assert parse(text).fields() == [obs("explosion", 12, subtype=subtype, km=4, bearings=["N"])]


@pytest.mark.parametrize(
    "text",
    [
        "Armed men at a checkpoint near Olenivka did not allow the SMM to pass.",
        "The SMM could not proceed to Olenivka because of a blocked road.",
        "Armed men prevented the SMM from entering Olenivka.",
        "The SMM was delayed for an hour at a checkpoint near Olenivka.",
    ],
)
def test_more_wordings_of_a_restriction_and_its_place(text: str) -> None:
    assert parse(text).fields() == [obs("restriction", 1, place="Olenivka")]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The SMM saw the tail of a 122mm rocket near Pisky.", 1),
        ("The SMM saw the remains of rockets near Pisky.", None),
        ("The SMM saw a UXO near Pisky.", 1),
        ("The SMM saw two improvised explosive devices near Pisky.", 2),
    ],
)
def test_remains_of_munitions_and_explosive_devices_are_other(text: str, count: int | None) -> None:
    assert parse(text).fields() == [obs("other", count, place="Pisky")]


def test_parts_of_an_assessed_total_keep_its_subtype() -> None:
    got = parse(
        "The SMM heard five explosions assessed as outgoing rounds (two as 122mm artillery and "
        "three as 82mm mortar rounds) 4km south."
    ).fields()
    assert got == [
        obs("explosion", 2, subtype="outgoing", weapons=["artillery"], km=4, bearings=["S"]),
        obs("explosion", 3, subtype="outgoing", weapons=["mortar"], km=4, bearings=["S"]),
    ]


def test_a_sentence_opening_with_from_a_place_places_the_observer() -> None:
    assert parse("From the railway station in Avdiivka, the SMM heard a burst.").fields() == [
        obs("fire", 1, place="Avdiivka")
    ]
    got = parse("While travelling from Pisky to Kurakhove, the SMM heard a burst.").fields()
    assert [f["place"] for f in got] == [None]


def test_a_city_railway_station_in_capitals_is_the_city() -> None:
    got = parse("While at the Donetsk Central Railway Station, the SMM heard a burst.").fields()
    assert got == [obs("fire", 1, place="Donetsk")]


def test_consistent_with_assesses_the_events() -> None:
    got = parse(
        "The SMM heard 30 explosions consistent with incoming and outgoing mortar fire 2km west."
    ).fields()
    assert got == [obs("explosion", 30, weapons=["mortar"], km=2, bearings=["W"])]
    got = parse("The SMM heard explosions consistent with both outgoing mortar and artillery.")
    assert got.fields() == [obs("explosion", subtype="outgoing", weapons=["mortar", "artillery"])]


@pytest.mark.parametrize(
    "text",
    [
        "Its monitoring was restricted by the parties and by security considerations.",
        "The SMM was restricted in its freedom of movement in all three areas.",
    ],
)
def test_a_restriction_told_as_a_state_has_no_count(text: str) -> None:
    assert parse(text).fields() == [obs("restriction")]


def test_events_on_both_sides_of_the_contact_line_have_no_place() -> None:
    got = parse(
        "The SMM followed up on reports of civilian casualties in Pisky and saw damage on both "
        "sides of the contact line."
    ).fields()
    assert [(f["kind"], f["place"]) for f in got] == [("damage", None), ("casualty", "Pisky")]
    got = parse(
        "The SMM saw weapons on both sides of the contact line, including in Pisky."
    ).fields()
    assert got == [obs("weapon", place="Pisky")]


def test_persons_harmed_told_by_an_adjective_are_casualties() -> None:
    got = parse("The SMM followed up on reports of two wounded soldiers in Pisky.").fields()
    assert [(f["kind"], f["count"], f["place"]) for f in got] == [("casualty", 2, "Pisky")]


def test_shelling_impacts_seen_are_damage_and_a_part_of_a_town_is_the_town() -> None:
    assert parse("The SMM saw shelling impacts in eastern Pisky.").fields() == [
        obs("damage", place="Pisky")
    ]
    assert parse("The SMM heard shelling impacts 3km east.").fields() == [
        obs("explosion", subtype="impact", km=3, bearings=["E"])
    ]


def test_flights_listed_after_a_colon_split_the_projectiles() -> None:
    got = parse(
        "The SMM camera recorded 12 projectiles, in sequence: eight fired from west to east "
        "and four fired from east to west, all 2-3km north."
    ).fields()
    assert got == [
        obs("projectile", 8, source_type="camera", km=(2, 3), bearings=["N"], flight=("W", "E")),
        obs("projectile", 4, source_type="camera", km=(2, 3), bearings=["N"], flight=("E", "W")),
    ]


def test_projectiles_fired_from_one_side_to_the_other_have_that_flight() -> None:
    got = parse("The SMM camera recorded two projectiles fired from west to east, 3km north.")
    assert got.fields() == [
        obs("projectile", 2, source_type="camera", km=3, bearings=["N"], flight=("W", "E"))
    ]


def test_a_confirmation_is_a_follow_up_and_its_places_are_no_observers() -> None:
    got = parse(
        "The SMM confirmed civilian casualties in Pisky and observed damage in Opytne."
    ).fields()
    assert [(f["kind"], f["place"]) for f in got] == [
        ("damage", "Opytne"),
        ("casualty", "Pisky"),
    ]


def test_the_filtration_station_by_its_acronym() -> None:
    assert parse("While at the DFS, the SMM heard a burst.").fields() == [
        obs("fire", 1, place="Donetsk Filtration Station")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Its access remained restricted there and elsewhere, including Nova Marivka.",
        "Its access remained restricted there and elsewhere, including to Nova Marivka.",
    ],
)
def test_a_place_a_restriction_lists_after_including_is_restricted(text: str) -> None:
    assert [f["place"] for f in parse(text).fields()] == [None, "Nova Marivka"]


def test_casualties_told_as_a_noun_in_an_area_of_a_place() -> None:
    got = parse("The SMM followed up on a civilian casualty in a residential area of Pisky.")
    assert [(f["kind"], f["count"], f["place"]) for f in got.fields()] == [("casualty", 1, "Pisky")]
    got = parse("The SMM followed up on reports of two non-civilian casualties in Pisky.")
    assert [(f["kind"], f["count"], f["place"]) for f in got.fields()] == [("casualty", 2, "Pisky")]


def test_a_closing_sentence_on_all_events_describes_the_whole_paragraph() -> None:
    got = parse(
        "The SMM camera in Pisky recorded an explosion. Later, the camera recorded two bursts. "
        "All ceasefire violations were recorded 2-3km east."
    ).fields()
    assert [(f["kind"], f["distance_km"], f["bearings"]) for f in got] == [
        ("explosion", {"min": 2, "max": 3}, ["E"]),
        ("fire", {"min": 2, "max": 3}, ["E"]),
    ]
