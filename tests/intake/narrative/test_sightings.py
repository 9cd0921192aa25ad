"""Issue 16, sixth round: weapon sightings as the withdrawal sections tell them (abbreviations
and model designators, weapons on vehicles, weapons told as missing beside those present, a
stretch "between" two places) and the observer moved by "visited"/"entered"/"reached".

The sentences are written for these tests in the reports' style (report text is quoted only
in the corpus files).
"""

from __future__ import annotations

from tests.intake.narrative._helpers import obs
from truce.intake.narrative import parse


def test_main_battle_tanks_abbreviated_and_models_named_alone() -> None:
    assert parse("Near Orikhove, the SMM saw two MBTs (T-64) moving north.").fields() == [
        obs("weapon", 2, place="Orikhove", weapons=["tank"])
    ]
    assert parse(
        "The SMM saw an anti-aircraft gun (ZSU-23-4 Shilka) and a mortar (2S9 Nona) in Hirske."
    ).fields() == [
        obs("weapon", 1, place="Hirske", weapons=["anti_aircraft_gun"]),
        obs("weapon", 1, place="Hirske", weapons=["mortar"]),
    ]


def test_a_weapon_on_a_vehicle_is_seen_not_carried() -> None:
    assert parse(
        "The SMM saw a military-type truck with a mounted anti-aircraft gun (ZU-23) in Lutuhyne."
    ).fields() == [obs("weapon", 1, place="Lutuhyne", weapons=["anti_aircraft_gun"])]
    assert parse("The SMM saw armed men with assault rifles in Lutuhyne.").fields() == []


def test_weapons_told_missing_are_left_out_but_those_present_stay() -> None:
    assert parse(
        "At a holding area, the SMM observed seven towed howitzers (2A65) and noted that "
        "three towed howitzers were again missing."
    ).fields() == [obs("weapon", 7, weapons=["howitzer"])]
    assert parse("The SMM noted that 14 mortars (2B11) continued to be absent.").fields() == []


def test_between_two_places_before_the_verb_is_the_first() -> None:
    assert parse(
        "Between government-controlled Orikhove (20km north of Kalynove) and Hirske, the SMM "
        "saw three tanks (T-72)."
    ).fields() == [obs("weapon", 3, place="Orikhove", weapons=["tank"])]
    # after the verb a stretch of road is no one place
    assert parse(
        "The SMM saw 20 anti-tank mines on a road between Orikhove and Hirske."
    ).fields() == [obs("other", 20)]


def test_visited_or_entered_place_is_where_the_observer_stands_next() -> None:
    assert parse(
        "An SMM patrol entered government-controlled Orikhove (20km north of Kalynove). It "
        "heard two explosions 3km south."
    ).fields() == [obs("explosion", 2, place="Orikhove", km=3, bearings=["S"])]
    assert parse("The SMM visited a hospital in Hirske. The SMM saw a crater.").fields() == [
        obs("damage", 1, place="Hirske")
    ]
    assert parse("The SMM visited three storage sites. It saw 3 tanks.").fields() == [
        obs("weapon", 3, weapons=["tank"])
    ]


def test_totals_placed_by_areas_or_compared_are_summaries() -> None:
    assert parse("More than 200 explosions were recorded in areas south of Hirske.").fields() == []
    assert (
        parse(
            "The SMM recorded a particularly high number of explosions in the greater Hirske area."
        ).fields()
        == []
    )
    # a passive report of events at one place is still an observation
    assert parse("Four explosions were recorded near Hirske.").fields() == [
        obs("explosion", 4, place="Hirske", source_type=None)
    ]


def test_a_share_of_projectiles_assessed_as_a_weapon_splits_them() -> None:
    assert parse(
        "The SMM camera in Hirske recorded 40 projectiles in flight, five of which were "
        "assessed as rocket-propelled grenades (RPG), and two bursts."
    ).fields() == [
        obs("projectile", 5, source_type="camera", place="Hirske", weapons=["grenade_launcher"]),
        obs("projectile", 35, source_type="camera", place="Hirske"),
        obs("fire", 2, source_type="camera", place="Hirske"),
    ]


def test_explosions_assessed_as_muzzle_flashes_are_muzzle_flashes() -> None:
    assert parse(
        "The SMM camera in Hirske recorded three outgoing explosions assessed as muzzle "
        "flashes south of its position."
    ).fields() == [obs("muzzle_flash", 3, source_type="camera", place="Hirske", bearings=["S"])]


