"""The engine: association, counting once, determinism, order independence, increments."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fusion.conftest import PLANE, make_obs
from truce.domain.incident import incident_id
from truce.domain.observation import Observation
from truce.fusion import fuse, fuse_incremental


def test_one_salvo_seen_by_three_is_one_incident_counted_once() -> None:
    obs = [
        make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), count=12),
        make_obs(0.0, -4000.0, src="b", words=["N"], dist=(3, 5), count=11),
        make_obs(
            3000.0, 3000.0, src="c", words=["SW"], dist=(3, 5), count=12, subtype="undetermined"
        ),
    ]
    (inc,) = fuse(obs, plane=PLANE)
    assert inc.n_sources == 3
    assert inc.counts.total == 12
    assert inc.counts.impact == 12 and inc.counts.undetermined == 0
    assert inc.id == incident_id(o.id for o in obs)


def test_subtype_split_never_exceeds_the_total() -> None:
    obs = [
        make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), count=10, subtype="impact"),
        make_obs(0.0, -3000.0, src="b", words=["N"], dist=(2, 4), count=8, subtype="outgoing"),
    ]
    (inc,) = fuse(obs, plane=PLANE)
    c = inc.counts
    assert c.total == 10
    assert c.impact + c.outgoing + c.airburst + c.undetermined == c.total


def test_same_source_twice_is_two_incidents() -> None:
    obs = [
        make_obs(0.0, 0.0, src="a", words=["E"], dist=(2, 4), key="1"),
        make_obs(0.0, 0.0, src="a", words=["E"], dist=(2, 4), key="2"),
    ]
    assert len(fuse(obs, plane=PLANE)) == 2


def test_far_apart_in_time_or_space_are_separate() -> None:
    base = make_obs(0.0, 0.0, src="a", words=["E"], dist=(2, 4))
    later = make_obs(0.0, -3000.0, src="b", words=["NE"], dist=(2, 4), minutes=120)
    elsewhere = make_obs(0.0, -3000.0, src="c", words=["S"], dist=(2, 4))
    assert len(fuse([base, later, elsewhere], plane=PLANE)) == 3


def test_kinds_do_not_mix() -> None:
    obs = [
        make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), kind="fire", subtype=None),
        make_obs(0.0, -3000.0, src="b", words=["N"], dist=(2, 4)),
    ]
    assert len(fuse(obs, plane=PLANE)) == 2


def _key(incidents: list) -> list[str]:
    return [i.model_dump_json() for i in incidents]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), dup=st.booleans())
def test_fusion_is_deterministic_and_order_independent(
    standard_obs: list[Observation], seed: int, dup: bool
) -> None:
    shuffled = list(standard_obs)
    random.Random(seed).shuffle(shuffled)
    if dup:  # the same observation delivered twice counts once
        shuffled = shuffled + shuffled[: len(shuffled) // 3]
    assert _key(fuse(shuffled)) == _key(_reference(standard_obs))


_CACHE: dict[int, list] = {}


def _reference(obs: list[Observation]) -> list:
    if id(obs) not in _CACHE:
        _CACHE[id(obs)] = fuse(obs)
    return _CACHE[id(obs)]


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_incremental_equals_full(standard_obs: list[Observation], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(standard_obs)))
    order = data.draw(st.permutations(range(len(standard_obs))))
    first = [standard_obs[i] for i in order[:cut]]
    later = [standard_obs[i] for i in order[cut:]]
    full = _reference(standard_obs)
    from truce.fusion.engine import default_plane

    plane = default_plane(standard_obs)
    before = fuse(first, plane=plane)
    stale, fresh = fuse_incremental(
        observations=standard_obs, previous=before, new_ids=[o.id for o in later], plane=plane
    )
    stale_ids = {i.id for i in stale}
    after = [i for i in before if i.id not in stale_ids] + fresh
    after.sort(key=lambda i: (i.window.start, str(i.id)))
    assert _key(after) == _key(full)


def test_parallel_fusion_equals_one_core(standard_obs: list[Observation]) -> None:
    import numpy as np

    from truce.fusion.engine import build_incidents, canonical, default_plane, fuse_table
    from truce.fusion.parallel import fuse_parallel, island_cuts
    from truce.fusion.table import from_observations

    table, _ = from_observations(canonical(standard_obs), plane=default_plane(standard_obs))
    assert len(island_cuts(table, 3)) == 3
    one = fuse_table(table)
    two = fuse_parallel(table, workers=3, min_rows=0, chunks_per_worker=2)
    np.testing.assert_array_equal(one.labels, two.labels)
    np.testing.assert_allclose(one.located.x, two.located.x)
    assert _key(two.incidents) == _key(build_incidents(one, validate=True))
    assert two.incidents == build_incidents(one, validate=True)


def test_no_process_is_forked_unless_asked_and_concurrent_calls_agree(
    standard_obs: list[Observation], monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from truce.fusion import parallel
    from truce.fusion.engine import canonical, default_plane
    from truce.fusion.table import from_observations

    table, _ = from_observations(canonical(standard_obs), plane=default_plane(standard_obs))
    expected = parallel.fuse_parallel(table, workers=2, min_rows=0).incidents
    with ThreadPoolExecutor(2) as pool:  # two callers at once, each with its own pool
        runs = list(
            pool.map(lambda _: parallel.fuse_parallel(table, workers=2, min_rows=0), [0, 1])
        )
    assert all(r.incidents == expected for r in runs)
    assert parallel._WORKER == {}  # the calling process keeps no state

    def no_fork(*_: object) -> object:
        raise AssertionError("forked without being asked")

    monkeypatch.setattr(parallel.mp, "get_context", no_fork)
    assert parallel.fuse_parallel(table, min_rows=0).incidents == expected
    assert fuse(standard_obs) == expected
