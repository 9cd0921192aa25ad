"""Every figure of a daily report, computed by hand from tests/reports/fixtures.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.reports.conftest import P0, P1
from tests.reports.fixtures import INCIDENTS, LEAF_OF, violations
from truce.agreement.models import Agreement
from truce.domain.coverage import Coverage
from truce.reports import period as periods
from truce.reports.coverage import LineSamples
from truce.reports.figures import expand_leaves, first_difference, leaf_ranges
from truce.reports.model import DailyReport, ReportInputs, build_daily_report
from truce.reports.places import NamedPlace, PlaceIndex


def inputs(toy: Agreement, period: periods.Period, **over: Any) -> ReportInputs:
    samples = LineSamples.of(toy)
    zolote = NamedPlace("Zolote", 38.1, 48.02, (("uk", "Золоте"), ("ru", "Золотое")))
    fields: dict[str, Any] = {
        "agreement": toy,
        "reporting": toy.doc.reporting_period,
        "period": period,
        "incidents": list(INCIDENTS.values()),
        "violations": violations(),
        "observations": [],
        "coverage": [],
        "samples": samples,
        "places": PlaceIndex([zolote, NamedPlace("Far", 38.9, 48.5)], samples.plane),
        "leaf_of": LEAF_OF,
        "checkpoint": {"size": 200, "root": "ab" * 32},
    }
    fields.update(over)
    return ReportInputs(**fields)


@pytest.fixture(scope="module")
def daily(toy: Agreement) -> DailyReport:
    return build_daily_report(
        inputs(toy, periods.daily(date(2021, 3, 2), toy.doc.reporting_period))
    )


def test_period_is_the_agreement_period(daily: DailyReport) -> None:
    assert daily.figures["period"] == {"start": P0.isoformat(), "end": P1.isoformat()}
    assert daily.period.start == P0 and daily.period.end == P1


def test_regions_counts_and_explosions(daily: DailyReport) -> None:
    r = daily.figures["regions"]
    # donetsk: A 10 + D 6 (starts 10 min before the end: straddles) + F 2 (starts at the start)
    assert r["donetsk"]["ceasefire_violations"] == 18
    assert r["donetsk"]["explosions"] == 16
    assert r["donetsk"]["incidents"] == 3 and r["donetsk"]["observations"] == 4
    # luhansk: B 7 + H 3 (one violation dismissed, one not); G dismissed entirely
    assert r["luhansk"]["ceasefire_violations"] == 10 and r["luhansk"]["explosions"] == 0
    assert r["luhansk"]["dismissed_incidents"] == 1
    # C lies outside every region
    assert r["other"]["ceasefire_violations"] == 4 and r["other"]["explosions"] == 4
    t = daily.figures["totals"]
    assert (t["ceasefire_violations"], t["explosions"], t["incidents"]) == (32, 20, 6)
    assert t["dismissed_incidents"] == 1 and t["observations"] == 8


def test_previous_period(daily: DailyReport) -> None:
    r = daily.figures["regions"]
    assert r["donetsk"]["previous"] == {"ceasefire_violations": 8, "explosions": 8, "leaves": [111]}
    assert r["luhansk"]["previous"] == {"ceasefire_violations": 5, "explosions": 0, "leaves": [112]}
    assert r["other"]["previous"] == {"ceasefire_violations": 0, "explosions": 0, "leaves": []}
    assert daily.figures["totals"]["previous"] == {"ceasefire_violations": 13, "explosions": 8}


def test_leaves_name_the_counted_observations(daily: DailyReport) -> None:
    r = daily.figures["regions"]
    assert r["donetsk"]["leaves"] == [101, 102, 105, 106]  # o1, o2, o5, o6
    assert r["luhansk"]["leaves"] == [103, 108, 109]
    assert r["other"]["leaves"] == [104]
    assert daily.figures["checkpoint"] == {"size": 200, "root": "ab" * 32}


def test_places_named_smm_style(daily: DailyReport) -> None:
    (top, *_) = daily.places["donetsk"]
    # A lies 2.22 km south of Zolote (0.02 degrees of latitude); D and F 0.05 degrees (3.72 km)
    # east and west of A: sqrt(3.72^2 + 2.22^2) = 4.33 km. Mean bearing, weighted 10/6/2:
    # A 180, D 121, F 239 degrees -> 164 degrees: south.
    assert top.place.name == "Zolote" and top.direction == "S"
    assert (top.km_min, top.km_max) == (2, 5) and top.ceasefire_violations == 18


def test_multi_day(toy: Agreement) -> None:
    rp = toy.doc.reporting_period
    p = periods.between(date(2021, 2, 28), date(2021, 3, 2), rp)
    assert p.start == P0 - timedelta(days=1) and p.end == P1
    f = build_daily_report(inputs(toy, p)).figures
    assert [d["ceasefire_violations"] for d in f["days"]] == [13, 32]
    assert f["totals"]["ceasefire_violations"] == 45
    assert f["regions"]["donetsk"]["ceasefire_violations"] == 8 + 18
    assert f["totals"]["previous"]["ceasefire_violations"] == 9  # K, two days before


def test_period_without_observations(toy: Agreement) -> None:
    f = build_daily_report(inputs(toy, periods.daily(date(2021, 3, 10), toy.doc.reporting_period)))
    assert f.figures["totals"]["ceasefire_violations"] == 0
    assert all(r["leaves"] == [] for r in f.figures["regions"].values())
    assert f.figures["regions"]["donetsk"]["coverage_share"] == 0.0


def _full_coverage(start: Any, end: Any) -> list[Coverage]:
    return [
        Coverage.model_validate(
            {
                "id": f"00000000-0000-4000-9000-{k:012d}",
                "source": {"type": "post", "id": f"post-{k}"},
                "observed": {"start": start.isoformat(), "end": end.isoformat()},
                "position": {"lon": 38.0 + 0.1 * k, "lat": 48.0},
                "range_km": 8,
                "status": "operational",
            }
        )  # fmt: skip
        for k in range(5)
    ]


@pytest.mark.parametrize(
    ("covered", "says", "never"),
    [
        (False, "could not observe the contact line", "recorded no ceasefire violations"),
        (True, "the mission recorded no ceasefire violations.", "could not observe"),
    ],
)
def test_no_violations_only_where_coverage_supports_it(
    toy: Agreement, covered: bool, says: str, never: str
) -> None:
    from truce.reports.render import render

    p = periods.daily(date(2021, 3, 10), toy.doc.reporting_period)
    cov = _full_coverage(p.start, p.end) if covered else []
    report = build_daily_report(inputs(toy, p, coverage=cov))
    text = render(report, lang="en", fmt="md").decode()
    assert says in text and never not in text
    if covered:
        assert report.figures["regions"]["donetsk"]["coverage_share"] == pytest.approx(1.0)


def test_leaf_ranges_round_trip() -> None:
    xs = [5, 1, 2, 3, 9, 10, 12, 13, 14, 15]
    assert leaf_ranges(xs) == [[1, 3], 5, 9, 10, [12, 15]]
    assert expand_leaves(leaf_ranges(xs)) == sorted(xs)


def test_first_difference_names_the_figure() -> None:
    a = {"totals": {"x": 1}, "regions": {"donetsk": {"ceasefire_violations": 3, "leaves": [1]}}}
    b = {"totals": {"x": 1}, "regions": {"donetsk": {"ceasefire_violations": 2, "leaves": [1]}}}
    assert first_difference(a, b) == "regions.donetsk.ceasefire_violations"
    assert first_difference(a, a) is None


def test_dismissal_leaves_name_the_decision_and_the_observations(toy: Agreement) -> None:
    from tests.reports.fixtures import violations as vs

    decision_leaf = {str(v.id): 300 + k for k, (v, d) in enumerate(vs()) if d is not None}
    p = periods.daily(date(2021, 3, 2), toy.doc.reporting_period)
    f = build_daily_report(inputs(toy, p, decision_leaf_of=decision_leaf)).figures
    # G is dismissed entirely: its decision (violation 1, leaf 300) and its observation o7
    assert expand_leaves(f["dismissal_leaves"]) == [107, 300]
