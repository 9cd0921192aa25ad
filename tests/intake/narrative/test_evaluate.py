"""The scoring of issue 16: alignment by kind, missing observations cost all fields."""

from __future__ import annotations

from typing import Any

from truce.intake.narrative.evaluate import FIELDS, FieldScores, align, score_passage


def _obs(kind: str, count: int | None = 1, place: str | None = "X") -> dict[str, Any]:
    return {
        "source_type": "patrol",
        "place": place,
        "offset": None,
        "kind": kind,
        "subtype": "undetermined" if kind == "explosion" else None,
        "weapons": [],
        "count": count,
        "qualifier": "exact",
        "distance_km": None,
        "bearings": [],
        "flight": None,
    }


def test_align_pairs_same_kinds_whatever_the_order() -> None:
    e = [_obs("fire"), _obs("explosion", 5)]
    g = [_obs("explosion", 5), _obs("fire")]
    assert sorted(align(e, g)) == [(0, 1), (1, 0)]


def test_a_missing_observation_costs_all_fields_and_recall() -> None:
    s = FieldScores()
    assert not score_passage(s, [_obs("fire"), _obs("weapon")], [_obs("fire", place="Y")])
    n = len(FIELDS)
    assert sum(s.total.values()) == 2 * n
    assert sum(s.correct.values()) == n - 1
    assert s.recall == 0.5
    assert s.errors["missing weapon"] == 1 and s.errors["wrong place"] == 1
    assert s.kinds_accuracy(["weapon"]) == 0.0


def test_an_extra_observation_costs_all_fields() -> None:
    s = FieldScores()
    score_passage(s, [], [_obs("explosion")])
    assert sum(s.correct.values()) == 0 and s.errors["extra explosion"] == 1
    assert s.recall == 1.0


def test_empty_against_empty_is_right() -> None:
    s = FieldScores()
    assert score_passage(s, [], [])
    assert s.accuracy == 1.0