def test_a_landmark_in_a_list_of_places_is_at_its_place() -> None:
    assert parse(
        "The SMM observed damage to civilian property in Hirske, Stanytsia Luhanska bridge "
        "and Orikhove."
    ).fields() == [
        obs("damage", place="Hirske"),
        obs("damage", place="Stanytsia Luhanska"),
        obs("damage", place="Orikhove"),
    ]


def test_heard_subtypes_of_an_explosive_weapon_with_no_head_are_explosions() -> None:
    assert parse("The SMM heard incoming and outgoing artillery near Hirske.").fields() == [
        obs("explosion", subtype="impact", place="Hirske", weapons=["artillery"]),
        obs("explosion", subtype="outgoing", place="Hirske", weapons=["artillery"]),
    ]
    assert parse("The SMM heard outgoing 82mm mortar 3km south.").fields() == [
        obs("explosion", subtype="outgoing", weapons=["mortar"], km=3, bearings=["S"])
    ]


def test_a_numbered_footnote_before_a_capital_ends_a_sentence_that_lost_its_stop() -> None:
    text = (
        "Positioned in Hirske, the SMM heard eight explosions, which, according to soldiers, "
        "came from a training area[1] At the outskirts of Orikhove, the SMM heard small-arms "
        "fire east of its position."
    )
    assert parse(text).fields() == [
        obs("explosion", 8, place="Hirske"),
        obs("fire", place="Orikhove", weapons=["small_arms"], bearings=["E"]),
    ]


def test_a_total_told_in_parts_by_the_following_sentences() -> None:
    text = (
        "Whilst in Hirske, the SMM heard over 200 explosions. Approximately 80 were assessed "
        "as impacts of 82 and 120mm mortar rounds, and two assessed as impacts of tank "
        "rounds. Another 90 explosions were assessed as outgoing 152mm artillery rounds 5km "
        "north-west of the SMM's position. The SMM assessed a further 30 explosions as tank "
        "rounds 6-7km north-west of its position."
    )
    assert parse(text).fields() == [
        obs(
            "explosion", 80, qualifier="about", subtype="impact", place="Hirske", weapons=["mortar"]
        ),
        obs("explosion", 2, subtype="impact", place="Hirske", weapons=["tank"]),
        obs(
            "explosion",
            90,
            subtype="outgoing",
            place="Hirske",
            weapons=["artillery"],
            km=5,
            bearings=["NW"],
        ),
        obs("explosion", 30, place="Hirske", weapons=["tank"], km=(6, 7), bearings=["NW"]),
    ]


def test_a_share_of_the_explosions_before_leaves_the_rest_undetermined() -> None:
    assert parse(
        "Positioned in Hirske, the SMM heard 20 explosions. Ten were assessed as outgoing "
        "mortar rounds."
    ).fields() == [
        obs("explosion", 10, subtype="outgoing", place="Hirske", weapons=["mortar"]),
        obs("explosion", 10, place="Hirske"),
    ]
    # a share larger than the total tells nothing of it
    assert parse(
        "Positioned in Hirske, the SMM heard 5 explosions. Ten were assessed as outgoing "
        "mortar rounds."
    ).fields() == [obs("explosion", 5, place="Hirske")]


def test_a_convoy_is_told_by_what_it_consists_of() -> None:
    assert parse(
        "Near Orikhove, the SMM met a convoy consisting of three tracked howitzers, one jeep "
        "and one support truck (Ural)."
    ).fields() == [obs("weapon", 3, place="Orikhove", weapons=["howitzer"])]
    assert parse(
        "The SMM monitored two convoys. The second meeting spot was in Hirske (12km east of "
        "Kalynove); this convoy consisted of four Grad MLRS and one military-style truck."
    ).fields() == [obs("weapon", 4, place="Hirske", weapons=["mlrs"])]
    # a patrol consisting of members is no sighting
    assert parse(
        "An SMM patrol consisting of six members and two armoured vehicles was positioned "
        "near Hirske. It heard an explosion."
    ).fields() == [obs("explosion", 1, place="Hirske")]


