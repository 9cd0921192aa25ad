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


def test_the_observers_position_named_after_its_events_is_no_regional_summary() -> None:
    assert parse(
        "In Luhansk region, the SMM heard 12 undetermined explosions about 10km west of its "
        "position in Kruhlyk."
    ).fields() == [obs("explosion", 12, place="Kruhlyk", km=10, bearings=["W"])]


def test_during_the_reporting_period_is_a_time_not_a_comparison() -> None:
    (f,) = parse(
        "Positioned in Horlivka, during the reporting period, the SMM heard over 35 explosions."
    ).fields()
    assert (f["place"], f["count"], f["qualifier"]) == ("Horlivka", 35, "at_least")
    assert (
        parse("The SMM heard fewer explosions than in the previous reporting period.").fields()
        == []
    )


def test_uncounted_ceasefire_violations_that_list_their_events_are_no_summary() -> None:
    assert parse(
        "Positioned in Avdiivka, the SMM heard a number of ceasefire violations: 14 "
        "undetermined explosions and bursts of small-arms fire, all 3-4km east."
    ).fields() == [
        obs("explosion", 14, place="Avdiivka", km=(3, 4), bearings=["E"]),
        obs("fire", place="Avdiivka", weapons=["small_arms"], km=(3, 4), bearings=["E"]),
    ]
    assert parse(
        "It recorded ceasefire violations, including an explosion assessed as an impact of an "
        "undetermined weapon, near Zolote."
    ).fields() == [obs("explosion", 1, subtype="impact", place="Zolote")]


@pytest.mark.parametrize(
    "text",
    [
        "In Donetsk region, the SMM recorded 90 ceasefire violations, including 40 explosions.",
        "The SMM recorded fewer ceasefire violations, including 40 explosions, than before.",
    ],
)
def test_tallies_and_comparisons_of_ceasefire_violations_stay_summaries(text: str) -> None:
    assert parse(text).fields() == []


def test_sightings_in_an_area_of_a_region_are_observations_with_no_place() -> None:
    assert parse(
        "The SMM saw six towed howitzers in violation of withdrawal lines in a "
        "government-controlled area of Luhansk region."
    ).fields() == [obs("weapon", 6, weapons=["howitzer"])]
    assert parse("In Donetsk region, the SMM saw six howitzers.").fields() == []


def test_losing_control_of_a_uav_is_a_restriction_of_the_uav_at_each_place() -> None:
    assert parse(
        "The Mission lost spatial control of two mini-UAVs near Toretsk and Pivnichne."
    ).fields() == [
        obs("restriction", 1, source_type="uav", place="Toretsk"),
        obs("restriction", 1, source_type="uav", place="Pivnichne"),
    ]


def test_denying_passage_and_fire_aimed_at_a_uav() -> None:
    assert parse(
        "Armed men continued to deny the SMM passage at checkpoints near Olenivka and Horlivka."
    ).fields() == [obs("restriction", place="Olenivka"), obs("restriction", place="Horlivka")]
    assert parse(
        "Small-arms fire was assessed as aimed at an SMM mini-UAV near Raivka."
    ).fields() == [obs("fire", source_type=None, place="Raivka", weapons=["small_arms"])]


def test_a_restriction_told_as_one_more_of_a_list_has_no_count() -> None:
    assert parse("The SMM was also restricted near Hranitne and Novolaspa.").fields() == [
        obs("restriction", place="Hranitne"),
        obs("restriction", place="Novolaspa"),
    ]
    assert parse("The SMM was again denied access to Kominternove.").fields() == [
        obs("restriction", place="Kominternove")
    ]
    assert parse("The SMM was denied passage at a checkpoint near Zolote.").fields() == [
        obs("restriction", 1, place="Zolote")
    ]


def test_a_control_prefix_of_a_later_place_is_not_read_into_an_earlier_one() -> None:
    got = parse(
        "Access remained restricted at a checkpoint near Zaichenko and at a border crossing "
        "point near non-government-controlled Izvaryne."
    ).fields()
    assert [f["place"] for f in got] == ["Zaichenko", "Izvaryne"]


