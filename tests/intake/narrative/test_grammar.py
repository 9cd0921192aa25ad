"""Table-driven tests over the constructs of the narrative grammar (README), one construct
per case, plus realistic report sentences beyond the development set."""

from __future__ import annotations

from typing import Any

import pytest

from tests.intake.narrative._helpers import obs
from truce.intake.narrative import parse

CASES: list[tuple[str, list[dict[str, Any]]]] = [
    # --- counts and qualifiers
    ("The SMM heard nine undetermined explosions.", [obs("explosion", 9)]),
    ("The SMM heard an undetermined explosion.", [obs("explosion", 1)]),
    (
        "The SMM heard one hundred and twenty undetermined explosions.",
        [obs("explosion", 120)],
    ),
    ("The SMM heard twenty-five explosions.", [obs("explosion", 25)]),
    ("The SMM heard about 90 explosions.", [obs("explosion", 90, qualifier="about")]),
    ("The SMM heard approximately 40 explosions.", [obs("explosion", 40, qualifier="about")]),
    ("The SMM heard at least 12 explosions.", [obs("explosion", 12, qualifier="at_least")]),
    ("The SMM heard more than 20 explosions.", [obs("explosion", 20, qualifier="at_least")]),
    ("The SMM heard over 30 explosions.", [obs("explosion", 30, qualifier="at_least")]),
    ("The SMM heard dozens of explosions.", [obs("explosion")]),
    ("The SMM heard explosions.", [obs("explosion")]),
    ("The SMM heard several explosions.", [obs("explosion")]),
    (
        "The SMM heard (uncountable) shots of small-arms fire.",
        [obs("fire", weapons=["small_arms"], qualifier="uncountable")],
    ),
    (
        "The SMM heard numerous (uncountable) bursts of small-arms fire.",
        [obs("fire", weapons=["small_arms"], qualifier="uncountable")],
    ),
    # --- what: kinds, subtypes, weapons
    (
        "The SMM heard four explosions assessed as impacts.",
        [obs("explosion", 4, subtype="impact")],
    ),
    (
        "The SMM heard two explosions assessed as outgoing rounds.",
        [obs("explosion", 2, subtype="outgoing")],
    ),
    (
        "The SMM heard 40 explosions assessed as airbursts.",
        [obs("explosion", 40, subtype="airburst")],
    ),
    (
        "The SMM heard 12 explosions of outgoing artillery fire.",
        [obs("explosion", 12, subtype="outgoing", weapons=["artillery"])],
    ),
    (
        "The SMM heard ten explosions assessed as outgoing artillery rounds (122mm or 152mm).",
        [obs("explosion", 10, subtype="outgoing", weapons=["artillery"])],
    ),
    (
        "The SMM heard eight explosions assessed as impacts of 82mm mortar rounds.",
        [obs("explosion", 8, subtype="impact", weapons=["mortar"])],
    ),
    (
        "The SMM heard about 20 explosions assessed as outgoing howitzer (2A65 Msta-B, "
        "152mm) rounds.",
        [obs("explosion", 20, qualifier="about", subtype="outgoing", weapons=["howitzer"])],
    ),
    (
        "The SMM heard three bursts of automatic-grenade-launcher fire and 20 shots of "
        "infantry fighting vehicle (BMP-1) cannon fire.",
        [
            obs("fire", 3, weapons=["automatic_grenade_launcher"]),
            obs("fire", 20, weapons=["ifv_cannon"]),
        ],
    ),
    (
        "The SMM heard 15 shots of anti-aircraft-gun fire and 40 bursts of heavy-machine-gun fire.",
        [
            obs("fire", 15, weapons=["anti_aircraft_gun"]),
            obs("fire", 40, weapons=["heavy_machine_gun"]),
        ],
    ),
    (
        "The SMM heard six shots of (BMP-1, 73mm) fire.",
        [obs("fire", 6, weapons=["ifv_cannon"])],
    ),
    (
        "The SMM saw 15 tracer rounds.",
        [obs("projectile", 15)],
    ),
    ("The SMM saw two illumination flares.", [obs("flare", 2)]),
    ("The SMM saw three muzzle flashes.", [obs("muzzle_flash", 3)]),
    # --- breakdowns and sharing
    (
        "The SMM heard 20 explosions, 12 assessed as impacts and the remaining as outgoing "
        "rounds, 4-6km south.",
        [
            obs("explosion", 12, subtype="impact", km=(4, 6), bearings=["S"]),
            obs("explosion", 8, subtype="outgoing", km=(4, 6), bearings=["S"]),
        ],
    ),
    (
        "The SMM heard 30 explosions, of which ten were assessed as impacts of mortar rounds, "
        "and 50 shots of small-arms fire, all 3-4km north.",
        [
            obs("explosion", 10, subtype="impact", weapons=["mortar"], km=(3, 4), bearings=["N"]),
            obs("explosion", 20, km=(3, 4), bearings=["N"]),
            obs("fire", 50, weapons=["small_arms"], km=(3, 4), bearings=["N"]),
        ],
    ),
    (
        "The SMM heard 25 explosions, including 12 assessed as outgoing rounds of a "
        "multiple-launch rocket system (BM-21 Grad, 122mm), 8-10km south.",
        [
            obs("explosion", 12, subtype="outgoing", weapons=["mlrs"], km=(8, 10), bearings=["S"]),
            obs("explosion", 13, km=(8, 10), bearings=["S"]),
        ],
    ),
    (
        "While in Popasna, the SMM heard 14 undetermined explosions, 18 bursts of "
        "heavy-machine-gun fire and 12 shots of small-arms fire, all 2-4km south-east.",
        [
            obs("explosion", 14, place="Popasna", km=(2, 4), bearings=["SE"]),
            obs(
                "fire",
                18,
                place="Popasna",
                weapons=["heavy_machine_gun"],
                km=(2, 4),
                bearings=["SE"],
            ),
            obs("fire", 12, place="Popasna", weapons=["small_arms"], km=(2, 4), bearings=["SE"]),
        ],
    ),
    (
        "The SMM heard bursts of heavy-machine-gun fire 2km south, and saw tracer rounds "
        "flying from east to west 1-2km south.",
        [
            obs("fire", weapons=["heavy_machine_gun"], km=2, bearings=["S"]),
            obs("projectile", km=(1, 2), bearings=["S"], flight=("E", "W")),
        ],
    ),
    (
        "On the night of 5-6 June, the SMM camera in Avdiivka recorded 11 explosions (three "
        "assessed as outgoing and eight as impacts) 2-3km east.",
        [
            obs(
                "explosion",
                3,
                source_type="camera",
                place="Avdiivka",
                subtype="outgoing",
                km=(2, 3),
                bearings=["E"],
            ),
            obs(
                "explosion",
                8,
                source_type="camera",
                place="Avdiivka",
                subtype="impact",
                km=(2, 3),
                bearings=["E"],
            ),
        ],
    ),
    (
        "The SMM recorded 64 explosions (including 38 undetermined explosions, 24 impacts and "
        "two outgoing rounds).",
        [
            obs("explosion", 38),
            obs("explosion", 24, subtype="impact"),
            obs("explosion", 2, subtype="outgoing"),
        ],
    ),
    (
        "The SMM camera in Zolote recorded seven explosions (all assessed as impacts) 1-2km "
        "south-west.",
        [
            obs(
                "explosion",
                7,
                source_type="camera",
                place="Zolote",
                subtype="impact",
                km=(1, 2),
                bearings=["SW"],
            )
        ],
    ),
    (
        "The SMM heard 22 explosions assessed as impacts and 12 assessed as outgoing rounds "
        "3-5km west.",
        [
            obs("explosion", 22, subtype="impact", km=(3, 5), bearings=["W"]),
            obs("explosion", 12, subtype="outgoing", km=(3, 5), bearings=["W"]),
        ],
    ),
    (
        "The SMM heard an exchange of fire of small arms and heavy machine guns 2-4km north.",
        [obs("fire", weapons=["small_arms", "heavy_machine_gun"], km=(2, 4), bearings=["N"])],
    ),
    (
        "The SMM heard 12 shots of unidentified weapon fire 1km east.",
        [obs("fire", 12, km=1, bearings=["E"])],
    ),
    # --- distance and direction
    (
        "The SMM heard 14 undetermined explosions at an estimated distance of 5-7km in a "
        "north-westerly direction.",
        [obs("explosion", 14, km=(5, 7), bearings=["NW"])],
    ),
    (
        "Positioned at a checkpoint about 1.5km south-west of Molodizhne, the SMM heard an "
        "explosion assessed as an airburst about 50-100m north-west.",
        [
            obs(
                "explosion",
                1,
                place="Molodizhne",
                offset=(1.5, "SW"),
                subtype="airburst",
                km=(0.05, 0.1),
                bearings=["NW"],
            )
        ],
    ),
    (
        "The SMM heard more than 100 undetermined explosions at a range of 4 to 10km in "
        "easterly and north-easterly directions.",
        [obs("explosion", 100, qualifier="at_least", km=(4, 10), bearings=["E", "NE"])],
    ),
    (
        "The SMM heard two explosions 5-7km to the north-north-west and west-north-west.",
        [obs("explosion", 2, km=(5, 7), bearings=["NNW", "WNW"])],
    ),
    (
        "The SMM heard a shot of small-arms fire approximately 40-50m south.",
        [obs("fire", 1, weapons=["small_arms"], km=(0.04, 0.05), bearings=["S"])],
    ),
    (
        "The SMM camera recorded 49 undetermined explosions, all 1.5-5km at directions "
        "ranging from south-west to south-east.",
        [obs("explosion", 49, source_type="camera", km=(1.5, 5), bearings=["SW", "SE"])],
    ),
    # --- who and where
    (
        "Positioned in government-controlled Avdiivka (17km north of Donetsk), the SMM heard "
        "22 undetermined explosions and 35 bursts of heavy-machine-gun fire 3-5km east.",
        [
            obs("explosion", 22, place="Avdiivka", km=(3, 5), bearings=["E"]),
            obs(
                "fire",
                35,
                place="Avdiivka",
                weapons=["heavy_machine_gun"],
                km=(3, 5),
                bearings=["E"],
            ),
        ],
    ),
    (
        "Positioned about 2km south-east of Avdiivka, the SMM heard 25 explosions 4-6km "
        "north-east.",
        [obs("explosion", 25, place="Avdiivka", offset=(2, "SE"), km=(4, 6), bearings=["NE"])],
    ),
    (
        "Positioned at \u201cDPR\u201d-controlled Donetsk central railway station (6km "
        "north-west of Donetsk city centre), the SMM heard 30 undetermined explosions 2-5km "
        "north-west.",
        [obs("explosion", 30, place="Donetsk", km=(2, 5), bearings=["NW"])],
    ),
    (
        "The SMM camera at the entry-exit checkpoint in Maiorsk (government-controlled, 45km "
        "north-east of Donetsk) recorded four illumination flares 2-4km south-east.",
        [obs("flare", 4, source_type="camera", place="Maiorsk", km=(2, 4), bearings=["SE"])],
    ),
    (
        "On the evening of 14 February, the SMM camera in Shchastia recorded 19 projectiles "
        "in flight from north-west to south-east and two undetermined explosions, all 2-3km "
        "south-west.",
        [
            obs(
                "projectile",
                19,
                source_type="camera",
                place="Shchastia",
                km=(2, 3),
                bearings=["SW"],
                flight=("NW", "SE"),
            ),
            obs(
                "explosion", 2, source_type="camera", place="Shchastia", km=(2, 3), bearings=["SW"]
            ),
        ],
    ),
    # --- sightings, damage, casualties, restrictions
    (
        "The SMM saw two towed howitzers (2A65 Msta-B, 152mm) and four multiple-launch "
        "rocket systems (BM-21 Grad, 122mm) near Hranitne.",
        [
            obs("weapon", 2, place="Hranitne", weapons=["howitzer"]),
            obs("weapon", 4, place="Hranitne", weapons=["mlrs"]),
        ],
    ),
    (
        "An SMM mini-UAV spotted two self-propelled howitzers (2S1 Gvozdika, 122mm) near "
        "Mykolaivka.",
        [obs("weapon", 2, source_type="uav", place="Mykolaivka", weapons=["howitzer"])],
    ),
    (
        "The SMM saw three tanks (T-64) and two mortars (120mm) in a residential area of Horlivka.",
        [
            obs("weapon", 3, place="Horlivka", weapons=["tank"]),
            obs("weapon", 2, place="Horlivka", weapons=["mortar"]),
        ],
    ),
    (
        "The SMM saw fresh damage to three houses on Shkilna Street in Pikuzy caused by "
        "small-arms fire.",
        [obs("damage", 3, place="Pikuzy", weapons=["small_arms"])],
    ),
    (
        "The SMM saw a crater assessed as caused by a mortar round (120mm) in Zaitseve.",
        [obs("damage", 1, place="Zaitseve", weapons=["mortar"])],
    ),
    (
        "A woman was injured by small-arms fire in Novoluhanske.",
        [obs("casualty", 1, source_type=None, place="Novoluhanske", weapons=["small_arms"])],
    ),
    (
        "Two civilian men were injured by shelling in Horlivka on 3 March.",
        [obs("casualty", 2, source_type=None, place="Horlivka")],
    ),
    (
        "On three occasions, the SMM was denied passage at a checkpoint near Kreminets.",
        [obs("restriction", 3, place="Kreminets")],
    ),
    # --- constructs of the realistic set (tests/intake/narrative/data/realistic.jsonl)
    (
        "The SMM heard explosions it assessed as two outgoing mortar rounds 5-7km west; "
        "three outgoing mortar rounds 3-5km south.",
        [
            obs("explosion", 2, subtype="outgoing", weapons=["mortar"], km=(5, 7), bearings=["W"]),
            obs("explosion", 3, subtype="outgoing", weapons=["mortar"], km=(3, 5), bearings=["S"]),
        ],
    ),
    (
        "The SMM heard 26 mortar rounds – three incoming and 23 undetermined – 2km east.",
        [
            obs("explosion", 3, subtype="impact", weapons=["mortar"], km=2, bearings=["E"]),
            obs("explosion", 23, weapons=["mortar"], km=2, bearings=["E"]),
        ],
    ),
    (
        "The SMM saw two tanks near Vodiane and three mortars near Myrne.",
        [
            obs("weapon", 2, place="Vodiane", weapons=["tank"]),
            obs("weapon", 3, place="Myrne", weapons=["mortar"]),
        ],
    ),
    (
        "An SMM mini-UAV spotted two houses burned by shelling in Zolote.",
        [obs("damage", 2, source_type="uav", place="Zolote")],
    ),
    (
        "Positioned 1km from Pyshchevyk, the SMM heard 170 overlapping bursts of small-arms "
        "fire 2km east.",
        [obs("fire", 170, place="Pyshchevyk", weapons=["small_arms"], km=2, bearings=["E"])],
    ),
    (
        "Positioned 8km north-west of “Donetsk People’s Republic” (“DPR”)"
        "-controlled Donetsk city centre, the SMM heard a powerful explosion.",
        [obs("explosion", 1, place="Donetsk", offset=(8, "NW"))],
    ),
    (
        "The SMM heard 64 explosions assessed as outgoing rounds from a recoilless gun (SPG-9, "
        "73mm) or an infantry fighting vehicle (IFV; BMP-1) cannon (73mm) 3-5km south.",
        [
            obs(
                "explosion",
                64,
                subtype="outgoing",
                weapons=["anti_tank_weapon", "ifv_cannon"],
                km=(3, 5),
                bearings=["S"],
            )
        ],
    ),
    # --- nothing observed
    ("The SMM did not observe any ceasefire violations.", []),
    (
        "Positioned 6km north-west of Donetsk city centre between 9:00 and 14:20hrs, the "
        "SMM did not observe any ceasefire violations.",
        [],
    ),
    ("The SMM recorded 45 ceasefire violations in Donetsk region, including 30 explosions.", []),
    ("The Mission continued monitoring the disengagement areas.", []),
    ("", []),
    # --- constructs of the second held-out batch (weapons, damage, casualties, mines)
    (
        "The SMM heard an explosion at an unknown distance north-west of its position in Popasna.",
        [obs("explosion", 1, bearings=["NW"], place="Popasna")],
    ),
    (
        "The SMM saw a crater about 10m from a house, assessed as caused by a mortar round "
        "fired from a south-easterly direction.",
        [obs("damage", 1, weapons=["mortar"])],
    ),
    (
        "The SMM saw a fresh impact site on the road.",
        [obs("damage", 1)],
    ),
    (
        "Two men were killed and a woman was injured near Pikuzy.",
        [
            obs("casualty", 2, source_type=None, place="Pikuzy"),
            obs("casualty", 1, source_type=None, place="Pikuzy"),
        ],
    ),
    (
        "An SMM mini-UAV spotted six anti-tank mines 200m south of Hranitne.",
        [obs("other", 6, source_type="uav", km=0.2, bearings=["S"], place="Hranitne")],
    ),
    ("The SMM saw a mine hazard sign near Hranitne.", []),
    (
        "The SMM saw a tank (T-64) with a front-mounted mine sweeper.",
        [obs("weapon", 1, weapons=["tank"])],
    ),
    (
        "The SMM saw three tanks (T-64) moving west near Debaltseve.",
        [obs("weapon", 3, weapons=["tank"], place="Debaltseve")],
    ),
    ("The SMM noted that 12 towed howitzers (2A65 Msta-B, 152mm) were missing.", []),
    (
        "The SMM heard 11 explosions, assessed as impacts of 120mm mortar rounds, 3-4km south.",
        [obs("explosion", 11, subtype="impact", weapons=["mortar"], km=(3, 4), bearings=["S"])],
    ),
    (
        "The SMM heard 20 explosions assessed as impacts of 82mm and 120mm mortar rounds.",
        [obs("explosion", 20, subtype="impact", weapons=["mortar"])],
    ),
    (
        "The SMM heard 42 explosions, of which 31 were assessed as outgoing artillery fire "
        "and 11 as impacts.",
        [
            obs("explosion", 31, subtype="outgoing", weapons=["artillery"]),
            obs("explosion", 11, subtype="impact"),
        ],
    ),
    (
        "The SMM heard 13 undetermined explosions 8-10km north-east and, 20 minutes later, "
        "four more 6-8km north.",
        [
            obs("explosion", 13, km=(8, 10), bearings=["NE"]),
            obs("explosion", 4, km=(6, 8), bearings=["N"]),
        ],
    ),
    (
        "The SMM saw two tanks near Avdiivka and another three near Marinka.",
        [
            obs("weapon", 2, weapons=["tank"], place="Avdiivka"),
            obs("weapon", 3, weapons=["tank"], place="Marinka"),
        ],
    ),
    (
        "The SMM heard about 20 explosions 5-7km west, assessed as outgoing rounds.",
        [obs("explosion", 20, qualifier="about", subtype="outgoing", km=(5, 7), bearings=["W"])],
    ),
    (
        "The SMM was not able to proceed due to the presence of mines near Zolote.",
        [obs("restriction", 1, place="Zolote")],
    ),
    (
        "The SMM saw a recent shell impact on the roof of a house in Vodiane.",
        [obs("damage", 1, place="Vodiane")],
    ),
    (
        "Near Shyrokyne, an SMM mini-UAV came under small-arms fire.",
        [obs("fire", weapons=["small_arms"], source_type="uav", place="Shyrokyne")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_construct(text: str, expected: list[dict[str, Any]]) -> None:
    assert parse(text).fields() == expected


def test_spans_point_at_the_sentence() -> None:
    text = "Intro text. While in Popasna, the SMM heard 14 undetermined explosions 2km east."
    (o,) = parse(text).observations
    assert o.sentence == text[o.span[0] : o.span[1]]
    assert o.sentence.startswith("While in Popasna")
    assert text[o.phrase_span[0] : o.phrase_span[1]] == "14 undetermined explosions"


def test_pronoun_sentence_carries_the_previous_place() -> None:
    text = (
        "While in Popasna, the SMM heard 14 undetermined explosions 2km east. "
        "It also heard 20 shots of small-arms fire 1km south."
    )
    fields = parse(text).fields()
    assert [f["place"] for f in fields] == ["Popasna", "Popasna"]
    assert fields[1]["source_type"] == "patrol"


def test_unreadable_observation_sentence_is_a_warning_with_span() -> None:
    text = "The SMM saw two armed men walking along the road."
    result = parse(text)
    assert result.observations == ()
    reasons = {w.reason: w.span for w in result.warnings}
    assert reasons["no observation read in this sentence"] == (0, len(text))
    assert reasons["number not read as a count"] == (12, len("The SMM saw two armed men walking"))


def test_unread_count_is_a_warning_with_its_span() -> None:
    text = "The SMM saw three tanks and five military-type trucks near Zolote."
    result = parse(text)
    assert [f["weapons"] for f in result.fields()] == [["tank"]]
    (w,) = result.warnings
    assert w.text == "five military-type trucks"
    assert text[w.span[0] : w.span[1]] == w.text


def test_unknown_language_is_refused() -> None:
    from truce.errors import InvalidInput

    with pytest.raises(InvalidInput) as info:
        parse("x", lang="xx")
    assert info.value.hint == "known languages: en"


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("In Horlivka, the SMM saw two infantry fighting vehicles (BMP-2).", ["ifv_cannon"]),
        ("In Horlivka, the SMM saw three armoured personnel carriers (BTR-80).", ["apc"]),
        (
            "In Horlivka, the SMM saw a surface-to-air missile system (9K35 Strela-10).",
            ["air_defence"],
        ),
        (
            "In Horlivka, the SMM saw two multiple-launch rocket systems (BM-27 Uragan, 220mm).",
            ["mlrs"],
        ),
    ],
)
def test_weapons_use_the_schema_terms_only(text: str, weapons: list[str]) -> None:
    (obs,) = parse(text).fields()
    assert obs["kind"] == "weapon" and obs["weapons"] == weapons
