"""The one view of a record per role (issue 14, item 3): a table of cases per record type."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from truce.domain.principal import PUBLIC, Principal, Role
from truce.services.access import (
    AccessContext,
    round_coordinate,
    view_incident,
    view_observation,
    view_violation,
)

NOW = datetime(2025, 3, 20, 12, tzinfo=UTC)
DAY = (datetime(2025, 3, 11, 17, 30, tzinfo=UTC), datetime(2025, 3, 12, 17, 30, tzinfo=UTC))
ANALYST = Principal(name="ann", role=Role.ANALYST)
ADMIN = Principal(name="root", role=Role.ADMIN)
MONITOR = Principal(name="team-d07", role=Role.MONITOR)
PARTY_A = Principal(name="lo-a", role=Role.PARTY, party="side-a")


def ctx(principal: Principal, *, published: bool = True, now: datetime = NOW) -> AccessContext:
    return AccessContext(principal=principal, now=now, published=(DAY,) if published else ())


def observation(classification: str, *, start: str = "2025-03-12T18:00:00+02:00") -> dict[str, Any]:
    return {
        "id": "8c5e2f1e-3b1c-4b8e-9c61-2f4b9a0d1e11",
        "source": {"type": "patrol", "id": "team-D07"},
        "observed": {"start": start, "end": start},
        "position": {"lon": 38.43217, "lat": 48.71289, "accuracy_m": 50},
        "event": {"kind": "explosion", "count": {"value": 3, "qualifier": "exact"}},
        "narrative": {"text": "Heard three explosions 3 km south-east.", "lang": "en"},
        "attachments": [{"sha256": "ab" * 32, "media_type": "image/jpeg", "bytes": 10}],
        "classification": classification,
    }


SECRETS = ("team-D07", "38.43217", "48.71289", "Heard three", "abababab")


@pytest.mark.parametrize("classification", ["mission", "restricted"])
@pytest.mark.parametrize("principal", [PUBLIC, PARTY_A, MONITOR])
def test_mission_records_never_reach_outside(classification: str, principal: Principal) -> None:
    assert view_observation(ctx(principal), observation(classification)) is None


@pytest.mark.parametrize("principal", [ANALYST, ADMIN])
def test_the_mission_reads_every_record_whole(principal: Principal) -> None:
    record = observation("restricted")
    assert view_observation(ctx(principal, published=False), record) == record


def test_own_submission_is_whole_and_others_are_not() -> None:
    record = observation("mission")
    assert view_observation(ctx(MONITOR), record, submitted_by="team-d07") == record
    assert view_observation(ctx(MONITOR), record, submitted_by="someone") is None
    assert view_observation(ctx(PUBLIC), record, submitted_by="public") is None


def test_public_observation_is_rounded_and_released_only() -> None:
    seen = view_observation(ctx(PUBLIC), observation("public"))
    assert seen is not None
    assert (seen["position"]["lon"], seen["position"]["lat"]) == (38.43, 48.71)
    assert view_observation(ctx(PUBLIC, published=False), observation("public")) is None
    recent = NOW - timedelta(hours=1)
    assert view_observation(ctx(PUBLIC, now=recent + timedelta(hours=2)), observation("public"))
    late = observation("public", start="2025-03-20T11:30:00+00:00")
    released = AccessContext(now=NOW, published=((DAY[0], NOW),))
    assert view_observation(released, late) is None  # younger than the 24 h delay


def incident(start: str = "2025-03-12T16:00:00Z") -> dict[str, Any]:
    return {
        "id": "e0dc5998-df99-51f4-b882-02e2dc127acd",
        "lon": 39.597931977,
        "lat": 48.584827756,
        "window": {"start": start, "end": start},
        "observation_ids": ["63754ee9-ecfb-4627-a18e-caabe7765c41"],
    }


def test_incidents_outside_the_mission() -> None:
    seen = view_incident(ctx(PARTY_A), incident())
    assert seen is not None and (seen["lon"], seen["lat"]) == (39.6, 48.58)
    assert view_incident(ctx(PUBLIC, published=False), incident()) is None
    assert view_incident(ctx(PUBLIC), incident("2025-03-13T16:00:00Z")) is None  # not published
    assert view_incident(ctx(ANALYST, published=False), incident()) == incident()


def violation() -> dict[str, Any]:
    return {
        "id": "a33b0ffe-b026-5b80-831d-a87889de6f88",
        "observed": {"start": "2025-03-13T16:00:00Z", "end": "2025-03-13T16:05:00Z"},
        "lon": 39.597932,
        "lat": 48.584828,
        "attribution": "side-a",
    }


def test_violation_notified_to_a_party_is_seen_by_that_party_only() -> None:
    seen = view_violation(ctx(PARTY_A, published=False), violation(), notified_to="side-a")
    assert seen is not None and seen["lon"] == 39.6
    party_b = Principal(name="lo-b", role=Role.PARTY, party="side-b")
    assert view_violation(ctx(party_b, published=False), violation(), notified_to="side-a") is None
    assert view_violation(ctx(PUBLIC, published=False), violation(), notified_to="side-a") is None


def test_dismissed_violations_stay_inside() -> None:
    released = AccessContext(now=NOW, published=((DAY[0], NOW - timedelta(days=2)),))
    assert view_violation(released, violation()) is not None
    assert view_violation(released, violation(), status="dismissed") is None


@pytest.mark.parametrize("principal", [PUBLIC, PARTY_A, MONITOR])
def test_no_secret_in_any_outside_view(principal: Principal) -> None:
    views = [view_observation(ctx(principal), observation(c)) for c in ("mission", "restricted")]
    text = json.dumps(views)
    assert not [s for s in SECRETS if s in text]


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [(38.43217, 0.01, 38.43), (-0.006, 0.01, -0.01), (48.7, 0.1, 48.7), (48.71, 0, 48.71)],
)
def test_round_coordinate(value: float, step: float, expected: float) -> None:
    assert round_coordinate(value, step) == expected
