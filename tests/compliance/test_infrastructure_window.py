"""``infrastructure_window``: fire at a site during its local ceasefire window."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import shapely
from shapely.geometry import shape

from tests.compliance.conftest import clause_of, run, subject
from truce.agreement import Agreement, SpatialIndex
from truce.compliance import infrastructure_window
from truce.compliance.model import UNDETERMINED, Outcome
from truce.compliance.timewindows import relation

KYIV = ZoneInfo("Europe/Kyiv")
DAY = datetime(2021, 6, 10, tzinfo=KYIV)  # site-dfs window: daily 08:00-18:00 Kyiv time


def _at_dfs(v2: Agreement, start: datetime, end: datetime, **kw: object):  # type: ignore[no-untyped-def]
    site = next(s for s in v2.sites if s.id == "site-dfs")
    c = shapely.centroid(shape(site.geometry))
    return subject("explosion", c.x, c.y, start=start, end=end, **kw)


@pytest.mark.parametrize(
    ("start_h", "end_h", "outcome"),
    [
        (10.0, 10.5, Outcome.BREACHED),
        (6.0, 7.0, Outcome.NOT_BREACHED),
        (7.5, 8.0, Outcome.UNDETERMINED),  # the window starts at the observation's end
        (7.5, 7.99, Outcome.NOT_BREACHED),
        (17.5, 18.5, Outcome.UNDETERMINED),
        (18.0, 19.0, Outcome.NOT_BREACHED),  # the window is half-open: ends at 18:00
        (8.0, 8.0, Outcome.BREACHED),
    ],
)
def test_time_relation(
    v2: Agreement, index: SpatialIndex, start_h: float, end_h: float, outcome: Outcome
) -> None:
    s = _at_dfs(v2, DAY + timedelta(hours=start_h), DAY + timedelta(hours=end_h))
    f = run(infrastructure_window, s, clause_of(v2, "infrastructure_window"), v2, index)
    assert f is not None and f.outcome is outcome
    if outcome is Outcome.BREACHED:
        assert f.facts.zone == "site-dfs" and f.facts.time_window is not None
        assert f.facts.time_window.start == DAY + timedelta(hours=8)
        assert f.attribution == UNDETERMINED  # an impact says nothing about the origin


def test_away_from_sites_and_partly_overlapping(v2: Agreement, index: SpatialIndex) -> None:
    clause = clause_of(v2, "infrastructure_window")
    far = subject(
        "explosion", 38.0, 48.0, start=DAY + timedelta(hours=10), end=DAY + timedelta(hours=10)
    )
    f = run(infrastructure_window, far, clause, v2, index)
    assert f is not None and f.outcome is Outcome.NOT_BREACHED
    near = _at_dfs(v2, DAY + timedelta(hours=10), DAY + timedelta(hours=10))
    assert near.lon is not None and near.lat is not None
    area = shapely.Point(near.lon + 0.012, near.lat).buffer(0.01)
    partly = _at_dfs(v2, DAY + timedelta(hours=10), DAY + timedelta(hours=10), area=area)
    f = run(infrastructure_window, partly, clause, v2, index)
    assert f is not None and f.outcome is Outcome.UNDETERMINED


def test_absolute_window_of_the_power_line(v2: Agreement, index: SpatialIndex) -> None:
    site = next(s for s in v2.sites if s.id == "site-shchastia-power-line")
    c = shapely.centroid(shape(site.geometry))
    at = datetime(2021, 3, 3, 20, 0, tzinfo=KYIV)  # outside the daily hours, inside 1-5 March
    f = run(
        infrastructure_window,
        subject("fire", c.x, c.y, start=at, end=at),
        clause_of(v2, "infrastructure_window"),
        v2,
        index,
    )
    assert f is not None and f.outcome is Outcome.BREACHED


def test_relation_edges() -> None:
    t = datetime(2021, 1, 1, tzinfo=KYIV)
    h = timedelta(hours=1)
    assert relation(t, t + h, t + h, t + 3 * h) == "partial"
    assert relation(t + 3 * h, t + 4 * h, t + h, t + 3 * h) == "outside"
    assert relation(t + h, t + 2 * h, t + h, t + 3 * h) == "inside"