def test_weapons_in_violation_and_missing_from_storage_are_one_sighting() -> None:
    assert parse(
        "The Mission observed weapons in violation of withdrawal lines and missing from "
        "storage sites."
    ).fields() == [obs("weapon")]
    assert parse(
        "The SMM noted howitzers and tanks in violation of withdrawal lines and weapons "
        "missing from storage sites."
    ).fields() == [obs("weapon", weapons=["howitzer"]), obs("weapon", weapons=["tank"])]
    # weapons listed after "were missing:" are not there
    assert (
        parse(
            "The SMM noted that the following weapons were missing: two mortars (2B9, 82mm) "
            "and 15 tanks (T-64)."
        ).fields()
        == []
    )


def test_the_agreement_documents_are_no_places() -> None:
    assert parse(
        "In relation to the Addendum, the SMM saw two tanks (T-72) in a field."
    ).fields() == [obs("weapon", 2, weapons=["tank"])]


def test_a_decimal_comma_before_a_unit_or_range() -> None:
    assert parse("The SMM heard 12 explosions 2,5-10km west.").fields() == [
        obs("explosion", 12, km=(2.5, 10), bearings=["W"])
    ]
    assert parse("The SMM heard 2,300 explosions.").fields() == [obs("explosion", 2300)]


def test_small_arms_and_light_weapons_and_shots_told_with_a_subtype() -> None:
    assert parse(
        "The SMM heard bursts of outgoing small-arms and light-weapons (SALW) fire."
    ).fields() == [obs("fire", weapons=["small_arms"])]
    # light weapons explode nothing: the explosions they are said to cause keep the mortars
    assert parse(
        "Positioned in Hirske, the SMM heard 15 explosions. The SMM assessed that the "
        "explosions were caused by mortar and light weapons."
    ).fields() == [obs("explosion", 15, place="Hirske", weapons=["mortar"])]


def test_a_clause_with_its_own_subject_after_a_place_is_heard_from_there() -> None:
    assert parse(
        "Near Hirske, the SMM heard bursts of small-arms fire, and in the government-"
        "controlled side of Orikhove (49km north of Kalynove) it heard two explosions."
    ).fields() == [
        obs("fire", place="Hirske", weapons=["small_arms"]),
        obs("explosion", 2, place="Orikhove"),
    ]


def test_weapons_of_several_kinds_uncounted_are_one_sighting_each() -> None:
    assert parse(
        "The SMM noted the presence of armoured combat vehicles and anti-aircraft weapons "
        "near Hirske."
    ).fields() == [
        obs("weapon", place="Hirske", weapons=["apc"]),
        obs("weapon", place="Hirske", weapons=["anti_aircraft_gun"]),
    ]


def test_how_far_weapons_moved_is_not_where_they_were() -> None:
    assert parse(
        "Near Hirske, the SMM observed four BMP-1 infantry fighting vehicles drive east "
        "approximately 4.3km and park in a forest."
    ).fields() == [obs("weapon", 4, place="Hirske", weapons=["ifv_cannon"])]


def test_weapons_observed_in_violation_in_the_passive() -> None:
    for text in (
        "It continued to monitor the withdrawal of weapons; some weapons were observed in "
        "violation of the withdrawal lines.",
        "It continued to monitor the withdrawal of weapons; some of them were observed in "
        "violation of the withdrawal lines.",
    ):
        assert parse(text).fields() == [obs("weapon")]


def test_counted_rounds_of_both_subtypes_are_not_told_apart() -> None:
    assert parse("While in Hirske, the SMM heard 16 incoming and outgoing mortars.").fields() == [
        obs("explosion", 16, place="Hirske", weapons=["mortar"])
    ]


def test_bursts_and_shots_of_one_weapon_are_one_fire() -> None:
    assert parse(
        "The SMM heard 94 bursts of small-arms fire and 34 single small-arms shots 2-4km "
        "south-west."
    ).fields() == [obs("fire", 128, weapons=["small_arms"], km=(2, 4), bearings=["SW"])]
    # each with its own distance: two
    assert (
        len(
            parse(
                "The SMM heard 20 bursts of small-arms fire 2km south and 10 bursts of small-arms "
                "fire 5km north."
            ).fields()
        )
        == 2
    )


