"""``fuse_store`` on both backends: incremental fusing reads only the time around what is new,
and always stores what a full recompute of every observation gives."""

from __future__ import annotations

import io

import pytest

from truce.domain.observation import Observation
from truce.fusion import fuse
from truce.fusion.simulate import get_scenario, observations, simulate_scenario
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.intake.service import ingest
from truce.services.fusion import fuse_store, stored_incidents
from truce.store import Store


@pytest.fixture(scope="module")
def three_days() -> list[Observation]:
    return list(observations(simulate_scenario(get_scenario("quiet", days=3), 4)))


def _ingest(store: Store, obs: list[Observation]) -> None:
    data = "".join(o.wire_json() + "\n" for o in obs).encode()
    rep = ingest(store=store, records=read_records(io.BytesIO(data), InputFormat.JSONL),
                 gazetteer=GazetteerSpec(country="UA"))  # fmt: skip
    assert rep.ok, rep.rejected


def _ids(store: Store) -> list[str]:
    return sorted(str(i.id) for i in stored_incidents(store=store))


def test_new_days_read_only_the_time_around_them(
    store: Store, three_days: list[Observation]
) -> None:
    first = min(o.observed.start for o in three_days)
    day = [[o for o in three_days if (o.observed.start - first).days == d] for d in range(3)]
    _ingest(store, day[0] + day[1])
    assert fuse_store(store=store).read == len(day[0]) + len(day[1])  # everything is new
    _ingest(store, day[2])
    rep = fuse_store(store=store)
    assert rep.new_observations == len(day[2])
    assert rep.read < len(three_days)  # not the first day
    assert _ids(store) == sorted(str(i.id) for i in fuse(three_days))
    again = fuse_store(store=store)
    assert (again.new_observations, again.read, again.deleted, again.inserted) == (0, 0, 0, 0)


def test_a_late_report_of_an_old_day_recomputes_that_day_only(
    store: Store, three_days: list[Observation]
) -> None:
    late = three_days[len(three_days) // 10]  # early on the first day
    _ingest(store, [o for o in three_days if o.id != late.id])
    fuse_store(store=store)
    before = set(_ids(store))
    _ingest(store, [late])
    rep = fuse_store(store=store)
    assert rep.new_observations == 1 and rep.read < len(three_days) // 3
    after = set(_ids(store))
    assert after == {str(i.id) for i in fuse(three_days)}
    # only the late report's island is replaced (an incident of it may come back unchanged)
    assert len(before - after) <= rep.deleted < len(before) // 10
    assert len(after - before) <= rep.inserted < len(before) // 10


def test_full_recompute_reads_everything(store: Store, three_days: list[Observation]) -> None:
    _ingest(store, three_days)
    fuse_store(store=store)
    rep = fuse_store(store=store, full=True)
    assert rep.read == len(three_days) and rep.inserted == rep.incidents == rep.deleted