def test_a_district_of_a_city_is_the_city() -> None:
    (f,) = parse(
        "The SMM saw a damaged house in the Kuibyshevskyi district of non-government-"
        "controlled Donetsk city."
    ).fields()
    assert f["place"] == "Donetsk"


def test_a_weapon_seen_firing_is_fire_of_that_weapon() -> None:
    assert parse("The SMM saw an anti-aircraft gun being fired near Zolote.").fields() == [
        obs("fire", place="Zolote", weapons=["anti_aircraft_gun"])
    ]
    assert parse("The SMM saw tank firing positions near Zolote.").fields() == []


def test_an_exchange_of_fire_including_events_is_those_events() -> None:
    assert parse(
        "Positioned in Avdiivka, the SMM heard exchanges of fire including 30 airbursts and "
        "15 bursts of small-arms fire, all 3-7km north."
    ).fields() == [
        obs("explosion", 30, subtype="airburst", place="Avdiivka", km=(3, 7), bearings=["N"]),
        obs("fire", 15, weapons=["small_arms"], place="Avdiivka", km=(3, 7), bearings=["N"]),
    ]


def test_most_and_mainly_before_a_flight_keep_it() -> None:
    (f,) = parse(
        "The SMM camera in Svitlodarsk recorded 54 projectiles (most from east to west)."
    ).fields()
    assert f["flight"] == {"from": "E", "to": "W"}
    (g,) = parse(
        "The SMM camera in Svitlodarsk recorded 20 projectiles mainly from west to east."
    ).fields()
    assert g["flight"] == {"from": "W", "to": "E"}


def test_fire_targeting_the_mission_uavs() -> None:
    assert parse(
        "Small-arms fire was assessed as targeting two SMM mini-UAVs near Hranitne and Dachne."
    ).fields() == [
        obs("fire", source_type=None, place="Hranitne", weapons=["small_arms"]),
        obs("fire", source_type=None, place="Dachne", weapons=["small_arms"]),
    ]


def test_mines_seen_are_other_at_each_place_and_mine_signs_nothing() -> None:
    assert parse("The SMM saw newly laid mines near Krymske and Zholobok.").fields() == [
        obs("other", place="Krymske"),
        obs("other", place="Zholobok"),
    ]
    assert parse("The SMM saw new mine signs near Zolote.").fields() == []
    (f,) = parse("The SMM camera at the Oktiabr mine recorded two explosions.").fields()
    assert (f["source_type"], f["place"], f["count"]) == ("camera", "Oktiabr mine", 2)


def test_the_first_count_of_occasions_is_the_restrictions() -> None:
    (f,) = parse(
        "The SMM was denied access on five occasions and was granted conditional access on "
        "one occasion."
    ).fields()
    assert (f["kind"], f["count"]) == ("restriction", 5)


def test_a_restriction_south_of_a_named_bridge_is_at_that_place() -> None:
    assert parse(
        "Armed men continued to deny the SMM passage at a checkpoint south of the Stanytsia "
        "Luhanska bridge."
    ).fields() == [obs("restriction", place="Stanytsia Luhanska")]


def test_a_total_whose_colon_comes_after_a_time_is_told_by_its_parts() -> None:
    assert parse(
        "Whilst in Avdiivka, the SMM heard 12 explosions in a 15-minute period: eight assessed "
        "as mortar impacts and four as outgoing mortar rounds 2km east."
    ).fields() == [
        obs(
            "explosion",
            8,
            subtype="impact",
            weapons=["mortar"],
            place="Avdiivka",
            km=2,
            bearings=["E"],
        ),
        obs(
            "explosion",
            4,
            subtype="outgoing",
            weapons=["mortar"],
            place="Avdiivka",
            km=2,
            bearings=["E"],
        ),
    ]


def test_a_uav_named_after_the_events_or_as_their_target_is_not_the_observer() -> None:
    (f,) = parse(
        "In Arkhanhelske, the Mission heard small-arms fire assessed as targeting its unmanned "
        "aerial vehicle."
    ).fields()
    assert f["source_type"] == "patrol"
    got = parse(
        "The SMM recorded an explosion near Petrivske, and SMM long-range UAVs observed people "
        "near Zolote."
    ).fields()
    assert [g["source_type"] for g in got] == ["patrol"]
    (h,) = parse("An SMM mini-UAV spotted two tanks near Kodema.").fields()
    assert h["source_type"] == "uav"


