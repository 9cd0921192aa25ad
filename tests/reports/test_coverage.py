"""Coverage of the toy line, computed by hand (see tests/reports/conftest.py for the line)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.reports.conftest import KM_PER_DEG_LON, P0, P1
from truce.agreement.models import Agreement
from truce.domain.coverage import Coverage
from truce.reports.coverage import LineSamples, compute_coverage

HALF_KM = 0.2 * KM_PER_DEG_LON  # each region holds 0.2 degrees of the line


def cov(n: int, start: datetime, end: datetime, **over: Any) -> Coverage:
    rec: dict[str, Any] = {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "source": {"type": "post", "id": f"post-{n}"},
        "observed": {"start": start.isoformat(), "end": end.isoformat()},
        "position": {"lon": 38.0, "lat": 48.0},
        "range_km": 5,
        "status": "operational",
    }
    rec.update(over)
    return Coverage.model_validate({k: v for k, v in rec.items() if v is not None})


@pytest.fixture(scope="module")
def samples(toy: Agreement) -> LineSamples:
    return LineSamples.of(toy)


def test_line_lengths(samples: LineSamples) -> None:
    assert samples.regions == ("donetsk", "luhansk")
    assert samples.line_m("donetsk") / 1000 == pytest.approx(HALF_KM, rel=3e-3)
    assert samples.line_m("luhansk") / 1000 == pytest.approx(HALF_KM, rel=3e-3)


def test_no_records_no_coverage(samples: LineSamples) -> None:
    r = compute_coverage(samples=samples, records=[], start=P0, end=P1)
    for g in ("donetsk", "luhansk"):
        assert r.regions[g].share == 0.0
        assert r.regions[g].uncovered_hours == tuple(range(24))
        assert not r.regions[g].supports_none_recorded


def test_post_half_a_day_and_uav_flight(samples: LineSamples) -> None:
    # post at the line's west end, 5 km, the first 12 hours: 5 of 14.9 km of donetsk's line
    post = cov(1, P0, P0 + timedelta(hours=12))
    # UAV along the line 38.3-38.4 E, 1 km, 01:30-04:00 into the period: 7.45 km + 1 km west
    track = {"type": "LineString", "coordinates": [[38.3, 48.0], [38.4, 48.0]]}
    uav = cov(2, P0 + timedelta(hours=1.5), P0 + timedelta(hours=4), position=None, track=track,
              range_km=1, source={"type": "uav", "id": "uav-1"})  # fmt: skip
    broken = cov(3, P0, P1, position={"lon": 38.35, "lat": 48.01}, status="non_operational",
                 source={"type": "camera", "id": "cam-9"})  # fmt: skip
    r = compute_coverage(samples=samples, records=[post, uav, broken], start=P0, end=P1)
    d, lu = r.regions["donetsk"], r.regions["luhansk"]
    part = 5.0 / HALF_KM
    assert d.hourly[0] == pytest.approx(part, abs=0.02)
    assert d.hourly[11] == pytest.approx(part, abs=0.02) and d.hourly[12] == 0.0
    assert d.share == pytest.approx(part / 2, abs=0.01)
    assert d.uncovered_hours == tuple(range(12, 24))
    seen = (0.1 * KM_PER_DEG_LON + 1.0) / HALF_KM
    assert lu.hourly[0] == 0.0
    assert lu.hourly[1] == pytest.approx(seen / 2, abs=0.02)
    assert lu.hourly[2] == pytest.approx(seen, abs=0.02) == lu.hourly[3]
    assert lu.hourly[4] == 0.0
    assert lu.share == pytest.approx(2.5 * seen / 24, abs=0.005)
    assert lu.non_operational == ("camera:cam-9",) and d.non_operational == ()


def test_supported_only_with_enough_coverage(samples: LineSamples) -> None:
    far = [cov(k, P0, P1, position={"lon": 38.0 + 0.1 * k, "lat": 48.0}, range_km=8)
           for k in range(5)]  # fmt: skip
    r = compute_coverage(samples=samples, records=far, start=P0, end=P1)
    assert r.regions["donetsk"].share == pytest.approx(1.0, abs=1e-3)
    assert r.regions["donetsk"].supports_none_recorded
    assert r.covered_any.all()


def test_records_outside_the_period_do_not_count(samples: LineSamples) -> None:
    before = cov(1, P0 - timedelta(hours=5), P0)  # ends where the period starts: half-open
    r = compute_coverage(samples=samples, records=[before], start=P0, end=P1)
    assert r.regions["donetsk"].share == 0.0


def test_line_runs_split_where_coverage_or_region_changes(samples: LineSamples) -> None:
    from truce.reports.coverage import line_runs, observed_pieces

    post = cov(1, P0, P0 + timedelta(hours=1))
    again = cov(4, P0 + timedelta(hours=2), P0 + timedelta(hours=3))  # same post, later
    broken = cov(3, P0, P1, position={"lon": 38.35, "lat": 48.0}, status="non_operational")
    covered = observed_pieces(samples, [post, again, broken])
    runs = line_runs(samples, covered)
    assert [(r.covered, r.region) for r in runs] == [
        (True, "donetsk"),
        (False, "donetsk"),
        (False, "luhansk"),
    ]
    assert runs[0].length_m / 1000 == pytest.approx(5.0, abs=0.3)  # the post's 5 km
    assert runs[0].coordinates[0] == pytest.approx((38.0, 48.0), abs=1e-6)
    assert runs[0].coordinates[-1][0] == pytest.approx(38.0 + 5.0 / KM_PER_DEG_LON, abs=0.004)
    for a, b in zip(runs[:-1], runs[1:], strict=True):  # one line: each run starts where
        assert a.coordinates[-1] == pytest.approx(b.coordinates[0])  # the one before ends
    assert sum(r.length_m for r in runs) == pytest.approx(float(samples.length_m.sum()))
    assert not observed_pieces(samples, [broken]).any()  # non-operational covers nothing