def test_flights_told_by_adjectives_and_points_written_as_one_word() -> None:
    assert parse(
        "The SMM camera in Hirske recorded 25 projectiles in flight from westerly to easterly "
        "direction and 14 from easterly to westerly directions, all 2-10km north-east."
    ).fields() == [
        obs(
            "projectile",
            25,
            source_type="camera",
            place="Hirske",
            flight=("W", "E"),
            km=(2, 10),
            bearings=["NE"],
        ),
        obs(
            "projectile",
            14,
            source_type="camera",
            place="Hirske",
            flight=("E", "W"),
            km=(2, 10),
            bearings=["NE"],
        ),
    ]
    assert parse("The SMM heard nine explosions north and south-southwest.").fields() == [
        obs("explosion", 9, bearings=["N", "SSW"])
    ]


def test_uncounted_fire_reported_in_the_passive() -> None:
    assert parse(
        "Positioned in Hirske, the SMM heard nine explosions. Sporadic exchanges of "
        "small-arms and heavy-machine-gun fire were also heard."
    ).fields() == [
        obs("explosion", 9, place="Hirske"),
        obs("fire", place="Hirske", weapons=["small_arms", "heavy_machine_gun"]),
    ]
    assert parse(
        "Positioned in Hirske, the SMM heard 40 mortar impacts. An exchange of fire "
        "continued to be heard until 02:30, 10-13km north-east of the SMM's position."
    ).fields() == [
        obs("explosion", 40, subtype="impact", place="Hirske", weapons=["mortar"]),
        obs("fire", place="Hirske", km=(10, 13), bearings=["NE"]),
    ]


def test_a_weapons_site_is_no_sighting() -> None:
    assert parse(
        "The SMM observed that 12 multiple launch rocket systems (BM-21 Grad, 122mm) were "
        "present at a heavy weapons holding area. The SMM revisited a weapons storage site."
    ).fields() == [obs("weapon", 12, weapons=["mlrs"])]


def test_a_weapon_with_two_parentheses_before_its_fire() -> None:
    assert parse(
        "The SMM heard four shots of infantry fighting vehicle (BMP-2) cannon (30mm) fire and "
        "20 bursts of heavy-machine-gun fire 1-2km south-west."
    ).fields() == [
        obs("fire", 4, weapons=["ifv_cannon"], km=(1, 2), bearings=["SW"]),
        obs("fire", 20, weapons=["heavy_machine_gun"], km=(1, 2), bearings=["SW"]),
    ]


def test_damage_counted_with_at_least_and_burned_down() -> None:
    assert parse(
        "An SMM long-range unmanned aerial vehicle spotted at least five burned down houses "
        "in Orikhove."
    ).fields() == [obs("damage", 5, qualifier="at_least", source_type="uav", place="Orikhove")]


def test_injuries_followed_up_and_roads_not_blocked() -> None:
    assert parse(
        "The Mission followed up on reports of injuries caused by an explosion in Hirske."
    ).fields() == [obs("casualty", place="Hirske")]
    assert (
        parse("The SMM observed that roads in Hirske and Orikhove were not blocked.").fields() == []
    )


def test_shares_of_totals_are_summaries_and_that_it_assessed_refines() -> None:
    assert (
        parse(
            "More than 160 explosions were recorded around the Hirske area, with exchanges of "
            "fire also recorded around Orikhove."
        ).fields()
        == []
    )
    assert (
        parse(
            "About 35 per cent of the ceasefire violations recorded, including about 20 "
            "explosions, were recorded after midnight."
        ).fields()
        == []
    )
    assert parse("The SMM heard 26 explosions that it assessed as tank rounds.").fields() == [
        obs("explosion", 26, weapons=["tank"])
    ]


def test_half_of_a_total_assessed_splits_it() -> None:
    assert parse(
        "In Hirske, the SMM registered 18 explosions, half of which it assessed as caused by "
        "mortar, 10-12km west of its position."
    ).fields() == [
        obs("explosion", 9, place="Hirske", weapons=["mortar"], km=(10, 12), bearings=["W"]),
        obs("explosion", 9, place="Hirske", km=(10, 12), bearings=["W"]),
    ]


