"""Counting: overlapping reports count once, disjoint time slices add, direction first."""

from __future__ import annotations

import numpy as np

from tests.fusion.conftest import PLANE, make_obs
from truce.domain.observation import Observation
from truce.fusion.counting import count
from truce.fusion.table import from_observations


def _count_one(obs: list[Observation]) -> tuple[int, int, str]:
    """(total, slices, flags) of the observations counted as one incident."""
    table, _ = from_observations(obs, plane=PLANE)
    res = count(table, np.zeros(len(obs), np.int64), 1)
    flags = ("at_least" if res.lower_bound[0] else "") + ("about" if res.estimated[0] else "")
    return int(res.total[0]), int(res.slices[0]), flags


def test_overlapping_reports_of_one_salvo_count_once() -> None:
    obs = [
        make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), count=12),
        make_obs(0.0, -3000.0, src="b", words=["N"], dist=(2, 4), count=10),
    ]
    assert _count_one(obs) == (12, 1, "")


def test_disjoint_time_slices_add_up() -> None:
    # a patrol left at 20:05; another arrived at 20:30 and heard the rest of the episode
    early = make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), count=30, kind="fire",
                     subtype=None)  # fmt: skip
    late = make_obs(0.0, -3000.0, src="b", words=["N"], dist=(2, 4), count=20, kind="fire",
                    subtype=None, minutes=30)  # fmt: skip
    assert _count_one([early, late]) == (50, 2, "")


def test_a_chain_of_overlaps_is_one_slice() -> None:
    obs = [
        make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), count=30, kind="fire",
                 subtype=None),
        make_obs(0.0, -3000.0, src="b", words=["N"], dist=(2, 4), count=20, kind="fire",
                 subtype=None, minutes=4),
        make_obs(3000.0, 0.0, src="c", words=["W"], dist=(2, 4), count=25, kind="fire",
                 subtype=None, minutes=8),
    ]  # fmt: skip
    assert _count_one(obs) == (30, 1, "")


def test_undirected_numbers_count_only_without_directed_ones() -> None:
    # an acoustic sensor's onsets include the outgoing rounds of the same mission
    directed = make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(2, 4), count=8)
    sensor = make_obs(500.0, 500.0, src="s", count=16, subtype="undetermined")
    assert _count_one([directed, sensor]) == (8, 1, "")
    assert _count_one([sensor]) == (16, 1, "")


def test_estimates_combine_by_median_and_never_lower_a_firm_count() -> None:
    rows = []
    for k, n in enumerate((20, 30, 40)):
        o = make_obs(-3000.0 + k, 0.0, src=f"e{k}", words=["E"], dist=(2, 4), count=n)
        wire = o.model_dump(mode="json", by_alias=True)
        wire["event"]["count"]["qualifier"] = "about"
        rows.append(Observation.model_validate(wire))
    assert _count_one(rows) == (30, 1, "about")
    firm = make_obs(0.0, -3000.0, src="f", words=["N"], dist=(2, 4), count=35)
    assert _count_one([*rows, firm]) == (35, 1, "about")
