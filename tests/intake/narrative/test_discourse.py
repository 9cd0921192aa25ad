"""Issue 16: passages read as a discourse; lists of places; breakdowns; summary lines.

The sentences are written for these tests in the reports' style (report text is quoted
only in the corpus files).
"""

from __future__ import annotations

from truce.intake.narrative import parse


def _f(text: str) -> list[tuple[object, ...]]:
    return [
        (f["kind"], f["count"], f["qualifier"], f["place"], f["source_type"])
        for f in parse(text).fields()
    ]


def test_the_observer_carries_to_the_following_sentences() -> None:
    text = (
        "On the night of 1-2 May, while in Svitlodarsk, the SMM heard five undetermined "
        "explosions 3-5km south. At the same position the following day, the SMM heard "
        "two bursts of heavy-machine-gun fire 2km east."
    )
    r = parse(text)
    assert [o.fields["place"] for o in r.observations] == ["Svitlodarsk", "Svitlodarsk"]
    first_sentence = r.observations[0].span
    assert [o.observer_span for o in r.observations] == [first_sentence, first_sentence]


def test_a_placing_sentence_without_an_observation_places_the_next() -> None:
    text = (
        "At 10:00 on 3 May, an SMM patrol was positioned on the eastern edge of Popasna. "
        "At 10:05, the patrol members heard three explosions 1-2km east."
    )
    (o,) = parse(text).observations
    assert o.fields["place"] == "Popasna" and o.fields["source_type"] == "patrol"
    assert o.observer_span == (0, text.index(" At 10:05"))


def test_a_new_observer_replaces_the_old_one_and_cameras_keep_their_own() -> None:
    text = (
        "Positioned in Horlivka, the SMM heard four explosions 5km west. "
        "The SMM camera in Avdiivka recorded six projectiles in flight from west to east. "
        "The same camera recorded two explosions 3km south-east. "
        "The SMM heard one shot of small-arms fire 1km north."
    )
    assert [f[3] for f in _f(text)] == ["Horlivka", "Avdiivka", "Avdiivka", "Horlivka"]
    assert [f[4] for f in _f(text)] == ["patrol", "camera", "camera", "patrol"]


def test_a_new_paragraph_after_a_reporting_one_starts_afresh() -> None:
    text = (
        "Positioned in Horlivka, the SMM heard four explosions 5km west.\n\n"
        "The SMM heard two explosions 2km south."
    )
    assert [f[3] for f in _f(text)] == ["Horlivka", None]


def test_events_in_a_list_of_places_are_one_per_place() -> None:
    text = "The SMM saw damage caused by shelling in Pikuzy, Sakhanka and Zaitseve."
    assert _f(text) == [
        ("damage", None, "unstated", p, "patrol") for p in ("Pikuzy", "Sakhanka", "Zaitseve")
    ]


def test_restrictions_are_one_per_place_and_ongoing_ones_uncounted() -> None:
    text = (
        "The Mission's freedom of movement continued to be restricted, including at "
        "checkpoints near Zaichenko and Bezimenne.* The SMM saw a tank near Zolote."
    )
    assert _f(text) == [
        ("restriction", None, "unstated", "Zaichenko", "patrol"),
        ("restriction", None, "unstated", "Bezimenne", "patrol"),
        ("weapon", 1, "exact", "Zolote", "patrol"),
    ]
    once = "At a checkpoint near Olenivka, armed men denied the SMM passage on two occasions."
    assert _f(once) == [("restriction", 2, "exact", "Olenivka", "patrol")]


def test_casualties_told_as_a_noun() -> None:
    text = "It followed up on reports of a civilian casualty in Dmytrivka."
    assert _f(text) == [("casualty", 1, "exact", "Dmytrivka", "patrol")]
    assert _f("The SMM followed up on reports of civilian casualties.") == []


def test_count_ranges_are_their_lower_bound() -> None:
    text = "Positioned in Marinka, the SMM heard 20-30 shots and six to seven explosions."
    assert [(f[0], f[1], f[2]) for f in _f(text)] == [
        ("fire", 20, "at_least"),
        ("explosion", 6, "at_least"),
    ]