def test_damage_to_the_uav_impacts_seen_on_the_road_and_sizes() -> None:
    assert parse(
        "An SMM mini-unmanned aerial vehicle was damaged by small-arms fire near Hirske."
    ).fields() == [obs("damage", 1, source_type=None, place="Hirske", weapons=["small_arms"])]
    assert parse("Near Hirske, the SMM spotted ten impacts on the road.").fields() == [
        obs("damage", 10, place="Hirske")
    ]
    # a camera's impacts in a field are explosions it recorded
    assert parse("The SMM camera recorded two impacts in a field 3km south.").fields() == [
        obs("explosion", 2, subtype="impact", source_type="camera", km=3, bearings=["S"])
    ]
    assert parse("The SMM saw a crater of 12m diameter and 4m deep near Hirske.").fields() == [
        obs("damage", 1, place="Hirske")
    ]


def test_damage_from_one_cause_in_a_and_from_another_in_b() -> None:
    assert parse(
        "The SMM saw fresh damage from small-arms fire to a house in Hirske and from shelling "
        "to a house in Orikhove."
    ).fields() == [
        obs("damage", 1, place="Hirske", weapons=["small_arms"]),
        obs("damage", 1, place="Orikhove"),
    ]


def test_a_sentence_placing_the_explosions_describes_them_only() -> None:
    assert parse(
        "The SMM heard 120 explosions and bursts of small-arms fire. The SMM assessed that the "
        "explosions occurred at locations to the north and west at distances between 3 and "
        "8km from its position."
    ).fields() == [
        obs("explosion", 120, km=(3, 8), bearings=["N", "W"]),
        obs("fire", weapons=["small_arms"]),
    ]


def test_where_the_events_were_told_before_the_verb() -> None:
    assert parse(
        "Around 3-5km north-east of its position at the railway station in Hirske, the SMM "
        "heard 95 mortar explosions."
    ).fields() == [
        obs("explosion", 95, place="Hirske", weapons=["mortar"], km=(3, 5), bearings=["NE"])
    ]


def test_the_explosions_named_again_are_those_told_before() -> None:
    assert parse(
        "From two observation points, the SMM heard over 300 explosions. The SMM observed that "
        "the explosions occurred at locations to the west and north at distances ranging from "
        "2km to 8km from its positions."
    ).fields() == [obs("explosion", 300, qualifier="at_least", km=(2, 8), bearings=["W", "N"])]
    # a first mention with its weapon is an event
    assert parse("The SMM heard the explosions of mortar rounds near Hirske.").fields() == [
        obs("explosion", place="Hirske", weapons=["mortar"])
    ]


def test_assessed_as_having_been_caused_by() -> None:
    assert parse(
        "The SMM heard one explosion assessed as having been caused by an outgoing automatic "
        "grenade launcher round 1-2km north-east of its position."
    ).fields() == [
        obs(
            "explosion",
            1,
            subtype="outgoing",
            weapons=["automatic_grenade_launcher"],
            km=(1, 2),
            bearings=["NE"],
        )
    ]


def test_a_site_named_by_its_parenthesis_and_the_observation_post_again() -> None:
    assert parse(
        "Positioned at the DPR-controlled central railway station (8km north-west of Hirske), "
        "the SMM heard eight explosions."
    ).fields() == [obs("explosion", 8, place="Hirske")]
    assert parse(
        "Positioned in Hirske, the SMM heard 3 explosions. Whilst at the observation post "
        "from 08:05 to 17:00hrs, the SMM heard a total of 105 explosions."
    ).fields() == [obs("explosion", 3, place="Hirske"), obs("explosion", 105, place="Hirske")]


def test_weapons_listed_among_heard_events_are_their_fire() -> None:
    assert parse(
        "The SMM observed incoming artillery hits, airbursts, mortars (outgoing and incoming), "
        "as well as small arms and light weapons (SALW) fire in the area of Hirske."
    ).fields() == [
        obs("explosion", subtype="impact", place="Hirske", weapons=["artillery"]),
        obs("explosion", subtype="airburst", place="Hirske"),
        obs("explosion", place="Hirske", weapons=["mortar"]),
        obs("fire", place="Hirske", weapons=["small_arms"]),
    ]
    # counted weapons after events are sightings
    assert parse("The SMM saw 20 explosions and three tanks near Hirske.").fields() == [
        obs("explosion", 20, place="Hirske"),
        obs("weapon", 3, place="Hirske", weapons=["tank"]),
    ]


def test_a_machine_gun_of_no_stated_calibre_names_no_schema_weapon() -> None:
    assert parse("The SMM heard small arms and machine-gun fire 3km south.").fields() == [
        obs("fire", weapons=["small_arms"], km=3, bearings=["S"])
    ]
    assert parse("The SMM heard heavy-machine-gun fire.").fields() == [
        obs("fire", weapons=["heavy_machine_gun"])
    ]


