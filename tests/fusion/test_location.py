"""Geometry of location: bearings, parallel lines, single-observer sectors, ellipses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.fusion.conftest import PLANE, make_obs
from truce.domain.incident import CHI2_2DOF_95
from truce.fusion import fuse
from truce.fusion.location import (
    BEARING_REPORT_SIGMA_DEG,
    bearing_sigma,
    distance_sigma,
    ellipse_from_cov,
    fit_bearing_sigma,
    fit_distance_sigma,
    widened_sector,
)
from truce.fusion.table import from_observations


def _xy(inc: object) -> tuple[float, float]:
    x, y = PLANE.forward(inc.lon, inc.lat)  # type: ignore[attr-defined]
    return float(x), float(y)


@pytest.mark.parametrize(
    ("truth", "a", "b"),
    [
        ((0.0, 0.0), (-3000.0, 0.0), (0.0, -3000.0)),
        ((1500.0, 2500.0), (-2000.0, -1000.0), (4000.0, 0.0)),
        ((0.0, 5000.0), (-800.0, 0.0), (800.0, 0.0)),  # a narrow angle of cut
    ],
)
def test_two_perfect_bearings_intersect_at_the_truth(truth, a, b) -> None:
    obs = [
        make_obs(
            *p, src=s, deg=math.degrees(math.atan2(truth[0] - p[0], truth[1] - p[1])), sigma=1.0
        )
        for p, s in ((a, "a"), (b, "b"))
    ]
    (inc,) = fuse(obs, plane=PLANE)
    x, y = _xy(inc)
    assert math.hypot(x - truth[0], y - truth[1]) < 25.0
    assert inc.method == "wls"
    assert inc.ellipse.contains_offset(truth[0] - x, truth[1] - y)


def test_parallel_bearings_do_not_give_a_point_at_infinity() -> None:
    obs = [make_obs(0.0, 0.0, src="a", deg=0.0), make_obs(1000.0, 0.0, src="b", deg=0.0)]
    (inc,) = fuse(obs, plane=PLANE)
    x, y = _xy(inc)
    assert math.isfinite(x) and math.isfinite(y)
    assert abs(x) < 2000.0 and 0.0 < y < 20_000.0  # ahead of both observers, between them
    assert math.isfinite(inc.ellipse.semi_major_m) and inc.ellipse.semi_major_m < 100_000.0
    assert inc.ellipse.orientation_deg < 10.0 or inc.ellipse.orientation_deg > 170.0


def test_coincident_observers_same_bearing_stay_finite() -> None:
    obs = [make_obs(0.0, 0.0, src="a", words=["E"]), make_obs(0.0, 0.0, src="b", words=["E"])]
    (inc,) = fuse(obs, plane=PLANE)
    x, y = _xy(inc)
    assert math.isfinite(x) and x > 0


@pytest.mark.parametrize(
    ("words", "dist"),
    [(["N"], (2.0, 4.0)), (["SE", "S"], (3.0, 5.0)), (["W"], (0.1, 0.5)), (["NNE"], None)],
)
def test_single_observer_ellipse_covers_its_sector(words, dist) -> None:
    o = make_obs(0.0, 0.0, src="a", words=words, dist=dist)
    (inc,) = fuse([o], plane=PLANE)
    assert inc.method == "sector"
    cx, cy = _xy(inc)
    table, _ = from_observations([o], plane=PLANE)
    c, h, r1, r2 = (float(v[0]) for v in widened_sector(table))
    # the reported sector and the error-widened one are both covered, boundary included
    for hh, lo, hi in ((h, r1, r2), (float(table.half[0]), table.dmin[0], table.dmax[0])):
        ang = c + np.linspace(-hh, hh, 181)[:, None]
        rr = np.linspace(lo, hi, 41)[None, :]
        px, py = rr * np.sin(ang), rr * np.cos(ang)
        inside = [
            inc.ellipse.contains_offset(float(a) - cx, float(b) - cy)
            for a, b in zip(px.ravel(), py.ravel(), strict=True)
        ]
        assert all(inside)
    # and the centre is the sector's centroid: on the bisector
    bis = math.degrees(math.atan2(cx, cy)) % 360.0
    assert abs((bis - math.degrees(c) + 180) % 360 - 180) < 1e-6


def test_ellipse_from_covariance_axes_and_orientation() -> None:
    # variance 4e6 along north-east, 1e6 across
    az = math.radians(45.0)
    u = np.array([math.sin(az), math.cos(az)])
    v = np.array([math.cos(az), -math.sin(az)])
    cov = 4e6 * np.outer(u, u) + 1e6 * np.outer(v, v)
    a, b, o = ellipse_from_cov(np.array([cov[0, 0]]), np.array([cov[0, 1]]), np.array([cov[1, 1]]))
    assert a[0] == pytest.approx(math.sqrt(CHI2_2DOF_95 * 4e6))
    assert b[0] == pytest.approx(math.sqrt(CHI2_2DOF_95 * 1e6))
    assert o[0] == pytest.approx(45.0)


def test_ellipse_polygon_is_around_the_incident() -> None:
    obs = [make_obs(-3000.0, 0.0, src="a", deg=90.0), make_obs(0.0, -3000.0, src="b", deg=0.0)]
    (inc,) = fuse(obs, plane=PLANE)
    from truce.geo.ellipse import incident_polygon

    poly = incident_polygon(inc)
    assert poly.is_valid
    assert poly.contains(__import__("shapely").Point(inc.lon, inc.lat))


def test_fit_treats_one_and_two_compass_words_as_one_point_wide() -> None:
    """A word and the arc between two adjacent words are both 22.5 deg wide in the fit, while
    the association's sectors keep the union of the two words (twice as wide)."""
    one = make_obs(0.0, 0.0, src="a", words=["SE"], dist=(3.0, 5.0))
    two = make_obs(0.0, 0.0, src="b", words=["SE", "SSE"], dist=(3.0, 5.0))
    table, _ = from_observations([one, two], plane=PLANE)
    fit = fit_bearing_sigma(table)
    assert fit[0] == pytest.approx(fit[1])
    assert fit[0] < bearing_sigma(table)[1]
    rep = math.radians(BEARING_REPORT_SIGMA_DEG)
    assert fit[0] == pytest.approx(math.sqrt(math.radians(11.25) ** 2 / 3.0 + rep**2))


def test_fit_distance_sigma_is_relative_to_the_stated_midpoint() -> None:
    near = make_obs(0.0, 0.0, src="a", words=["N"], dist=(1.0, 3.0))
    far = make_obs(0.0, 0.0, src="b", words=["N"], dist=(4.0, 6.0))
    wide = make_obs(0.0, 0.0, src="c", words=["N"], dist=(2.0, 8.0))
    table, _ = from_observations([near, far, wide], plane=PLANE)
    sd = fit_distance_sigma(table)
    by_src = dict(zip(table.source_names, sd.tolist(), strict=True))
    assert by_src["patrol:b"] == pytest.approx(2.5 * by_src["patrol:a"], rel=0.01)
    # the written width adds nothing: same midpoint, same sigma
    assert by_src["patrol:c"] == pytest.approx(by_src["patrol:b"], rel=1e-9)
    assert by_src["patrol:a"] < distance_sigma(table)[0]
