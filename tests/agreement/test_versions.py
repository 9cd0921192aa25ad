"""Versions: the one in force at a time, and canonical hashes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from truce.agreement import AgreementHistory, ledger_entry, load_agreement, version_hash
from truce.errors import NotFound

KYIV_WINTER = timezone(timedelta(hours=2))


def test_in_force_switches_exactly_at_the_effective_time(demo: AgreementHistory) -> None:
    v2 = demo.version(2).effective
    assert demo.in_force(v2).version == 2
    assert demo.in_force(v2 - timedelta(microseconds=1)).version == 1
    assert demo.in_force(datetime(2015, 2, 15, 0, 0, tzinfo=KYIV_WINTER)).version == 1
    with pytest.raises(NotFound):
        demo.in_force(datetime(2015, 2, 14, 23, 59, tzinfo=KYIV_WINTER))


def test_hash_is_stable_and_changes_with_content(demo: AgreementHistory) -> None:
    v1, v2 = demo.versions
    assert version_hash(v2) == version_hash(v2.model_copy())
    assert version_hash(v1) != version_hash(v2)
    changed = v2.model_copy(update={"doc": v2.doc.model_copy(update={"country": "MD"})})
    assert version_hash(changed) != version_hash(v2)
    entry = ledger_entry(v2)
    assert entry == {
        "type": "agreement_version",
        "agreement": "demo-minsk",
        "version": 2,
        "effective": "2016-09-21T00:00:00+03:00",
        "sha256": version_hash(v2),
    }


def test_demo_versions(demo: AgreementHistory) -> None:
    v1, v2 = demo.versions
    assert [c.type for c in v1.doc.clauses] == ["no_fire", "weapon_withdrawal"]
    assert {c.type for c in v2.doc.clauses} == {
        "no_fire", "weapon_withdrawal", "zone_exclusion", "holding_area",
        "freedom_of_movement", "infrastructure_window",
    }  # fmt: skip
    assert v2.doc.reporting_period.end.strftime("%H:%M") == "19:30"
    assert v2.doc.reporting_period.time_zone == "Europe/Kyiv"
    assert [r.id for r in v2.doc.regions] == ["donetsk", "luhansk"]
    for party in v2.doc.parties:
        assert set(party.name) == {"en", "de", "uk", "ru"}
    assert len(v2.holding_areas) == 4 and {h.party for h in v2.holding_areas} == {
        "side-a",
        "side-b",
    }


@pytest.mark.parametrize(
    "coordinates",
    [
        [[37.5, 48.25], [38.125, 48.5]],
        [[37.0, 48.0], [38, 49], [-0.0, 0.5]],  # integral floats and integers print as integers
        [[1e-05, 48.5], [38.5, 2.5e16]],  # exponent forms: the reference encoder
        [[37.5, 48.25, 120.0], [38.125, 48.5, 99.5]],  # with altitudes
        [[37.5, 48.25], [True, 48.5]],  # not a number: as canonical_json has it
        [[37.5, 48.25], [2**60, 48.5]],
        [],
    ],
    ids=["floats", "integral", "exponent", "altitude", "bool", "huge-int", "empty"],
)
def test_the_fast_canonical_bytes_are_canonical_json(
    demo: AgreementHistory, coordinates: list[list[float]]
) -> None:
    from truce.agreement.models import LineFeature
    from truce.agreement.versions import canonical_bytes, canonical_document
    from truce.errors import InvalidInput
    from truce.ledger.canonical import canonical_json

    for version in demo:  # the shipped agreement and the real line as they are
        assert canonical_bytes(version) == canonical_json(canonical_document(version))
    real = load_agreement(Path(__file__).resolve().parents[1] / "data" / "real-line" / "agreement")
    assert canonical_bytes(real.latest) == canonical_json(canonical_document(real.latest))
    rings = [[*coordinates, coordinates[0]]] if coordinates else []
    odd = demo.latest.model_copy(
        update={
            "contact_line": (
                LineFeature(geometry={"type": "LineString", "coordinates": coordinates}),
                LineFeature(geometry={"type": "MultiLineString", "coordinates": [coordinates]}),
                LineFeature(geometry={"type": "Point", "coordinates": [37.0, 48.5]}),
                LineFeature(geometry={"type": "Polygon", "coordinates": rings, "bbox": None}),
            )
        }
    )
    try:
        expected = canonical_json(canonical_document(odd))
    except InvalidInput:
        with pytest.raises(InvalidInput):
            canonical_bytes(odd)
        return
    assert canonical_bytes(odd) == expected