def test_while_in_a_place_after_the_events_places_the_observer_for_what_follows() -> None:
    got = parse(
        "On 5 May, the SMM heard 14 explosions 5-7km east while in Popasna. It also heard shots."
    ).fields()
    assert [f["place"] for f in got] == ["Popasna", "Popasna"]


def test_the_observer_moves_to_the_place_it_travelled_to() -> None:
    got = parse(
        "While in Horlivka, the SMM heard an explosion. The SMM then travelled to Yasynuvata. "
        "It heard two explosions 4km north."
    ).fields()
    assert [f["place"] for f in got] == ["Horlivka", "Yasynuvata"]
    assert [
        o.observer_span for o in parse("The SMM went to Zolote. It heard a shot.").observations
    ] == [(0, 23)]


def test_restricting_the_freedom_of_movement_in_any_wording_is_a_restriction() -> None:
    for text in (
        "Armed men restricted the SMM's freedom of movement in Oleksandrivske.",
        "Armed men continued restricting the SMM's freedom of movement in Oleksandrivske.",
        "Armed men impeded the SMM's access to Oleksandrivske.",
    ):
        (f,) = parse(text).fields()
        assert (f["kind"], f["place"]) == ("restriction", "Oleksandrivske"), text


def test_a_restriction_site_located_only_by_its_region_is_a_restriction_with_no_place() -> None:
    assert parse(
        "Armed men restricted the SMM's freedom of movement again at a checkpoint near "
        "Verkhnoshyrokivske in southern Donetsk region and at a border crossing point in a "
        "non-government-controlled area of Luhansk region."
    ).fields() == [
        obs("restriction", place="Verkhnoshyrokivske"),
        obs("restriction"),
    ]


def test_access_restricted_there_and_elsewhere_is_one_restriction_besides_the_places() -> None:
    assert parse(
        "Its access remained restricted there and elsewhere, including in Yasne."
    ).fields() == [obs("restriction"), obs("restriction", place="Yasne")]


def test_places_of_the_clause_before_but_are_not_where_access_was_restricted() -> None:
    assert parse(
        "The Mission monitored the disengagement areas near Zolote and Petrivske, but its "
        "access was still restricted."
    ).fields() == [obs("restriction")]


def test_all_assessed_as_after_the_events_assesses_every_explosion_once() -> None:
    assert parse(
        "The SMM heard five explosions 2km west, all assessed as outgoing mortar rounds."
    ).fields() == [
        obs("explosion", 5, subtype="outgoing", weapons=["mortar"], km=2, bearings=["W"])
    ]
    got = parse(
        "The SMM heard two explosions, then saw smoke, and then heard two additional "
        "explosions, all assessed as outgoing artillery rounds 1-2km south."
    ).fields()
    assert [(f["count"], f["subtype"], f["weapons"]) for f in got] == [
        (2, "outgoing", ["artillery"]),
        (2, "outgoing", ["artillery"]),
    ]


def test_damage_told_in_the_passive_or_by_a_damaged_adjective() -> None:
    assert parse(
        "Damage to houses caused by shelling was observed by the SMM in Krasnohorivka and Pikuzy."
    ).fields() == [obs("damage", place="Krasnohorivka"), obs("damage", place="Pikuzy")]
    assert parse("The SMM saw burnt houses in Zolote.").fields() == [obs("damage", place="Zolote")]


def test_what_hit_a_house_is_a_cause_not_an_explosion_observed() -> None:
    # the house seen is damage (as "houses burned by shelling"); the shell only its cause
    assert parse("The SMM saw a house that had been hit by a shell.").fields() == [obs("damage", 1)]
    (f,) = parse("The SMM heard an explosion caused by a mortar round.").fields()
    assert (f["kind"], f["weapons"]) == ("explosion", ["mortar"])


