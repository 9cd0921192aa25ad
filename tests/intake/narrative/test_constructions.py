"""Issue 16, second round: constructions of the development half, one test each.

The sentences are written for these tests in the reports' style (report text is quoted
only in the corpus files); each checks one construction the parser reads.
"""

from __future__ import annotations

from tests.intake.narrative._helpers import obs
from truce.intake.narrative import parse


def test_fire_aimed_at_the_mission_uav_is_fire_at_each_place_with_no_observer() -> None:
    text = (
        "Small-arms fire was assessed as directed at SMM mini-unmanned aerial vehicles near "
        "government-controlled Toretsk and Pivnichne."
    )
    assert parse(text).fields() == [
        obs("fire", source_type=None, place="Toretsk", weapons=["small_arms"]),
        obs("fire", source_type=None, place="Pivnichne", weapons=["small_arms"]),
    ]
    (o,) = parse(
        "An SMM mini-UAV was assessed as targeted by heavy-machine-gun fire near Kodema."
    ).observations
    assert o.fields == obs("fire", source_type=None, place="Kodema", weapons=["heavy_machine_gun"])
    assert o.observer_span is None


def test_a_uav_that_is_not_aimed_at_yields_no_fire_of_its_own() -> None:
    assert parse("An SMM mini-UAV spotted small-arms fire near Kodema.").fields() == [
        obs("fire", source_type="uav", place="Kodema", weapons=["small_arms"])
    ]


def test_a_calibre_may_stand_before_each_weapon_of_a_list() -> None:
    (f,) = parse(
        "The SMM heard 12 explosions assessed as outgoing 152mm artillery and 120mm mortar "
        "fire 2km west."
    ).fields()
    assert f["weapons"] == ["artillery", "mortar"] and f["count"] == 12


def test_but_also_by_adds_weapons_to_the_event_before() -> None:
    (f,) = parse(
        "The SMM heard 70 explosions, mainly caused by mortars but also by tanks, 3km north."
    ).fields()
    assert f["weapons"] == ["mortar", "tank"] and f["count"] == 70


def test_rounds_and_bullets_of_direct_fire_weapons_are_fire() -> None:
    assert parse(
        "The SMM heard about 15 small-arms rounds and two heavy-machine-gun bullets 1km east."
    ).fields() == [
        obs("fire", 15, qualifier="about", weapons=["small_arms"], km=1, bearings=["E"]),
        obs("fire", 2, weapons=["heavy_machine_gun"], km=1, bearings=["E"]),
    ]


def test_hundreds_of_gives_no_number() -> None:
    (f,) = parse("The SMM heard hundreds of bursts of small-arms fire 2km south.").fields()
    assert (f["count"], f["qualifier"]) == (None, "unstated")


def test_two_ranges_of_one_clause_span_both_and_list_their_directions() -> None:
    (f,) = parse("The SMM heard 40 explosions 2-3 and 6-8km south.").fields()
    assert f["distance_km"] == {"min": 2, "max": 8}
    (f,) = parse("The SMM heard 12 explosions 1-2km west and 4-5km north-west.").fields()
    assert (f["distance_km"], f["bearings"]) == ({"min": 1, "max": 5}, ["W", "NW"])


def test_a_second_event_after_and_keeps_its_own_range() -> None:
    assert [
        (f["count"], f["distance_km"], f["bearings"])
        for f in parse(
            "The SMM heard three explosions 2km south and four bursts 1km north."
        ).fields()
    ] == [(3, {"min": 2, "max": 2}, ["S"]), (4, {"min": 1, "max": 1}, ["N"])]


def test_a_sequence_after_the_totals_adds_nothing() -> None:
    text = (
        "The SMM camera in Shyrokyne recorded ten undetermined explosions and 20 projectiles, "
        "beginning with one undetermined explosion and two projectiles from west to east, "
        "all 3-5km east."
    )
    assert [(f["kind"], f["count"]) for f in parse(text).fields()] == [
        ("explosion", 10),
        ("projectile", 20),
    ]


def test_an_exchange_of_fire_beginning_with_events_is_those_events() -> None:
    text = (
        "The SMM camera in Shyrokyne recorded an exchange of fire beginning with one airburst "
        "and followed by six undetermined explosions, all 2-4km north."
    )
    assert [(f["kind"], f["subtype"], f["count"]) for f in parse(text).fields()] == [
        ("explosion", "airburst", 1),
        ("explosion", "undetermined", 6),
    ]


