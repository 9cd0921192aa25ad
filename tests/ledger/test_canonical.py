"""The fast canonical JSON path equals the reference ``rfc8785.dumps`` (RFC 8785)."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.errors import InvalidInput
from truce.ledger.canonical import canonical_json, leaf_hash

_SAFE = 2**53 - 1
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-_SAFE, _SAFE),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.0, 1e-7, 1e-6, 1e-4, 1e15, 1e16, 1e21, 2.0**53, 0.1, 5e-324]),
    _text,
)
json_values = st.recursive(
    _scalars,
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(_text, kids, max_size=5),
    max_leaves=25,
)

_lon = st.floats(-180, 180, allow_nan=False)
_lat = st.floats(-90, 90, allow_nan=False)
observation_like = st.fixed_dictionaries(
    {
        "id": st.uuids().map(str),
        "source": st.fixed_dictionaries(
            {"type": st.sampled_from(["patrol", "post", "uav"]), "id": _text}
        ),
        "observed": st.fixed_dictionaries(
            {"start": st.just("2024-05-01T19:30:00+03:00"), "end": st.just("2024-05-01T19:31:00Z")}
        ),
        "position": st.fixed_dictionaries(
            {"lon": _lon, "lat": _lat, "accuracy_m": st.floats(0, 1e5) | st.none()}
        ),
        "event": st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["explosion", "fire", "flare"]),
                "weapons": st.lists(st.sampled_from(["mortar", "small_arms"]), max_size=3),
                "count": st.fixed_dictionaries(
                    {"value": st.integers(0, 10_000) | st.none(), "qualifier": st.just("exact")}
                ),
            }
        ),
        "direction": st.fixed_dictionaries(
            {"bearing_deg": st.lists(st.floats(0, 359.999), max_size=3), "from": st.just("W")}
        ),
        "narrative": st.fixed_dictionaries({"text": _text, "lang": st.just("uk")}),
    }
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_fast_path_equals_reference(value: Any) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


@settings(max_examples=200, deadline=None)
@given(observation_like)
def test_observation_shaped_equals_reference(value: dict[str, Any]) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # RFC 8785 §3.2.3 sorting example keys (UTF-16 order, not code-point order)
        ({"\U0001f600": 1, "\ufb33": 2, "\u20ac": 3}, '{"\u20ac":3,"\U0001f600":1,"\ufb33":2}'),
        (
            [1.0, -0.0, 1e21, 1e-7, 123456789012345680000.0],
            "[1,0,1e+21,1e-7,123456789012345680000]",
        ),
        ({"b": [True, None], "a": "\u2028\x1f"}, '{"a":"\u2028\\u001f","b":[true,null]}'),
    ],
)
def test_known_outputs(value: Any, expected: str) -> None:
    assert canonical_json(value) == expected.encode()


@pytest.mark.parametrize(
    "value", [math.nan, math.inf, 2**53, -(2**53), {1: "x"}, "\ud800", object(), {"a": {1, 2}}]
)
def test_not_representable(value: Any) -> None:
    with pytest.raises(InvalidInput):
        canonical_json(value)


def test_leaf_hash_is_rfc6962() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert leaf_hash(b"abc").hex() == hashlib.sha256(b"\x00abc").hexdigest()