def test_two_subtypes_of_one_uncounted_head_are_one_explosion_each() -> None:
    assert parse("The SMM heard incoming and outgoing artillery fire 5km north.").fields() == [
        obs("explosion", subtype="impact", weapons=["artillery"], km=5, bearings=["N"]),
        obs("explosion", subtype="outgoing", weapons=["artillery"], km=5, bearings=["N"]),
    ]


def test_salvoes_and_volleys_are_explosions() -> None:
    assert parse(
        "The SMM heard an outgoing salvo of a multiple launch rocket system 10km south."
    ).fields() == [obs("explosion", 1, subtype="outgoing", weapons=["mlrs"], km=10, bearings=["S"])]
    (f,) = parse("The SMM heard three volleys of MLRS fire 8km east.").fields()
    assert (f["kind"], f["count"], f["weapons"]) == ("explosion", 3, ["mlrs"])


def test_a_district_named_without_its_city_keeps_the_word_district() -> None:
    assert parse("In Leninskyi district, the SMM heard two explosions.").fields() == [
        obs("explosion", 2, place="Leninskyi district")
    ]
    assert parse(
        "The SMM heard two explosions in the Leninskyi district of Donetsk city."
    ).fields() == [obs("explosion", 2, place="Donetsk")]


def test_a_named_mine_is_the_place_before_a_preposition_not_before_a_noun() -> None:
    assert parse("The SMM heard one explosion at Butivka mine near Spartak.").fields() == [
        obs("explosion", 1, place="Butivka mine")
    ]


def test_close_to_a_named_site_after_the_verb_places_the_events_there() -> None:
    assert parse(
        "It heard two explosions, close to the Horlivka Pumping Station, during the rotation "
        "of staff between Avdiivka and the station."
    ).fields() == [obs("explosion", 2, place="Horlivka Pumping Station")]
    assert parse("The SMM heard close to 30 explosions near Avdiivka.").fields() == [
        obs("explosion", 30, qualifier="about", place="Avdiivka")
    ]


def test_a_second_count_may_give_its_flight_without_from() -> None:
    assert parse(
        "The camera recorded 30 projectiles in flight from west to east and 12 east to west, "
        "2-4km north of the camera."
    ).fields() == [
        obs("projectile", 30, km=(2, 4), bearings=["N"], flight=("W", "E"), source_type="camera"),
        obs("projectile", 12, km=(2, 4), bearings=["N"], flight=("E", "W"), source_type="camera"),
    ]


def test_an_observer_at_two_places_perceives_the_events_from_each() -> None:
    assert parse(
        "Whilst in Pisky (government-controlled, 10km north-west of Donetsk) and in Opytne, "
        "the SMM heard three explosions."
    ).fields() == [obs("explosion", 3, place="Pisky"), obs("explosion", 3, place="Opytne")]
    for one_site in (
        "From positions in both Pisky and Opytne, the SMM heard three explosions.",
        "At a site between Pisky and Opytne, the SMM heard three explosions.",
    ):
        assert [o["count"] for o in parse(one_site).fields()] == [3]


def test_damage_to_one_object_in_a_and_to_another_in_b_is_two_damages() -> None:
    assert parse(
        "The SMM saw damage to a shop in Pisky and to three houses in Opytne."
    ).fields() == [obs("damage", 1, place="Pisky"), obs("damage", 3, place="Opytne")]
    assert parse("The SMM saw damage to a shop in Pisky and in Opytne.").fields() == [
        obs("damage", 1, place="Pisky"),
        obs("damage", 1, place="Opytne"),
    ]


def test_damage_seen_as_a_clause_after_that() -> None:
    assert parse(
        "In Opytne, the SMM observed that the roof and the porch of a house were damaged."
    ).fields() == [obs("damage", 1, place="Opytne")]
    assert parse("In Opytne, the SMM saw that three houses were burnt.").fields() == [
        obs("damage", 3, place="Opytne")
    ]
    assert parse("The SMM did not observe that the house was damaged.").fields() == []


def test_duels_of_a_weapon_are_explosions_of_it() -> None:
    assert parse("The SMM heard tank duels 5km south of its position.").fields() == [
        obs("explosion", km=5, bearings=["S"], weapons=["tank"])
    ]
