"""The map's coverage overlay (services.coverage_map) on both backends: the contact line in
covered and uncovered runs from the stored coverage records, by period and by role."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest
from shapely.geometry import Point, shape
from shapely.ops import transform

from tests.domain.test_coverage import record
from truce.agreement import demo_agreement_dir
from truce.domain.principal import PUBLIC, Principal, Role
from truce.services import agreement, coverage_map
from truce.services import coverage as coverage_service
from truce.services.mission import Mission

ANALYST = Principal(name="ana", role=Role.ANALYST)


def _post_on_the_line(mission: Mission) -> tuple[float, float]:
    agreement.install(mission=mission, source=demo_agreement_dir())
    line = agreement.history(mission=mission).latest.contact_line[0].geometry
    coords = line["coordinates"] if line["type"] == "LineString" else line["coordinates"][0]
    lon, lat = coords[len(coords) // 2][:2]
    return float(lon), float(lat)


def _within(mission: Mission, lon: float, lat: float, km: float) -> float:
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    total = 0.0
    for f in agreement.history(mission=mission).latest.contact_line:
        line = shape(f.geometry)
        flat = transform(lambda x, y, z=None: ((x - lon) * kx, (y - lat) * ky), line)
        total += flat.intersection(Point(0, 0).buffer(km, 256)).length
    return total


def test_a_post_covers_the_line_within_its_range(mission: Mission) -> None:
    lon, lat = _post_on_the_line(mission)
    post = record(position={"lon": lon, "lat": lat}, range_km=5)
    rep = coverage_service.ingest(store=mission.store, records=[(1, json.dumps(post).encode())])
    assert rep.ok
    got = coverage_map.line_coverage(mission=mission, principal=ANALYST)
    assert got is not None and got["type"] == "FeatureCollection" and got["records"] == 1
    covered = [f for f in got["features"] if f["properties"]["covered"]]
    # Independently: the line's length within 5 km of the post, in a plane round the post.
    assert got["covered_km"] == pytest.approx(_within(mission, lon, lat, 5.0), abs=0.5)
    assert sum(f["properties"]["km"] for f in covered) == pytest.approx(got["covered_km"], abs=0.01)
    assert sum(f["properties"]["km"] for f in got["features"]) == pytest.approx(
        got["line_km"], abs=0.01
    )
    assert all(f["geometry"]["type"] == "LineString" for f in got["features"])
    assert any(not f["properties"]["covered"] for f in got["features"])
    # Another day: the line was not observed at all.
    day = datetime(2021, 3, 5, tzinfo=UTC)
    other = coverage_map.line_coverage(
        mission=mission, principal=ANALYST, since=day, until=day.replace(day=6)
    )
    assert other is not None and other["records"] == 0 and other["covered_km"] == 0.0
    text = json.dumps(got)
    assert "cam-07" not in text and str(lon) not in text  # no source, no source position


def test_outside_the_mission_nothing_before_publication(mission: Mission) -> None:
    lon, lat = _post_on_the_line(mission)
    post = record(position={"lon": lon, "lat": lat})
    coverage_service.ingest(store=mission.store, records=[(1, json.dumps(post).encode())])
    assert coverage_map.line_coverage(mission=mission, principal=PUBLIC) is None
    party = Principal(name="liaison", role=Role.PARTY, party="ua")
    assert coverage_map.line_coverage(mission=mission, principal=party) is None
