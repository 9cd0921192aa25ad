"""The fast canonical form of an observation equals the RFC 8785 reference, always."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import wire
from truce.domain import Observation
from truce.domain.vocabulary import Compass16, Weapon
from truce.errors import InvalidInput
from truce.intake.normalise import canonical_text
from truce.ledger.canonical import canonical_json

finite = {"allow_nan": False, "allow_infinity": False}
compass = st.sampled_from([c.value for c in Compass16])


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    lo = draw(st.floats(0, 50, **finite))
    record = wire(
        position={
            "lon": draw(st.floats(-180, 180, **finite)),
            "lat": draw(st.one_of(st.floats(-90, 90, **finite), st.sampled_from([0.0, 1e-7, 5.0]))),
            "accuracy_m": draw(st.floats(0, 2e7, **finite)),
        },
        direction={
            "bearings": draw(st.lists(compass, max_size=4)),
            "bearing_deg": draw(st.lists(st.floats(0, 360, **finite), max_size=3)),
            "from": draw(compass),
        },
        distance_km={"min": lo, "max": lo + draw(st.floats(0, 1e4, **finite))},
        event={
            "kind": "weapon",
            "weapons": draw(st.lists(st.sampled_from([w.value for w in Weapon]), max_size=3)),
            "calibre_mm": draw(st.floats(0.001, 1000, **finite)),
            "count": {"value": draw(st.integers(0, 10**9)), "qualifier": "exact"},
        },
        narrative={"text": draw(st.text(max_size=200)), "lang": "en"},
        source={"type": "camera", "id": draw(st.text(min_size=1, max_size=20).filter(str.strip))},
    )
    return Observation.model_validate_json(json.dumps(record))


@settings(max_examples=300, deadline=None)
@given(observations())
def test_canonical_text_equals_the_reference(obs: Observation) -> None:
    try:
        expected = canonical_json(obs.wire())
    except InvalidInput:
        # The reference refuses (lone surrogates): the fast path must not produce bytes either.
        with pytest.raises((UnicodeEncodeError, InvalidInput)):
            canonical_text(obs).encode("utf-8")
        return
    assert canonical_text(obs).encode("utf-8") == expected
