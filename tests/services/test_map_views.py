"""services.map_views: the map's records are the listings' records (views.incidents,
views.violations, every page), field for field, for every role and period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from truce.domain.filters import IncidentFilter, ViolationFilter
from truce.domain.principal import PUBLIC, Principal, Role
from truce.services import decisions, map_views, views
from truce.services.demo import run_demo
from truce.services.mission import Mission

ANALYST = Principal(name="ana", role=Role.ANALYST)
PARTY = Principal(name="liaison", role=Role.PARTY, party="side-a")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mission]:
    data = tmp_path_factory.mktemp("map-views") / "demo"
    run_demo(data_dir=data, say=lambda _: None, publish=False)
    with Mission.open(data_dir=data) as mission:
        listed = _listed(views.violations, mission, ANALYST, ViolationFilter())
        # One violation notified to the party, one dismissed: the party's view differs.
        decisions.decide(mission=mission, violation_id=listed[0]["id"], status="confirmed",
                         principal="ana", reason="seen", attribution="side-a")  # fmt: skip
        decisions.decide(mission=mission, violation_id=listed[1]["id"], status="dismissed",
                         principal="ana", reason="no")  # fmt: skip
        yield mission


def _listed(listing: Any, mission: Mission, who: Principal, f: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = listing(mission=mission, principal=who, filter=f, limit=50, cursor=cursor)
        out.extend(page.items)
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def _cut(records: list[dict[str, Any]], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in fields if k in r} for r in records]


WINDOWS = [
    (None, None),
    (datetime(2021, 3, 2, 6, tzinfo=UTC), datetime(2021, 3, 2, 12, tzinfo=UTC)),
    (datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 2, tzinfo=UTC)),
]


@pytest.mark.parametrize("who", [ANALYST, PARTY, PUBLIC], ids=["analyst", "party", "public"])
@pytest.mark.parametrize("window", WINDOWS, ids=["all", "morning", "none"])
def test_map_records_are_the_listings_records(
    demo: Mission, who: Principal, window: tuple[datetime | None, datetime | None]
) -> None:
    since, until = window
    got = map_views.map_records(mission=demo, principal=who, since=since, until=until)
    incidents = _listed(views.incidents, demo, who, IncidentFilter(since=since, until=until))
    violations = _listed(views.violations, demo, who, ViolationFilter(since=since, until=until))
    assert got.incidents == _cut(incidents, map_views.INCIDENT_FIELDS)
    fields = (*map_views.VIOLATION_FIELDS, "decision", "notified_to")
    assert got.violations == _cut(violations, fields)
    if who is ANALYST and since is None:
        assert len(got.incidents) > 10 and len(got.violations) > 10
    if who is PARTY and since is None:
        assert [v["notified_to"] for v in got.violations] == ["side-a"]  # only its own


def test_memo_gives_fresh_copies(demo: Mission) -> None:
    first = map_views.map_records(mission=demo, principal=ANALYST)
    first.incidents[0]["kind"] = "changed by a caller"
    again = map_views.map_records(mission=demo, principal=ANALYST)
    assert again.incidents[0]["kind"] != "changed by a caller"


def test_shaped_records_are_memoised_for_the_mission_and_never_stale(demo: Mission) -> None:
    calls: list[int] = []

    def statuses(found: map_views.MapRecords) -> dict[str, str]:
        calls.append(1)
        return {str(v["id"]): str(v["status"]) for v in found.violations}

    def shaped(who: Principal) -> dict[str, str]:
        return map_views.shaped_records(
            mission=demo, principal=who, since=None, until=None, shape=statuses
        )

    first = shaped(ANALYST)
    assert first == statuses(map_views.map_records(mission=demo, principal=ANALYST))
    calls.clear()
    assert shaped(ANALYST) is first and calls == []  # the same stored records: memoised
    undecided = next(v for v, s in first.items() if s == "detected")
    decisions.decide(mission=demo, violation_id=undecided, status="dismissed",
                     principal="ana", reason="a flare")  # fmt: skip
    after = shaped(ANALYST)
    assert calls == [1] and after[undecided] == "dismissed"  # a new decision: computed again
    shaped(PARTY)
    shaped(PARTY)
    assert calls == [1, 1, 1]  # outside the mission: never memoised
