"""``zone_exclusion``: forces, weapons or fire inside a disengagement area."""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from tests.compliance.conftest import clause_of, run, subject
from truce.agreement import Agreement, SpatialIndex
from truce.compliance import zone_exclusion
from truce.compliance.model import UNDETERMINED, Outcome
from truce.domain.vocabulary import Weapon


def _zone(v2: Agreement, zid: str):  # type: ignore[no-untyped-def]
    return shape(next(z for z in v2.zones if z.id == zid).geometry)


def test_weapon_inside_is_breached_and_attributed(v2: Agreement, index: SpatialIndex) -> None:
    zone = _zone(v2, "da-petrivske")
    p = zone.representative_point()
    f = run(
        zone_exclusion,
        subject("weapon", p.x, p.y, weapons=(Weapon.IFV,)),
        clause_of(v2, "zone_exclusion"),
        v2,
        index,
    )
    assert f is not None and f.outcome is Outcome.BREACHED and f.facts.zone == "da-petrivske"
    assert f.attribution in ("side-a", "side-b")
    assert f.attribution == index.locate([p.x], [p.y]).side[0]


def test_impact_inside_is_breached_with_undetermined_attribution(
    v2: Agreement, index: SpatialIndex
) -> None:
    p = _zone(v2, "da-zolote").representative_point()
    f = run(
        zone_exclusion, subject("explosion", p.x, p.y), clause_of(v2, "zone_exclusion"), v2, index
    )
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == UNDETERMINED


def test_on_the_zone_edge_counts_as_inside(v2: Agreement, index: SpatialIndex) -> None:
    lon, lat = _zone(v2, "da-zolote").exterior.coords[0]
    f = run(
        zone_exclusion, subject("presence", lon, lat), clause_of(v2, "zone_exclusion"), v2, index
    )
    assert f is not None and f.outcome is Outcome.BREACHED


def test_overlapping_sector_is_undetermined(v2: Agreement, index: SpatialIndex) -> None:
    zone = _zone(v2, "da-stanytsia-luhanska")
    c = zone.centroid
    area = shapely.Point(c.x + 0.03, c.y).buffer(0.03)
    assert area.intersects(zone) and not zone.covers(area)
    f = run(
        zone_exclusion,
        subject("presence", c.x + 0.03, c.y, area=area),
        clause_of(v2, "zone_exclusion"),
        v2,
        index,
    )
    assert f is not None and f.outcome is Outcome.UNDETERMINED


def test_outside_every_zone_is_not_breached(v2: Agreement, index: SpatialIndex) -> None:
    f = run(
        zone_exclusion, subject("presence", 38.0, 48.0), clause_of(v2, "zone_exclusion"), v2, index
    )
    assert f is not None and f.outcome is Outcome.NOT_BREACHED
    assert (
        run(
            zone_exclusion,
            subject("restriction", 38.0, 48.0),
            clause_of(v2, "zone_exclusion"),
            v2,
            index,
        )
        is None
    )
