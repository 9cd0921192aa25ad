"""The batched area facts (issue 11.4) against the straightforward path, one area at a time.

Random incidents are centred on the contact line, on zone, region and side boundaries and
elsewhere in the mission area, so that many ellipses straddle a boundary; sectors and
accuracy discs are mixed in. The reference is :meth:`SpatialIndex.describe_area` per area
plus the region test the engine used per area before the batch.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
import shapely

from truce.agreement import AgreementHistory, SpatialIndex
from truce.compliance import ComplianceEngine
from truce.compliance import engine as engine_module
from truce.compliance._areas import describe_areas
from truce.compliance.facts import compute_facts
from truce.compliance.subject import from_incident, from_incidents
from truce.domain.incident import Counts, Ellipse, Incident, incident_id
from truce.domain.time import TimeWindow
from truce.domain.vocabulary import EventKind, ExplosionSubtype
from truce.geo.ellipse import incident_polygon, incident_polygons
from truce.geo.sector import disc, sectors

T0 = datetime(2021, 3, 2, 18, tzinfo=UTC)


def _boundary_points(index: SpatialIndex) -> np.ndarray:
    """Vertices of the line, the sides, the regions and the zones (lon/lat)."""
    geoms = [index.line_lonlat, *index.sides.geoms, *index.regions.geoms, *index.zones.geoms]
    return np.concatenate([shapely.get_coordinates(g) for g in geoms])


def _incidents(index: SpatialIndex, n: int, seed: int) -> list[Incident]:
    rng = np.random.default_rng(seed)
    edges = _boundary_points(index)
    w, s, e, nn = shapely.bounds(shapely.union_all(list(index.regions.geoms)))
    on_edge = edges[rng.integers(0, len(edges), n)]
    jitter = rng.normal(0.0, 0.01, (n, 2))  # about 1 km
    anywhere = np.column_stack(
        [rng.uniform(w - 0.2, e + 0.2, n), rng.uniform(s - 0.2, nn + 0.2, n)]
    )
    centre = np.where((rng.random(n) < 0.7)[:, None], on_edge + jitter, anywhere)
    major = np.exp(rng.uniform(np.log(30.0), np.log(6000.0), n))
    minor = major * rng.uniform(0.1, 1.0, n)
    out = []
    for k in range(n):
        obs = (uuid.UUID(int=2 * k + 1), uuid.UUID(int=2 * k + 2))
        out.append(
            Incident(
                id=incident_id(obs),
                kind=EventKind.EXPLOSION if k % 3 else EventKind.MUZZLE_FLASH,
                subtype=ExplosionSubtype.OUTGOING if k % 3 else None,
                lon=float(centre[k, 0]),
                lat=float(centre[k, 1]),
                ellipse=Ellipse(
                    semi_major_m=float(major[k]) if k % 17 else 0.0,
                    semi_minor_m=float(minor[k]) if k % 17 else 0.0,
                    orientation_deg=float(rng.uniform(0.0, 180.0)),
                ),
                method="wls",
                window=TimeWindow(start=T0, end=T0 + timedelta(minutes=k % 30)),
                counts=Counts(total=1 + k % 4),
                observation_ids=obs,
                n_sources=2,
                confidence=0.8,
            )
        )
    return out


def _reference(index: SpatialIndex, area: Any) -> tuple[Any, str]:
    facts = index.describe_area(area)
    in_regions = [g for g in index.regions.geoms if g.intersects(area)]
    covered = any(g.covers(area) for g in in_regions) or (
        len(in_regions) > 1 and bool(shapely.union_all(in_regions).covers(area))
    )
    return facts, "yes" if covered else ("partly" if in_regions else "no")


@pytest.fixture(scope="module")
def batch(index: SpatialIndex) -> list[Incident]:
    return _incidents(index, 600, seed=11)


def test_batched_ellipses_are_the_single_ellipses_vertex_for_vertex(batch: list[Incident]) -> None:
    real = [i for i in batch if i.ellipse.semi_major_m > 0]  # the others have no polygon
    many = incident_polygons(real)
    for inc, poly in zip(real, many, strict=True):
        assert np.array_equal(
            shapely.get_coordinates(poly), shapely.get_coordinates(incident_polygon(inc))
        )
    fast = from_incidents(batch)
    slow = [from_incident(i) for i in batch]
    assert [s.area is None for s in fast] == [i.ellipse.semi_major_m <= 0 for i in batch]
    for a, b in zip(fast, slow, strict=True):
        assert a == b or shapely.equals_exact(a.area, b.area, tolerance=0.0)
        assert a.record_ids == b.record_ids and a.origin == b.origin and a.lon == b.lon


def test_batched_area_facts_match_one_area_at_a_time(
    index: SpatialIndex, batch: list[Incident]
) -> None:
    areas = [s.area for s in from_incidents(batch) if s.area is not None]
    rng = np.random.default_rng(5)
    for k in range(60):  # sectors and accuracy discs from observers near the line
        lon, lat = _boundary_points(index)[rng.integers(0, 500)]
        if k % 2:
            areas.append(disc(lon=lon, lat=lat, radius_m=float(rng.uniform(50, 3000))))
        else:
            areas.append(
                sectors(
                    lon=lon,
                    lat=lat,
                    bearings_deg=(float(rng.uniform(0, 360)),),
                    half_width_deg=11.25,
                    min_km=1.0,
                    max_km=float(rng.uniform(2, 8)),
                )
            )
    got, in_area = describe_areas(index, areas)
    kinds = {"yes": 0, "partly": 0, "no": 0}
    straddling = 0
    for area, fast, inside in zip(areas, got, in_area, strict=True):
        slow, slow_inside = _reference(index, area)
        assert inside == slow_inside
        assert (fast.sides, fast.wholly_on) == (slow.sides, slow.wholly_on)
        assert (fast.zones_intersecting, fast.zones_covering) == (
            slow.zones_intersecting,
            slow.zones_covering,
        )
        assert fast.min_distance_m == slow.min_distance_m
        assert fast.max_distance_m == pytest.approx(slow.max_distance_m, rel=1e-12, abs=1e-9)
        kinds[inside] += 1
        straddling += len(slow.sides) > 1 or slow.zones_intersecting != slow.zones_covering
    # The sample really exercises the boundaries.
    assert min(kinds.values()) > 5 and straddling > 50
    assert sum(f.min_distance_m == 0 for f in got) > 50


def test_engine_results_do_not_depend_on_the_batch(
    demo: AgreementHistory, batch: list[Incident]
) -> None:
    subjects = from_incidents(batch)
    whole = ComplianceEngine(demo).assess(subjects)
    engine = ComplianceEngine(demo)
    one_by_one = [v for s in subjects for v in engine.assess([s]).violations]
    assert whole.violations == one_by_one
    assert len({v.outcome for v in whole.violations}) == 2


def test_facts_of_a_subject_without_location_or_area(index: SpatialIndex) -> None:
    assert describe_areas(index, []) == ([], [])
    assert from_incidents([]) == []
    assert compute_facts(index, []) == []


def test_progress_is_told_after_each_batch(
    demo: AgreementHistory, batch: list[Incident], monkeypatch: pytest.MonkeyPatch
) -> None:
    subjects = from_incidents(batch[:50])
    whole = ComplianceEngine(demo).assess(subjects).violations
    monkeypatch.setattr(engine_module, "BATCH", 20)
    seen: list[tuple[int, int]] = []
    batched = ComplianceEngine(demo).assess(subjects, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(20, 50), (40, 50), (50, 50)]
    assert batched.violations == whole
