"""The engine: version in force per subject, deterministic violations, observation and
incident adapters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from tests.agreement.conftest import point_from_line
from tests.compliance.conftest import subject
from tests.factories import new_id, wire
from truce.agreement import AgreementHistory, SpatialIndex, demo_agreement_dir, load_installed
from truce.agreement.install import install_agreement
from truce.agreement.versions import version_hash
from truce.compliance import ComplianceEngine, check, from_incident, from_observation
from truce.compliance import engine as engine_module
from truce.domain.incident import Counts, Ellipse, Incident
from truce.domain.observation import Observation
from truce.domain.time import TimeWindow
from truce.domain.vocabulary import EventKind, Weapon


def test_each_subject_is_checked_under_the_version_in_force(
    demo: AgreementHistory, index: SpatialIndex
) -> None:
    lon, lat = point_from_line(index, "side-a", 10_000)
    v2_start = demo.version(2).effective
    before = subject(
        "weapon",
        lon,
        lat,
        weapons=(Weapon.TANK,),
        start=v2_start - timedelta(days=1),
        end=v2_start - timedelta(days=1),
    )
    after = subject(
        "weapon",
        lon,
        lat,
        weapons=(Weapon.TANK,),
        start=v2_start,
        end=v2_start,
        record_ids=("rec-2",),
    )
    too_early = subject(
        "weapon",
        lon,
        lat,
        weapons=(Weapon.TANK,),
        start=datetime(2014, 1, 1, tzinfo=UTC),
        end=datetime(2014, 1, 1, tzinfo=UTC),
    )
    result = ComplianceEngine(demo).assess([before, after, too_early])
    # Tanks at 10 km were only limited by the 2015 addendum, in force from version 2 on.
    assert [(v.agreement_version, v.clause_id) for v in result.violations] == [
        (2, "c02-withdrawal")
    ]
    assert result.unchecked == 1


def test_violation_ids_are_deterministic_and_facts_carried(
    demo: AgreementHistory, index: SpatialIndex
) -> None:
    lon, lat = point_from_line(index, "side-b", 5_000)
    s = subject("weapon", lon, lat, weapons=(Weapon.MLRS,))
    first = ComplianceEngine(demo).assess([s]).violations
    again = ComplianceEngine(demo).assess([s]).violations
    assert [v.id for v in first] == [v.id for v in again]
    (v,) = first
    assert v.status == "detected" and v.outcome == "breached" and v.attribution == "side-b"
    assert (
        v.facts.limit_km == 35 and abs(v.facts.distance_m - 5000) < 10 and v.facts.side == "side-b"
    )
    feature = v.feature()
    assert (
        feature["geometry"]["type"] == "Point"
        and feature["properties"]["clause_id"] == "c02-withdrawal"
    )


def test_observation_with_direction_and_distance_is_a_sector() -> None:
    obs = Observation.model_validate(wire(id=new_id()))  # bearings SE,S; 2-4 km
    s = from_observation(obs)
    assert s.basis == "sector" and s.area is not None and s.area.is_valid
    assert s.lat is not None and s.lat < obs.position.lat  # south of the observer
    bare = Observation.model_validate(wire(id=new_id(), direction=None, distance_km=None))
    b = from_observation(bare)
    assert b.basis == "observer" and (b.lon, b.lat) == (bare.position.lon, bare.position.lat)
    assert b.area is not None  # accuracy_m 50 -> a disc


def test_incident_adapter_and_end_to_end(demo: AgreementHistory) -> None:
    inc = Incident(
        id=uuid4(), kind=EventKind.MUZZLE_FLASH, lon=37.90, lat=48.20,
        ellipse=Ellipse(semi_major_m=300, semi_minor_m=200, orientation_deg=30), method="wls",
        window=TimeWindow(
            start=datetime(2021, 5, 1, 22, tzinfo=UTC), end=datetime(2021, 5, 1, 22, 5, tzinfo=UTC)
        ),
        counts=Counts(total=3), observation_ids=(uuid4(), uuid4()), n_sources=2, confidence=0.8,
    )  # fmt: skip
    s = from_incident(inc)
    assert s.origin and s.record_type == "incident" and s.area is not None
    result = check(history=demo, incidents=[inc])
    (v,) = [v for v in result.violations if v.clause_id == "c01-ceasefire"]
    assert v.record_type == "incident" and v.record_ids == (str(inc.id),)
    side = SpatialIndex(demo.latest).locate([37.90], [48.20]).side[0]
    assert v.attribution == side


def test_incident_ellipse_area_matches_the_projected_polygon_without_a_projection() -> None:
    """Issue 11.4: the ellipse is traced geodesically, the same polygon as the aeqd plane's."""
    import uuid
    from datetime import UTC, datetime

    import numpy as np
    import shapely

    from truce.compliance.subject import ellipse_area
    from truce.domain.incident import Counts, Ellipse, Incident
    from truce.domain.time import TimeWindow
    from truce.geo.ellipse import incident_polygon

    at = datetime(2025, 3, 12, 18, tzinfo=UTC)
    incident = Incident(
        id=uuid.uuid4(),
        kind="explosion",
        lon=38.43,
        lat=48.71,
        ellipse=Ellipse(semi_major_m=2500.0, semi_minor_m=700.0, orientation_deg=35.0),
        method="wls",
        window=TimeWindow(start=at, end=at),
        counts=Counts(total=1),
        observation_ids=(uuid.uuid4(),),
        n_sources=1,
        confidence=0.5,
    )
    fast, slow = ellipse_area(incident), incident_polygon(incident)
    assert np.abs(shapely.get_coordinates(fast) - shapely.get_coordinates(slow)).max() < 1e-9
    point = incident.model_copy(
        update={"ellipse": Ellipse(semi_major_m=0, semi_minor_m=0, orientation_deg=0)}
    )
    assert ellipse_area(point) is None


def test_violations_carry_the_hash_of_their_version_from_the_install_manifest(
    tmp_path: Path, demo: AgreementHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed history hands the engine the version hashes of its manifest (hashing a
    large version takes seconds): they are the versions' canonical hashes; a version that is
    not the history's own is hashed."""
    history = load_installed(install_agreement(demo_agreement_dir(), tmp_path))
    from_manifest = dict(history.digests)
    assert sorted(from_manifest) == [a.version for a in demo]
    engine = ComplianceEngine(history)
    with monkeypatch.context() as m:
        m.setattr(engine_module, "version_hash", _not_hashed)
        got = {own.version: engine.sha256(own) for own in history}
    for parsed in demo:
        assert got[parsed.version] == from_manifest[parsed.version] == version_hash(parsed)
    other = ComplianceEngine(history)
    latest = demo.latest
    stranger = latest.model_copy(update={"doc": latest.doc.model_copy(update={"id": "other"})})
    assert stranger.version == latest.version
    assert other.sha256(stranger) == version_hash(stranger) != from_manifest[2]


def _not_hashed(agreement: object) -> str:
    raise AssertionError("the manifest's hash was not used")
