"""``no_fire``: fire anywhere in the agreement area; attribution only from an origin."""

from __future__ import annotations

import shapely

from tests.agreement.conftest import point_from_line
from tests.compliance.conftest import clause_of, run, subject
from truce.agreement import Agreement, SpatialIndex
from truce.compliance import no_fire
from truce.compliance.model import UNDETERMINED, Outcome
from truce.domain.vocabulary import ExplosionSubtype


def test_breached_with_origin_on_one_side(v2: Agreement, index: SpatialIndex) -> None:
    lon, lat = point_from_line(index, "side-b", 3000)
    s = subject(
        "explosion", lon, lat, subtype=ExplosionSubtype.OUTGOING, origin=True, basis="sector"
    )
    f = run(no_fire, s, clause_of(v2, "no_fire"), v2, index)
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == "side-b"


def test_breached_but_undetermined_for_an_impact(v2: Agreement, index: SpatialIndex) -> None:
    lon, lat = point_from_line(index, "side-a", 3000)
    s = subject("explosion", lon, lat, subtype=ExplosionSubtype.IMPACT)
    f = run(no_fire, s, clause_of(v2, "no_fire"), v2, index)
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == UNDETERMINED


def test_origin_ellipse_across_the_line_is_undetermined(v2: Agreement, index: SpatialIndex) -> None:
    lon, lat = point_from_line(index, "side-a", 300)
    ellipse = shapely.Point(lon, lat).buffer(0.01)
    s = subject("muzzle_flash", lon, lat, area=ellipse, origin=True, basis="estimate")
    f = run(no_fire, s, clause_of(v2, "no_fire"), v2, index)
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == UNDETERMINED
    assert set(f.facts.sides) == {"side-a", "side-b"}


def test_not_breached_outside_the_area_and_not_applicable_to_other_kinds(
    v2: Agreement, index: SpatialIndex
) -> None:
    f = run(no_fire, subject("explosion", 30.5, 50.45), clause_of(v2, "no_fire"), v2, index)
    assert f is not None and f.outcome is Outcome.NOT_BREACHED
    lon, lat = point_from_line(index, "side-a", 3000)
    assert run(no_fire, subject("weapon", lon, lat), clause_of(v2, "no_fire"), v2, index) is None


def test_undetermined_without_location_or_partly_inside(v2: Agreement, index: SpatialIndex) -> None:
    f = run(no_fire, subject("fire", None, None), clause_of(v2, "no_fire"), v2, index)
    assert f is not None and f.outcome is Outcome.UNDETERMINED
    # A sector reaching across the state border east of Stanytsia Luhanska.
    area = shapely.Point(39.80, 48.60).buffer(0.2)
    f = run(no_fire, subject("fire", 39.80, 48.60, area=area), clause_of(v2, "no_fire"), v2, index)
    assert f is not None and f.outcome is Outcome.UNDETERMINED