def test_fire_including_bursts_of_another_weapon_is_one_fire_of_both() -> None:
    assert parse(
        "The SMM heard 109 explosions caused by artillery fire, as well as SALW fire including "
        "heavy machine gun bursts."
    ).fields() == [
        obs("explosion", 109, weapons=["artillery"]),
        obs("fire", weapons=["small_arms", "heavy_machine_gun"]),
    ]


def test_a_count_recorded_nowhere_in_particular_is_a_regional_total() -> None:
    assert parse(
        "The SMM observed more ceasefire violations in Donetsk region compared to the previous "
        "day. The SMM recorded 145 undetermined explosions during the night of 21 June. Whilst "
        "in Hirske, the SMM recorded 48 undetermined explosions 10-12km north-north-west."
    ).fields() == [obs("explosion", 48, place="Hirske", km=(10, 12), bearings=["NNW"])]
    # heard, it is an observation
    assert parse("The SMM heard 20 explosions.").fields() == [obs("explosion", 20)]


def test_among_other_ceasefire_violations_and_the_remainder_of_the_period() -> None:
    assert parse(
        "Positioned near Hirske, it heard, among other ceasefire violations, 91 undetermined "
        "explosions 2.5-6km north."
    ).fields() == [obs("explosion", 91, place="Hirske", km=(2.5, 6), bearings=["N"])]
    assert parse(
        "The SMM heard 22 recoilless gun (SPG-9) explosions (11 assessed as outgoing and 11 "
        "impacts) during the remainder of the reporting period in Hirske."
    ).fields() == [
        obs("explosion", 11, subtype="outgoing", place="Hirske", weapons=["anti_tank_weapon"]),
        obs("explosion", 11, subtype="impact", place="Hirske", weapons=["anti_tank_weapon"]),
    ]


def test_the_tube_of_a_grenade_is_a_remnant() -> None:
    assert parse("The SMM saw a tube of a rocket-propelled grenade near Zolote.").fields() == [
        obs("other", 1, place="Zolote", weapons=["grenade_launcher"])
    ]


def test_a_counted_event_after_an_uncounted_summary_is_one_more_object() -> None:
    assert parse(
        "The Mission observed ceasefire violations near all three areas and two shots fired "
        "inside the Hirske disengagement area."
    ).fields() == [obs("fire", 2, place="Hirske")]
    # calibres after a tally are no new event
    assert (
        parse(
            "The SMM recorded 19 ceasefire violations - mostly explosions assessed as 82mm "
            "and 120mm mortar."
        ).fields()
        == []
    )


def test_an_aside_between_the_preposition_and_its_place() -> None:
    assert parse(
        "The SMM heard an explosion near (but outside) the Hirske disengagement area."
    ).fields() == [obs("explosion", 1, place="Hirske")]


def test_observing_as_a_verb_and_hindered_from_observing() -> None:
    assert parse(
        "The SMM continued to monitor the withdrawal of weapons, noting the presence of "
        "armoured combat vehicles and anti-aircraft weapons in the security zone."
    ).fields() == [obs("weapon", weapons=["apc"]), obs("weapon", weapons=["anti_aircraft_gun"])]
    # a restriction, not damage seen
    assert [
        o["kind"]
        for o in parse(
            "It was hindered from observing an impact site in Hirske by armed men."
        ).fields()
    ] == ["restriction"]


def test_munitions_seen_are_no_weapon_sightings() -> None:
    kinds = [
        o["kind"]
        for o in parse(
            "The SMM observed significant amounts of small-arms ammunition, grenades and "
            "rocket-propelled grenade warheads throughout Hirske."
        ).fields()
    ]
    assert "weapon" not in kinds


def test_another_count_in_a_new_paragraph_takes_nothing_from_a_total_before() -> None:
    text = (
        "Positioned in Hirske, the SMM heard 20 explosions. Ten were assessed as outgoing "
        "mortar rounds.\n\nAnother 10 explosions were heard near Orikhove."
    )
    assert [(o["count"], o["place"]) for o in parse(text).fields()] == [
        (10, "Hirske"),
        (10, "Hirske"),
        (10, "Orikhove"),
    ]
