"""Listings in the caller's view: what the caller may not see is left out before the page is
cut, so pages are full and the cursors walk exactly the visible records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import new_id, wire
from truce.domain.principal import PUBLIC, Principal, Role
from truce.services import fusion, intake, views
from truce.services.mission import Mission
from truce.store.coverage_tables import insert_published

#: The published reporting period (UTC): 11 March 17:30 to 12 March 17:30.
PERIOD = (datetime(2025, 3, 11, 17, 30, tzinfo=UTC), datetime(2025, 3, 12, 17, 30, tzinfo=UTC))
MONITOR = Principal(name="team-d07", role=Role.MONITOR)


def _publish(mission: Mission) -> None:
    start, end = PERIOD
    doc = {"date": "2025-03-12", "files": {}, "figures": {}}
    with mission.store.begin() as conn:
        insert_published(
            conn, id="daily:2025-03-12:test", start=start.timestamp(), end=end.timestamp(),
            published=end.timestamp(), record=json.dumps(doc), leaf_index=0,
        )  # fmt: skip


def _at(hour: int, classification: str, lon: float) -> dict[str, Any]:
    """An observation on 12 March at ``hour`` UTC (in the period before 17:30, after it not)."""
    start = datetime(2025, 3, 12, hour, tzinfo=UTC)
    return wire(
        id=new_id(),
        classification=classification,
        observed={"start": start.isoformat(), "end": (start + timedelta(minutes=5)).isoformat()},
        position={"lon": lon, "lat": 48.71, "accuracy_m": 50},
    )


def _walk(page_of: Any, limit: int) -> tuple[list[str], list[int]]:
    """Every id over all pages, and the size of each page that has a next cursor."""
    ids: list[str] = []
    full: list[int] = []
    cursor = None
    while True:
        page = page_of(limit=limit, cursor=cursor)
        ids += [str(r["id"]) for r in page.items]
        if page.next_cursor is None:
            return ids, full
        full.append(len(page.items))
        cursor = page.next_cursor


def test_observation_pages_hold_only_what_the_caller_sees(mission: Mission) -> None:
    # Interleaved: mission records between the public ones, one public record after the period.
    records = [
        _at(h, c, 38.0 + h / 100)
        for h, c in [(1, "mission"), (2, "public"), (3, "mission"), (4, "mission")]
        + [(5, "public"), (6, "restricted"), (7, "public"), (18, "public")]
    ]
    own = records[3]
    assert intake.ingest_records(mission=mission, records=records[:3]).ok
    assert intake.ingest_records(mission=mission, records=[own], principal=MONITOR.name).ok
    assert intake.ingest_records(mission=mission, records=records[4:]).ok
    _publish(mission)
    public = [r["id"] for r in records if r["classification"] == "public"][:3]

    def page_as(principal: Principal) -> Any:
        return lambda **kw: views.observations_page(mission=mission, principal=principal, **kw)

    ids, full = _walk(page_as(PUBLIC), limit=2)
    assert ids == public and full == [2]
    ids, full = _walk(page_as(MONITOR), limit=2)
    assert ids == [public[0], own["id"], *public[1:]] and full == [2]
    analyst = Principal(name="ann", role=Role.ANALYST)
    ids, full = _walk(page_as(analyst), limit=3)
    assert ids == [r["id"] for r in records] and full == [3, 3]


def test_incident_pages_hold_only_released_incidents(mission: Mission) -> None:
    # Far apart (0.2 degrees, hours): each observation is an incident of its own.
    records = [_at(h, "mission", 37.0 + h / 5) for h in (1, 2, 19, 3, 20, 4)]
    assert intake.ingest_records(mission=mission, records=records).ok
    fusion.fuse(mission=mission)
    _publish(mission)
    analyst = Principal(name="ann", role=Role.ANALYST)

    def page_as(principal: Principal) -> Any:
        return lambda **kw: views.incidents(mission=mission, principal=principal, **kw)

    everything, _ = _walk(page_as(analyst), limit=50)
    assert len(everything) == len(records)
    ids, full = _walk(page_as(PUBLIC), limit=2)
    assert len(ids) == 4 and full == [2]  # the four before 17:30 on 12 March
    released = views.incidents(mission=mission, principal=PUBLIC, limit=50).items
    assert all(r["window"]["start"] < "2025-03-12T17:30" for r in released)
    assert ids == [str(r["id"]) for r in released]
