"""One report's tallies, sorted and located once (issue 13 speed), against counting each period
from scratch: the same incidents in the same order, including those that start exactly at a
period's start (counted) or end (the next period's), outside every region, or dismissed."""

from __future__ import annotations

from datetime import timedelta

from tests.reports.conftest import P0
from tests.reports.fixtures import INCIDENTS, violations
from truce.agreement.models import Agreement
from truce.domain.vocabulary import CEASEFIRE_VIOLATION_KINDS
from truce.reports.coverage import Regions
from truce.reports.figures import Tallier, Tally, dismissed_incidents
from truce.reports.period import Period


def _from_scratch(period: Period, regions: Regions, dismissed: set[str]) -> dict[str, Tally]:
    out = {k: Tally() for k in regions.keys}
    chosen = sorted(
        (
            i
            for i in INCIDENTS.values()
            if i.kind in CEASEFIRE_VIOLATION_KINDS and period.start <= i.window.start < period.end
        ),
        key=lambda i: (i.window.start, str(i.id)),
    )
    for inc in chosen:
        (rid,) = regions.of([inc.lon], [inc.lat])
        if str(inc.id) in dismissed:
            out[rid].dismissed.append(inc)
        else:
            out[rid].add(inc)
    return out


def _summary(tallies: dict[str, Tally]) -> dict[str, tuple[int, int, list[str], list[str]]]:
    return {
        k: (
            t.ceasefire_violations,
            t.explosions,
            [str(i.id) for i in t.incidents],
            [str(i.id) for i in t.dismissed],
        )
        for k, t in tallies.items()
    }


def test_tallier_counts_every_period_as_from_scratch(toy: Agreement) -> None:
    regions = Regions(toy)
    dismissed = dismissed_incidents(violations())
    tallier = Tallier(incidents=list(INCIDENTS.values()), regions=regions, dismissed=dismissed)
    hour = timedelta(hours=1)
    starts = [P0 + k * hour for k in range(-30, 30)] + [P0 - timedelta(days=3)]
    lengths = (hour, 24 * hour, 48 * hour)
    seen = set()
    for start in starts:
        for length in lengths:
            p = Period(start, start + length)
            got = _summary(tallier.count(p))
            assert got == _summary(_from_scratch(p, regions, set(dismissed)))
            seen.add(sum(len(v[2]) + len(v[3]) for v in got.values()))
    assert len(seen) > 4  # periods holding different numbers of incidents
