"""Splitting groups that join an outgoing shot and its impact (subtypes, then geometry)."""

from __future__ import annotations

import math

import numpy as np

from tests.fusion.conftest import PLANE, make_obs
from truce.domain.vocabulary import EventKind, ExplosionSubtype
from truce.fusion import fuse
from truce.fusion.association import _relabel
from truce.fusion.subtype_split import split_by_subtype, split_two_places
from truce.fusion.table import KINDS, SUBTYPES

EXPL = KINDS.index(EventKind.EXPLOSION)
FIRE = KINDS.index(EventKind.FIRE)
OUT = SUBTYPES.index(ExplosionSubtype.OUTGOING)
IMP = SUBTYPES.index(ExplosionSubtype.IMPACT)
UND = SUBTYPES.index(ExplosionSubtype.UNDETERMINED)


def _arr(v: list[float]) -> np.ndarray:
    return np.array(v, np.float64)


def test_stated_outgoing_and_impact_far_apart_split_undetermined_join_the_nearer() -> None:
    labels = np.zeros(4, np.int64)
    sub = np.array([OUT, IMP, UND, UND])
    cx, cy = _arr([0, 8000, 7500, 300]), _arr([0, 0, 200, 100])
    out = _relabel(split_by_subtype(labels=labels, kind=np.full(4, EXPL), sub=sub, cx=cx, cy=cy))
    assert out.tolist() == [0, 1, 1, 0]


def test_stated_subtypes_pointing_to_one_place_stay_together() -> None:
    labels = np.zeros(3, np.int64)
    sub = np.array([OUT, IMP, UND])
    cx, cy = _arr([0, 600, 300]), _arr([0, 0, 0])
    out = split_by_subtype(labels=labels, kind=np.full(3, EXPL), sub=sub, cx=cx, cy=cy)
    assert out.tolist() == [0, 0, 0]


def test_two_distant_clusters_of_directed_reports_split_undirected_stay() -> None:
    # group 0: three reports near (0, 0), two near (9 km, 0), one undirected; group 1: tight
    labels = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1])
    cx = _arr([0, 300, -200, 9000, 9400, 4000, 100, 200, 0])
    cy = _arr([0, 200, 100, 0, 300, 0, 0, 100, 50])
    directed = np.array([True] * 5 + [False] + [True] * 3)
    out = split_two_places(labels=labels, kind=np.full(9, EXPL), directed=directed, cx=cx, cy=cy)
    groups = {tuple(np.flatnonzero(out == k).tolist()) for k in np.unique(out)}
    assert groups == {(0, 1, 2, 5), (3, 4), (6, 7, 8)}


def test_geometric_split_only_for_explosions_and_only_when_well_separated() -> None:
    labels = np.zeros(4, np.int64)
    cx, cy = _arr([0, 100, 9000, 9100]), _arr([0, 0, 0, 0])
    directed = np.ones(4, bool)
    fire = split_two_places(labels=labels, kind=np.full(4, FIRE), directed=directed, cx=cx, cy=cy)
    assert fire.tolist() == [0, 0, 0, 0]
    spread = _arr([0, 1000, 2000, 3000])  # a line, no two clusters
    same = split_two_places(
        labels=labels, kind=np.full(4, EXPL), directed=directed, cx=spread, cy=cy
    )
    assert same.tolist() == [0, 0, 0, 0]


def test_split_ignores_row_order_of_other_groups() -> None:
    labels = np.array([0, 0, 0, 0, 0, 1, 1])
    cx = _arr([0, 200, 100, 9000, 9200, 0, 50])
    cy = np.zeros(7)
    kw = {"kind": np.full(7, EXPL), "directed": np.ones(7, bool)}
    a = split_two_places(labels=labels, cx=cx, cy=cy, **kw)
    perm = np.array([6, 4, 2, 0, 5, 3, 1])
    b = split_two_places(labels=labels[perm], cx=cx[perm], cy=cy[perm], **kw)
    same = a[perm][:, None] == a[perm][None, :]
    assert (same == (b[:, None] == b[None, :])).all()


def test_outgoing_and_impact_of_one_fire_mission_become_two_located_incidents() -> None:
    # impact at (0, 0), heard from the south-west, south and east; the outgoing shots at
    # (0, 7000), heard from either side; wide ranges make all five sectors intersect
    obs = [
        make_obs(-3000.0, 0.0, src="a", words=["E"], dist=(1, 10), count=6, subtype="impact"),
        make_obs(0.0, -3000.0, src="b", words=["N"], dist=(1, 10), count=6, subtype="undetermined"),
        make_obs(3000.0, 0.0, src="c", words=["W"], dist=(1, 10), count=6, subtype="undetermined"),
        make_obs(-3000.0, 7000.0, src="d", words=["E"], dist=(1, 10), count=6, subtype=None),
        make_obs(3000.0, 7000.0, src="e", words=["W"], dist=(1, 10), count=6, subtype="outgoing"),
    ]
    incidents = fuse(obs, plane=PLANE)
    assert sorted(len(i.observation_ids) for i in incidents) == [2, 3]
    for inc in incidents:
        x, y = PLANE.forward(np.array([inc.lon]), np.array([inc.lat]))
        truth_y = 0.0 if len(inc.observation_ids) == 3 else 7000.0
        assert math.hypot(float(x[0]), float(y[0]) - truth_y) < 1000.0
        assert inc.counts.total == 6
