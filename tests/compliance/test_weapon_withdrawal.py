"""``weapon_withdrawal``: breached, not breached, undetermined; boundaries; vectorised form."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import mapping, shape

from tests.agreement.conftest import point_from_line
from tests.compliance.conftest import clause_of, run, subject
from truce.agreement import Agreement, SpatialIndex
from truce.agreement.models import HoldingArea
from truce.compliance import weapon_withdrawal
from truce.compliance.model import UNDETERMINED, Outcome
from truce.domain.vocabulary import Weapon


def _w(lon: float, lat: float, *weapons: Weapon, **kw: object):  # type: ignore[no-untyped-def]
    return subject("weapon", lon, lat, weapons=weapons, **kw)


@pytest.mark.parametrize(
    ("party", "km", "weapon", "calibre", "outcome"),
    [
        ("side-a", 10, Weapon.TANK, None, Outcome.BREACHED),
        ("side-b", 10, Weapon.TANK, None, Outcome.BREACHED),
        ("side-a", 16, Weapon.TANK, None, Outcome.NOT_BREACHED),
        ("side-a", 20, Weapon.ARTILLERY, 152.0, Outcome.BREACHED),
        ("side-a", 20, Weapon.ARTILLERY, 85.0, Outcome.NOT_BREACHED),
        ("side-a", 20, Weapon.ARTILLERY, None, Outcome.UNDETERMINED),  # 15 or 25 km?
        ("side-a", 10, Weapon.ARTILLERY, None, Outcome.BREACHED),  # inside both
        ("side-b", 12, Weapon.MORTAR, 120.0, Outcome.BREACHED),
    ],
)
def test_outcomes(
    v2: Agreement,
    index: SpatialIndex,
    party: str,
    km: float,
    weapon: Weapon,
    calibre: float | None,
    outcome: Outcome,
) -> None:
    lon, lat = point_from_line(index, party, km * 1000)
    f = run(
        weapon_withdrawal,
        _w(lon, lat, weapon, calibre_mm=calibre),
        clause_of(v2, "weapon_withdrawal"),
        v2,
        index,
    )
    assert f is not None and f.outcome is outcome
    if outcome is not Outcome.NOT_BREACHED:
        assert f.attribution == party
        assert f.facts.weapon is weapon and f.facts.side == party


def test_exactly_at_the_limit_complies(v2: Agreement, index: SpatialIndex) -> None:
    lon, lat = point_from_line(index, "side-a", 9_000)
    d = float(index.distance_m([lon], [lat])[0])
    clause = clause_of(v2, "weapon_withdrawal")
    limit = clause.parameters.limits[0].model_copy(
        update={"weapons": (Weapon.TANK,), "calibre_mm_min": None, "distance_km": d / 1000}
    )
    at_limit = clause.model_copy(
        update={"parameters": clause.parameters.model_copy(update={"limits": (limit,)})}
    )
    f = run(weapon_withdrawal, _w(lon, lat, Weapon.TANK), at_limit, v2, index)
    assert f is not None and f.outcome is Outcome.NOT_BREACHED


def test_a_weapon_exactly_on_the_line_is_breached_but_unattributed(
    v2: Agreement, index: SpatialIndex
) -> None:
    lon, lat = shape(v2.contact_line[0].geometry).coords[40]
    f = run(
        weapon_withdrawal, _w(lon, lat, Weapon.TANK), clause_of(v2, "weapon_withdrawal"), v2, index
    )
    assert f is not None and f.outcome is Outcome.BREACHED and f.attribution == UNDETERMINED
    assert f.facts.distance_m == 0.0 and f.facts.side is None


def test_not_a_listed_weapon_or_kind_is_not_covered(v2: Agreement, index: SpatialIndex) -> None:
    lon, lat = point_from_line(index, "side-a", 1000)
    clause = clause_of(v2, "weapon_withdrawal")
    assert run(weapon_withdrawal, _w(lon, lat, Weapon.SMALL_ARMS), clause, v2, index) is None
    assert (
        run(weapon_withdrawal, subject("fire", lon, lat, weapons=(Weapon.TANK,)), clause, v2, index)
        is None
    )


def test_unlocated_and_straddling_sightings_are_undetermined(
    v2: Agreement, index: SpatialIndex
) -> None:
    clause = clause_of(v2, "weapon_withdrawal")
    f = run(weapon_withdrawal, _w(None, None, Weapon.TANK), clause, v2, index)
    assert f is not None and f.outcome is Outcome.UNDETERMINED
    lon, lat = point_from_line(index, "side-a", 15_000)
    sector = shapely.Point(lon, lat).buffer(0.02)  # ~1.5 km either way of the 15 km limit
    f = run(weapon_withdrawal, _w(lon, lat, Weapon.TANK, area=sector), clause, v2, index)
    assert (
        f is not None and f.outcome is Outcome.UNDETERMINED and f.facts.distance_range_m is not None
    )


def _with_holding_area_at_1km(
    v2: Agreement, index: SpatialIndex
) -> tuple[Agreement, tuple[float, float]]:
    lon, lat = point_from_line(index, "side-a", 1000)
    square = shapely.Point(lon, lat).buffer(0.002, cap_style="square")
    ha = HoldingArea(
        geometry=mapping(square),
        id="ha-test",
        party="side-a",
        name={"en": "t"},
        inventory={Weapon.TANK: 3},
    )
    return v2.model_copy(update={"holding_areas": (*v2.holding_areas, ha)}), (lon, lat)


def test_inside_a_holding_area_at_1_km_is_exempt(v2: Agreement, index: SpatialIndex) -> None:
    agreement, (lon, lat) = _with_holding_area_at_1km(v2, index)
    local = SpatialIndex(agreement)
    clause = clause_of(agreement, "weapon_withdrawal")
    inside = run(weapon_withdrawal, _w(lon, lat, Weapon.TANK), clause, agreement, local)
    assert (
        inside is not None
        and inside.outcome is Outcome.NOT_BREACHED
        and inside.facts.holding_area == "ha-test"
    )
    olon, olat = point_from_line(local, "side-a", 1400)  # 400 m further out, outside the square
    outside = run(weapon_withdrawal, _w(olon, olat, Weapon.TANK), clause, agreement, local)
    assert outside is not None and outside.outcome is Outcome.BREACHED
    codes, dist, _ = weapon_withdrawal.check_points(
        index=local,
        clause=clause,
        lon=[lon, olon],
        lat=[lat, olat],
        weapon_code=[weapon_withdrawal.WEAPON_CODES.index(Weapon.TANK)] * 2,
    )
    assert list(codes) == [weapon_withdrawal.NOT_BREACHED, weapon_withdrawal.BREACHED]


def test_vectorised_form_agrees_with_the_per_subject_rules(
    v2: Agreement, index: SpatialIndex
) -> None:
    rng = np.random.default_rng(5)
    n = 300
    lon, lat = rng.uniform(36.8, 40.0, n), rng.uniform(47.0, 49.8, n)
    weapons = [Weapon.TANK, Weapon.ARTILLERY, Weapon.MLRS, Weapon.HEAVY_MLRS, Weapon.SMALL_ARMS]
    wk = rng.integers(0, len(weapons), n)
    calibre = np.where(rng.random(n) < 0.5, np.nan, rng.choice([82.0, 122.0, 152.0], n))
    clause = clause_of(v2, "weapon_withdrawal")
    codes, _, _ = weapon_withdrawal.check_points(
        index=index, clause=clause, lon=lon, lat=lat,
        weapon_code=[weapon_withdrawal.WEAPON_CODES.index(weapons[k]) for k in wk],
        calibre_mm=calibre,
    )  # fmt: skip
    expect = {None: 0, Outcome.NOT_BREACHED: 0, Outcome.BREACHED: 1, Outcome.UNDETERMINED: 2}
    for i in range(n):
        cal = None if np.isnan(calibre[i]) else float(calibre[i])
        f = run(
            weapon_withdrawal,
            _w(float(lon[i]), float(lat[i]), weapons[wk[i]], calibre_mm=cal),
            clause,
            v2,
            index,
        )
        assert codes[i] == expect[None if f is None else f.outcome], i