def test_a_place_named_when_the_events_before_have_theirs_places_the_events_after() -> None:
    text = (
        "The SMM saw two tanks in Novohryhorivka and, at a depot in Toretsk, three howitzers "
        "and a mortar."
    )
    assert [(f["weapons"], f["place"]) for f in parse(text).fields()] == [
        (["tank"], "Novohryhorivka"),
        (["howitzer"], "Toretsk"),
        (["mortar"], "Toretsk"),
    ]


def test_a_list_of_regions_is_no_place() -> None:
    (f,) = parse(
        "The SMM saw weapons in violation of withdrawal lines in non-government-controlled "
        "areas of Donetsk and Luhansk regions."
    ).fields()
    assert f["kind"] == "weapon" and f["place"] is None
    (f,) = parse("The SMM saw a damaged house in Zolote-5, Luhansk region.").fields()
    assert f["place"] == "Zolote-5"


def test_a_follow_up_yields_the_damage_and_casualties_each_at_its_own_places() -> None:
    text = (
        "The Mission followed up on reports of a civilian casualty in Popasna and damage to "
        "three houses from shelling in Troitske and Orikhove."
    )
    assert [(f["kind"], f["count"], f["place"]) for f in parse(text).fields()] == [
        ("damage", 3, "Troitske"),
        ("damage", 3, "Orikhove"),
        ("casualty", 1, "Popasna"),
    ]
    assert parse("The SMM followed up on reports of shelling in Popasna.").fields() == []


def test_the_village_refers_to_the_place_an_event_was_seen_at_before() -> None:
    text = (
        "The SMM saw fresh damage to a house in Pikuzy. The next day, while at a crater in "
        "the village, the SMM heard an explosion 50m east."
    )
    assert [f["place"] for f in parse(text).fields()] == ["Pikuzy", "Pikuzy"]


def _kinds(text: str) -> list[tuple[object, ...]]:
    return [(f["kind"], f["subtype"], f["count"], f["weapons"]) for f in parse(text).fields()]


def test_counts_of_subtypes_share_the_head_of_the_last() -> None:
    assert _kinds("The SMM heard four incoming/six outgoing and two unknown mortar rounds.") == [
        ("explosion", "impact", 4, ["mortar"]),
        ("explosion", "outgoing", 6, ["mortar"]),
        ("explosion", "undetermined", 2, ["mortar"]),
    ]


def test_a_later_sentence_assessing_the_explosions_gives_them_weapons_and_subtype() -> None:
    text = (
        "The SMM heard an explosion 300m south. The SMM assessed that the explosion was caused "
        "by an impacting mortar round (120mm)."
    )
    assert _kinds(text) == [("explosion", "impact", 1, ["mortar"])]
    hearsay = (
        "The SMM heard an explosion 300m south. A resident told the SMM that the explosion "
        "had been caused by a mortar round."
    )
    assert _kinds(hearsay) == [("explosion", "undetermined", 1, [])]


def test_two_directions_of_flight_are_no_one_flight_and_siblings_keep_theirs() -> None:
    text = (
        "The SMM camera recorded 30 projectiles in flight from west to east and from east to "
        "west 2-4km east, and four projectiles in flight from north to south and three from "
        "south to north."
    )
    assert [(f["count"], f["flight"], f["bearings"]) for f in parse(text).fields()] == [
        (30, None, ["E"]),
        (4, {"from": "N", "to": "S"}, []),
        (3, {"from": "S", "to": "N"}, []),
    ]


def test_counts_after_an_assessed_event_are_further_events_not_a_breakdown() -> None:
    text = (
        "The SMM heard 12 explosions assessed as outgoing mortar rounds, five as outgoing "
        "rounds of armoured-combat-vehicle (BMP-2) gun (30mm) fire and two as impacts of "
        "artillery rounds, all 3km east."
    )
    assert _kinds(text) == [
        ("explosion", "outgoing", 12, ["mortar"]),
        ("explosion", "outgoing", 5, ["ifv_cannon"]),
        ("explosion", "impact", 2, ["artillery"]),
    ]


def test_weapons_seen_without_a_count_are_one_sighting_per_kind() -> None:
    text = "The SMM saw tanks and howitzers near Avdiivka."
    assert [(f["kind"], f["weapons"], f["place"]) for f in parse(text).fields()] == [
        ("weapon", ["tank"], "Avdiivka"),
        ("weapon", ["howitzer"], "Avdiivka"),
    ]


