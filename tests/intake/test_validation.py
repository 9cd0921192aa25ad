"""The validation matrix: every field, a bad value, the message a user sees."""

from __future__ import annotations

import json

import pytest

from tests.factories import DELETE, wire
from truce.errors import InvalidInput
from truce.intake.normalise import validate
from truce.intake.readers import RawRecord

CASES = [
    # (override, expected "field: reason")
    ({"id": "not-a-uuid"}, "id: must be a UUID"),
    ({"id": DELETE}, "id: is required"),
    ({"source__type": "satellite"}, "source.type: 'satellite' is not one of: patrol, post"),
    ({"source__id": ""}, "source.id: must not be empty"),
    ({"source__id": "x" * 201}, "source.id: must be at most 200 characters"),
    ({"observed__start": "2025-03-12T18:00:00"}, "observed.start: must include a UTC offset"),
    ({"observed__end": "yesterday"}, "observed.end: must be a date-time"),
    (
        {"observed__end": "2025-03-12T17:00:00+02:00"},
        "observed: end must not be before start",
    ),
    ({"position__lat": 91}, "position.lat: must be between -90 and 90"),
    ({"position__lat": -90.5}, "position.lat: must be between -90 and 90"),
    ({"position__lon": 181}, "position.lon: must be between -180 and 180"),
    ({"position__lon": "NaN"}, "position.lon: must be a finite number"),
    ({"position__lat": DELETE}, "position: lon and lat must be given together"),
    ({"position": {}}, "position: give lon and lat, or a place"),
    ({"position__accuracy_m": -1}, "position.accuracy_m: must be between 0 and 2e+07"),
    ({"event__kind": "bang"}, "event.kind: 'bang' is not one of: explosion, projectile"),
    ({"event__subtype": "loud"}, "event.subtype: 'loud' is not one of: impact, outgoing"),
    (
        {"event__kind": "fire", "event__weapons": ["small_arms"]},
        "event: subtype is only allowed for kind explosion",
    ),
    ({"event__weapons": ["slingshot"]}, "event.weapons[0]: 'slingshot' is not one of"),
    ({"event__count__value": -3}, "event.count.value: must be between 0 and 1000000000"),
    (
        {"event__count": {"qualifier": "about"}},
        "event.count: value is required when the qualifier is about",
    ),
    (
        {"event__count": {"value": 3, "qualifier": "uncountable"}},
        "event.count: value must be null when the qualifier is uncountable",
    ),
    ({"event__count__qualifier": "many"}, "event.count.qualifier: 'many' is not one of"),
    ({"direction__bearings": ["SEE"]}, "direction.bearings[0]: 'SEE' is not one of: N, NNE"),
    ({"direction__bearing_deg": [361]}, "direction.bearing_deg[0]: must be between 0 and 360"),
    ({"direction__bearing_deg": [-1]}, "direction.bearing_deg[0]: must be between 0 and 360"),
    ({"direction__from": "up"}, "direction.from: 'up' is not one of"),
    ({"distance_km": {"min": 5, "max": 3}}, "distance_km: min must not exceed max"),
    ({"distance_km": {"min": -1, "max": 3}}, "distance_km.min: must be between 0 and 20000"),
    ({"distance_km": {"min": 1}}, "distance_km.max: is required"),
    (
        {"narrative": {"text": "abc", "span": [2, 9]}},
        "narrative: span must satisfy 0 <= start <= end <= len(text)",
    ),
    ({"classification": "secret"}, "classification: 'secret' is not one of: public, mission"),
    (
        {"attachments": [{"sha256": "xyz", "media_type": "image/jpeg", "bytes": 1}]},
        "attachments[0].sha256: must match the pattern ^[0-9a-f]{64}$",
    ),
    ({"colour": "red"}, "colour: is not a field of the observation format (unknown field)"),
]


@pytest.mark.parametrize(("override", "expected"), CASES, ids=[c[1].split(":")[0] for c in CASES])
def test_bad_field_names_field_and_reason(override: dict[str, object], expected: str) -> None:
    record = RawRecord(17, json.dumps(wire(**override)).encode())
    with pytest.raises(InvalidInput) as caught:
        validate(record)
    messages = [str(d) for d in caught.value.details]
    assert any(m.startswith(f"line 17: {expected}") for m in messages), messages


def test_the_same_record_from_csv_cells_gives_the_same_message() -> None:
    record = RawRecord(4, {**wire(), "position": {"lon": "38.4", "lat": "95"}})
    with pytest.raises(InvalidInput, match=r"line 4: position.lat: must be between -90 and 90"):
        validate(record)


def test_oversized_record_is_rejected_before_parsing() -> None:
    big = wire(narrative={"text": "x" * 30_000, "lang": "en"})
    big["narrative"]["text"] = "я" * 33_000  # two bytes each in UTF-8: over 64 KiB
    raw = json.dumps(big, ensure_ascii=False).encode()
    with pytest.raises(InvalidInput, match=r"line 1: record is \d+ bytes; the limit is 65536"):
        validate(RawRecord(1, raw))


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(InvalidInput, match=r"line 3: invalid JSON"):
        validate(RawRecord(3, b'{"id": '))


def test_valid_record_round_trips_through_the_wire_format() -> None:
    obs = validate(RawRecord(1, json.dumps(wire()).encode()))
    again = validate(RawRecord(1, json.dumps(obs.wire()).encode()))
    assert again == obs
    assert obs.wire()["direction"]["bearings"] == ["SE", "S"]


def test_degrees_and_place_only_positions_are_valid() -> None:
    record = wire(direction={"bearing_deg": [0, 135.5, 360], "sigma_deg": 10})
    record["position"] = {"place": "Avdiivka"}
    obs = validate(RawRecord(1, json.dumps(record).encode()))
    assert obs.position.place == "Avdiivka" and not obs.position.resolved
