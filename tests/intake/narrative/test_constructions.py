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
