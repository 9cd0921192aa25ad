"""Candidate pairs are made and tested a chunk at a time: the same pairs whatever the chunk."""

from __future__ import annotations

import numpy as np

from tests.fusion.conftest import PLANE, make_obs
from truce.domain.observation import Observation
from truce.fusion.association import candidate_pairs, compatible, geometry
from truce.fusion.engine import canonical, fuse
from truce.fusion.table import from_observations


def _pairs(obs: list[Observation], **kw: object) -> list[tuple[int, int]]:
    table, _ = from_observations(canonical(obs), plane=PLANE)
    g = geometry(table)
    i, j = candidate_pairs(table, g, keep=lambda a, b: compatible(table, g, a, b), **kw)  # type: ignore[arg-type]
    return list(zip(i.tolist(), j.tolist(), strict=True))


def test_chunks_give_the_same_pairs_in_the_same_order(standard_obs: list[Observation]) -> None:
    obs = standard_obs[:3000]
    whole = _pairs(obs, chunk=1 << 40)
    assert len(whole) > 100  # the scenario's reports do associate
    for chunk in (1, 7, 1000):
        assert _pairs(obs, chunk=chunk) == whole


def test_one_sensors_same_second_reports_are_separate_incidents() -> None:
    """A sensor's 3,000 reports of one second at one place: 4.5 M candidate pairs, none
    compatible (a source reports an event once), held a chunk at a time."""
    obs = [make_obs(0.0, 0.0, src="s-1", key=str(k)) for k in range(3000)]
    table, _ = from_observations(canonical(obs), plane=PLANE)
    g = geometry(table)
    everything = candidate_pairs(table, g)
    assert len(everything[0]) == 3000 * 2999 // 2
    assert len(_pairs(obs, chunk=10_000)) == 0
    assert len(fuse(obs, plane=PLANE)) == 3000
    assert np.all(everything[0] < everything[1])
