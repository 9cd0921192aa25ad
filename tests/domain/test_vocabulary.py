"""The vocabulary: compass points, violation kinds, JSON numbers of the wire format."""

from __future__ import annotations

import json

import pytest

from tests.factories import wire
from truce.domain import CEASEFIRE_VIOLATION_KINDS, Compass16, EventKind, Observation


@pytest.mark.parametrize(
    ("code", "degrees"), [("N", 0.0), ("NNE", 22.5), ("E", 90.0), ("SSW", 202.5), ("NNW", 337.5)]
)
def test_compass_points_are_clockwise_from_north(code: str, degrees: float) -> None:
    assert Compass16(code).degrees == degrees


def test_ceasefire_violation_kinds_are_the_designs() -> None:
    assert {k.value for k in CEASEFIRE_VIOLATION_KINDS} == {
        "explosion",
        "projectile",
        "flare",
        "muzzle_flash",
        "fire",
    }
    assert EventKind.WEAPON not in CEASEFIRE_VIOLATION_KINDS


def test_integral_floats_are_written_as_integers() -> None:
    obs = Observation.model_validate(wire(distance_km={"min": 2.0, "max": 4.5}))
    assert json.loads(obs.wire_json())["distance_km"] == {"max": 4.5, "min": 2}
    assert '"min":2}' in obs.wire_json()