def test_multiple_launch_rocket_systems_are_a_weapon_not_a_vague_count() -> None:
    (f,) = parse("The SMM saw multiple launch rocket systems near Khrustalnyi.").fields()
    assert (f["kind"], f["weapons"], f["count"], f["place"]) == (
        "weapon",
        ["mlrs"],
        None,
        "Khrustalnyi",
    )


def test_sightings_by_place_and_parts_that_tell_a_total_again() -> None:
    text = "The SMM saw five howitzers near Vodiane and ten near Lobacheve."
    assert [(f["weapons"], f["count"], f["place"]) for f in parse(text).fields()] == [
        (["howitzer"], 5, "Vodiane"),
        (["howitzer"], 10, "Lobacheve"),
    ]
    text = (
        "An SMM long-range UAV spotted weapons in violation of withdrawal lines, including "
        "seven tanks, three near Kalynove and four near Bryanka."
    )
    assert [(f["weapons"], f["count"], f["place"]) for f in parse(text).fields()] == [
        (["tank"], 3, "Kalynove"),
        (["tank"], 4, "Bryanka"),
    ]


def test_a_list_of_places_goes_on_past_a_disengagement_area() -> None:
    text = "The SMM saw weapons in the Zolote disengagement area and near Popasna."
    assert [f["place"] for f in parse(text).fields()] == ["Zolote", "Popasna"]


def test_damage_due_to_fire_has_its_weapons_and_no_fire_of_its_own() -> None:
    assert [
        (f["kind"], f["weapons"], f["place"])
        for f in parse(
            "The SMM saw fresh damage due to small-arms fire to a house in Krymske."
        ).fields()
    ] == [("damage", ["small_arms"], "Krymske")]


def test_what_a_patrol_hears_while_flying_its_uav_is_the_patrol_s() -> None:
    text = (
        "While operating its mini-UAV near Stanytsia Luhanska, the SMM heard three shots of "
        "small-arms fire 1km north."
    )
    (f,) = parse(text).fields()
    assert (f["source_type"], f["place"]) == ("patrol", "Stanytsia Luhanska")
    (f,) = parse("An SMM mini-UAV flying over Marinka spotted two muzzle flashes.").fields()
    assert f["source_type"] == "uav"


def test_their_subsequent_impacts_repeat_the_count_and_weapons() -> None:
    text = (
        "The SMM heard three explosions assessed as outgoing mortar rounds 2km east and their "
        "subsequent impacts 5km south-east."
    )
    assert _kinds(text) == [
        ("explosion", "outgoing", 3, ["mortar"]),
        ("explosion", "impact", 3, ["mortar"]),
    ]


def test_a_part_after_including_may_name_only_its_head() -> None:
    text = (
        "The SMM camera recorded 20 explosions, including ten assessed as impacts, three "
        "rocket-assisted projectiles and two outgoing mortar rounds, and 31 projectiles."
    )
    assert _kinds(text) == [
        ("explosion", "impact", 10, []),
        ("explosion", "undetermined", 3, []),
        ("explosion", "outgoing", 2, ["mortar"]),
        ("explosion", "undetermined", 5, []),
        ("projectile", None, 31, []),
    ]


def test_a_line_of_fire_is_no_bearing() -> None:
    (f,) = parse("The camera recorded 12 bursts of tracer fire west to east.").fields()
    assert (f["count"], f["bearings"]) == (12, [])


def test_a_parenthesis_with_only_distance_and_direction_describes_the_events() -> None:
    (f,) = parse("The SMM heard 14 explosions on 1 May (in areas 3-8km to the north).").fields()
    assert (f["distance_km"], f["bearings"]) == ({"min": 3, "max": 8}, ["N"])


def _what(text: str) -> list[tuple[object, ...]]:
    return [(f["kind"], f["count"], f["place"]) for f in parse(text).fields()]


def test_a_restriction_in_unnamed_areas_is_one_without_a_place() -> None:
    text = (
        "Its access remained restricted in all three disengagement areas as well as near "
        "Hnutove and Lebedynske."
    )
    assert _what(text) == [
        ("restriction", None, None),
        ("restriction", None, "Hnutove"),
        ("restriction", None, "Lebedynske"),
    ]


def test_casualties_from_a_place_and_of_the_place_a_sentence_starts_with() -> None:
    assert _what("The SMM followed up on a report of a civilian casualty from Troitske.") == [
        ("casualty", 1, "Troitske")
    ]
    text = "In Krymske, the SMM followed up on reports of a civilian casualty."
    assert _what(text) == [("casualty", 1, "Krymske")]
    assert _what("The SMM saw damage in Popasna and followed up on reports of casualties.") == [
        ("damage", None, "Popasna")
    ]