def test_a_breakdown_by_direction_of_flight() -> None:
    text = (
        "The SMM camera in Avdiivka recorded 30 projectiles (20 in flight from west to "
        "east and ten from north to south), all 2-4km east."
    )
    got = [(f["count"], f["flight"]) for f in parse(text).fields()]
    assert got == [(20, {"from": "W", "to": "E"}), (10, {"from": "N", "to": "S"})]


def test_shelling_as_a_cause_is_no_explosion() -> None:
    text = "The SMM saw damage to a house caused by shelling and gunfire in Marinka."
    assert [f[0] for f in _f(text)] == ["damage"]


def test_a_sentence_giving_only_distance_describes_the_events_before() -> None:
    text = (
        "While in Marinka, the SMM heard 12 undetermined explosions. "
        "The explosions occurred 3-4km south-east of its position."
    )
    (f,) = parse(text).fields()
    assert f["distance_km"] == {"min": 3, "max": 4} and f["bearings"] == ["SE"]


def test_the_same_direction_is_the_direction_before() -> None:
    text = (
        "While in Marinka, the SMM heard two explosions to the east. "
        "Minutes later, it heard three explosions from the same direction."
    )
    assert [f["bearings"] for f in parse(text).fields()] == [["E"], ["E"]]


def test_breakdown_items_may_name_only_a_weapon() -> None:
    text = (
        "While in Marinka, the SMM heard 40 explosions, including 25 assessed as "
        "anti-aircraft cannon rounds, 3-5km north."
    )
    got = [(f["count"], f["weapons"]) for f in parse(text).fields()]
    assert got == [(25, ["anti_aircraft_gun"]), (15, [])]


def test_fire_of_artillery_is_counted_in_explosions() -> None:
    (f,) = parse("While in Svitlodarsk, the SMM heard artillery fire 5km east.").fields()
    assert f["kind"] == "explosion" and f["weapons"] == ["artillery"]


def test_another_is_one_more() -> None:
    text = "While in Marinka, the SMM heard an explosion 1km north and another explosion 2km south."
    assert [f["count"] for f in parse(text).fields()] == [1, 1]


def test_a_sector_of_directions_lists_its_ends() -> None:
    text = (
        "While in Marinka, the SMM heard 44 explosions at locations ranging"
        " from west to north-east at 3-8km."
    )
    (f,) = parse(text).fields()
    assert f["bearings"] == ["W", "NE"]
    (g,) = parse(
        "While in Marinka, the SMM heard 12 explosions 7-10km north to north-east."
    ).fields()
    assert g["bearings"] == ["N", "NE"]


def test_a_summary_then_where_the_smm_heard() -> None:
    text = (
        "The SMM recorded more ceasefire violations in Donetsk region, most of which in "
        "Yasynuvata, where the SMM heard 20 undetermined explosions 1-5km west. "
        "Later, the SMM heard 7 undetermined explosions."
    )
    assert [(f[1], f[3]) for f in _f(text)] == [(20, "Yasynuvata"), (7, "Yasynuvata")]


def test_the_village_is_the_place_named_before() -> None:
    text = (
        "The situation remained tense in and around Kominternove. Positioned 2km south-west"
        " of the village, the SMM heard three bursts of heavy-machine-gun fire."
    )
    (f,) = parse(text).fields()
    assert f["place"] == "Kominternove" and f["offset"] == {"km": 2, "bearing": "SW"}
    (g,) = parse("While in the town of Avdiivka, the SMM heard two explosions.").fields()
    assert g["place"] == "Avdiivka"


def test_the_village_with_nothing_named_before_is_no_place() -> None:
    (f,) = parse("Positioned 2km south-west of the village, the SMM heard two shots.").fields()
    assert f["place"] is None and f["offset"] is None


def test_a_breakdown_in_brackets_after_the_assessment() -> None:
    text = (
        "Whilst in Svitlodarsk, the SMM heard 13 explosions assessed as 82mm mortar rounds"
        " (five impacts and eight outgoing rounds) 3-5km east."
    )
    got = [(f["subtype"], f["weapons"], f["count"]) for f in parse(text).fields()]
    assert got == [("impact", ["mortar"], 5), ("outgoing", ["mortar"], 8)]
