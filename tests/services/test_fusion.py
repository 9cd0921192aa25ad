"""The fusion service on both backends: incremental fusing reads only the time around what is new,
and always stores what a full recompute of every observation gives."""

from __future__ import annotations

import io

import pytest

from truce.domain.observation import Observation
from truce.fusion import fuse
from truce.fusion.simulate import get_scenario, observations, simulate_scenario
from truce.services import intake
from truce.services.fusion import fuse as fuse_store  # the fusion stage has a fuse too
from truce.services.fusion import iter_incidents, plane_of
from truce.services.intake import InputFormat
from truce.services.mission import Mission


@pytest.fixture(scope="module")
def three_days() -> list[Observation]:
    return list(observations(simulate_scenario(get_scenario("quiet", days=3), 4)))


def _ingest(mission: Mission, obs: list[Observation]) -> None:
    data = "".join(o.wire_json() + "\n" for o in obs).encode()
    rep = intake.ingest(mission=mission, stream=io.BytesIO(data), format=InputFormat.JSONL)
    assert rep.ok, rep.rejected


def _ids(mission: Mission) -> list[str]:
    return sorted(str(i.id) for i in iter_incidents(mission=mission))


def _recomputed(mission: Mission, obs: list[Observation]) -> list[str]:
    """The ids a full recompute of ``obs`` gives, in the mission's pinned plane."""
    with mission.store.connect() as conn:
        plane = plane_of(conn)
    return sorted(str(i.id) for i in fuse(obs, plane=plane))


def test_new_days_read_only_the_time_around_them(
    mission: Mission, three_days: list[Observation]
) -> None:
    first = min(o.observed.start for o in three_days)
    day = [[o for o in three_days if (o.observed.start - first).days == d] for d in range(3)]
    _ingest(mission, day[0] + day[1])
    assert fuse_store(mission=mission).read == len(day[0]) + len(day[1])  # everything is new
    _ingest(mission, day[2])
    rep = fuse_store(mission=mission)
    assert rep.new_observations == len(day[2])
    assert rep.read < len(three_days)  # not the first day
    assert _ids(mission) == _recomputed(mission, three_days)
    again = fuse_store(mission=mission)
    assert (again.new_observations, again.read, again.deleted, again.inserted) == (0, 0, 0, 0)


def test_a_late_report_of_an_old_day_recomputes_that_day_only(
    mission: Mission, three_days: list[Observation]
) -> None:
    by_time = sorted(three_days, key=lambda o: o.observed.start)  # the simulator's is by source
    late = by_time[len(by_time) // 10]  # early on the first day
    _ingest(mission, [o for o in three_days if o.id != late.id])
    fuse_store(mission=mission)
    before = set(_ids(mission))
    _ingest(mission, [late])
    rep = fuse_store(mission=mission)
    assert rep.new_observations == 1 and rep.read < len(three_days) // 3
    after = set(_ids(mission))
    assert after == set(_recomputed(mission, three_days))
    # only the late report's island is replaced (an incident of it may come back unchanged)
    assert len(before - after) <= rep.deleted < len(before) // 10
    assert len(after - before) <= rep.inserted < len(before) // 10


def test_the_plane_is_pinned_by_the_first_fuse(
    mission: Mission, three_days: list[Observation]
) -> None:
    """Days 0-1 put the observers' median nearer 39 E, all three days nearer 38 E: the plane
    chosen from every observer at each fuse moved, and the incidents of days 0-1 fused before
    were no longer what a recompute gives. The first fuse pins it; a full recompute keeps it."""
    from truce.fusion.engine import default_plane

    first = min(o.observed.start for o in three_days)
    early = [o for o in three_days if (o.observed.start - first).days < 2]
    assert default_plane(early) != default_plane(three_days)  # the case this test is about
    _ingest(mission, early)
    fuse_store(mission=mission)
    with mission.store.connect() as conn:
        pinned = plane_of(conn)
    assert pinned == default_plane(early)
    _ingest(mission, [o for o in three_days if o not in early])
    fuse_store(mission=mission)
    incremental = _ids(mission)
    fuse_store(mission=mission, full=True)
    with mission.store.connect() as conn:
        assert plane_of(conn) == pinned
    assert _ids(mission) == incremental == _recomputed(mission, three_days)


def test_full_recompute_reads_everything(mission: Mission, three_days: list[Observation]) -> None:
    _ingest(mission, three_days)
    fuse_store(mission=mission)
    rep = fuse_store(mission=mission, full=True)
    assert rep.read == len(three_days) and rep.inserted == rep.incidents == rep.deleted


def test_incident_pages_follow_the_cursor_and_filters(
    mission: Mission, three_days: list[Observation]
) -> None:
    from truce.domain.filters import IncidentFilter
    from truce.errors import InvalidInput, NotFound
    from truce.services.fusion import get_incident, list_incidents

    _ingest(mission, three_days)
    fuse_store(mission=mission)
    every = iter_incidents(mission=mission)
    seen: list[str] = []
    cursor = None
    while True:
        page = list_incidents(mission=mission, limit=7, cursor=cursor)
        seen += [str(i.id) for i in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [str(i.id) for i in every] and len(seen) > 7
    kind = every[0].kind
    day = every[0].window.start
    chosen = list_incidents(mission=mission, filter=IncidentFilter(kinds=(kind,), until=day))
    assert chosen.items and all(i.kind == kind and i.window.start <= day for i in chosen.items)
    assert get_incident(mission=mission, incident_id=every[3].id) == every[3]
    with pytest.raises(NotFound):
        get_incident(mission=mission, incident_id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(InvalidInput, match="cursor"):
        list_incidents(mission=mission, cursor="bogus")
    with pytest.raises(InvalidInput, match="kind: 'explsion' is not one of: explosion"):
        IncidentFilter(kinds=("explsion",))  # type: ignore[arg-type]