def test_harm_told_as_a_noun_before_the_persons() -> None:
    text = (
        "The SMM followed up on reports of injuries to civilians in Toretsk and Pivnichne, and "
        "on the deaths of three men in Horlivka."
    )
    assert _what(text) == [
        ("casualty", None, "Toretsk"),
        ("casualty", None, "Pivnichne"),
        ("casualty", 3, "Horlivka"),
    ]
    text = "The SMM followed up on the deaths of two men and injuries to a woman in Snizhne."
    assert _what(text) == [("casualty", 2, "Snizhne"), ("casualty", 1, "Snizhne")]


def test_persons_killed_and_injured_are_two_casualties() -> None:
    text = "The SMM followed up on reports of children killed and injured by shelling in Horlivka."
    assert _what(text) == [("casualty", None, "Horlivka"), ("casualty", None, "Horlivka")]


def test_the_observer_s_offset_past_a_checkpoint_and_after_its_position() -> None:
    text = (
        "A patrol was positioned at an 'LPR'-checkpoint about 2km south of 'LPR'-controlled "
        "Molodizhne. The SMM heard an explosion 100m west."
    )
    (f,) = parse(text).fields()
    assert (f["place"], f["offset"]) == ("Molodizhne", {"km": 2, "bearing": "S"})
    text = "The SMM heard six explosions 1km north of its position 5km east of Horlivka."
    (f,) = parse(text).fields()
    assert (f["place"], f["offset"], f["distance_km"], f["bearings"]) == (
        "Horlivka",
        {"km": 5, "bearing": "E"},
        {"min": 1, "max": 1},
        ["N"],
    )


def test_the_city_centre_refers_to_the_city_named_before() -> None:
    text = (
        "While in Donetsk city centre, the SMM heard two explosions 3km west. Seven kilometres "
        "north-west of the city centre, the SMM heard four explosions 2km north."
    )
    assert [(f["place"], f["offset"]) for f in parse(text).fields()] == [
        ("Donetsk", None),
        ("Donetsk", {"km": 7, "bearing": "NW"}),
    ]


def test_the_use_of_a_weapon_is_fire_or_explosions() -> None:
    assert _kinds("The SMM heard the use of small arms 2km north.") == [
        ("fire", None, None, ["small_arms"])
    ]
    assert _kinds("The SMM heard the use of mortars 2km north.") == [
        ("explosion", "undetermined", None, ["mortar"])
    ]


def test_a_total_before_a_colon_is_told_by_its_parts() -> None:
    text = (
        "The SMM heard nine explosions: two undetermined 3km west, one 120mm mortar impact 2km "
        "south and six 82mm mortars 4-5km north."
    )
    assert [(k, s, n, w) for k, s, n, w in _kinds(text)] == [
        ("explosion", "undetermined", 2, []),
        ("explosion", "impact", 1, ["mortar"]),
        ("explosion", "undetermined", 6, ["mortar"]),
    ]
    text = "The SMM heard two explosions in an undetermined direction to the east."
    assert _kinds(text) == [("explosion", "undetermined", 2, [])]


def test_the_majority_of_ceasefire_violations_is_a_summary() -> None:
    text = (
        "The majority of ceasefire violations, including about 90 explosions, were recorded "
        "in areas south-east of Svitlodarsk."
    )
    assert parse(text).fields() == []


def test_live_fire_training_is_no_event_and_reconnaissance_vehicles_are_apcs() -> None:
    text = (
        "The SMM heard two explosions and about 20 shots of small-arms fire, all assessed as "
        "live-fire training, 3-5km north of Kreminna."
    )
    assert [f["kind"] for f in parse(text).fields()] == ["explosion", "fire"]
    text = "An SMM mini-UAV spotted an armoured reconnaissance vehicle (BRDM-2) near Lobacheve."
    assert [(f["kind"], f["weapons"]) for f in parse(text).fields()] == [("weapon", ["apc"])]


def test_fire_from_east_to_west_is_a_line_not_a_bearing_but_a_sector_is() -> None:
    text = (
        "The SMM camera recorded an undetermined explosion and a burst of tracer fire from "
        "east to west, all 2-3km south."
    )
    assert [f["bearings"] for f in parse(text).fields()] == [["S"], ["S"]]
    text = "The SMM heard 12 explosions at locations ranging from south-west to north-west."
    (f,) = parse(text).fields()
    assert f["bearings"] == ["SW", "NW"]
