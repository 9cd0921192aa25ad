"""Splitting non-clique components: mutual-best agglomeration, never one source twice."""

from __future__ import annotations

import numpy as np

from truce.fusion.association import _relabel
from truce.fusion.split import split_components


def _split(n: int, edges: list[tuple[int, int, float]], src: list[int]) -> list[list[int]]:
    ei = np.array([e[0] for e in edges], np.int64)
    ej = np.array([e[1] for e in edges], np.int64)
    dist = np.array([e[2] for e in edges])
    labels = split_components(
        n=n, comp=np.zeros(n, np.int64), bad=np.array([True]), ei=ei, ej=ej, dist=dist,
        src=np.array(src, np.int64),
    )  # fmt: skip
    lab = _relabel(labels)
    return [np.flatnonzero(lab == k).tolist() for k in range(int(lab.max()) + 1)]


def test_a_chain_splits_into_the_closer_pair_and_the_third() -> None:
    assert _split(3, [(0, 1, 0.3), (1, 2, 0.1)], [0, 1, 2]) == [[0], [1, 2]]
    assert _split(3, [(0, 1, 0.1), (1, 2, 0.3)], [0, 1, 2]) == [[0, 1], [2]]


def test_one_source_never_twice_in_a_cluster() -> None:
    # 0 and 2 are two reports of one source, both compatible with 1 and 3
    edges = [(0, 1, 0.1), (1, 2, 0.2), (0, 3, 0.3), (2, 3, 0.1), (1, 3, 0.5)]
    groups = _split(4, edges, [7, 8, 7, 9])
    assert all(len({[7, 8, 7, 9][r] for r in g}) == len(g) for g in groups)
    assert sorted(len(g) for g in groups) == [2, 2]


def test_a_near_clique_stays_together() -> None:
    # four reports, five of six pairs compatible: most cross pairs agree, one incident
    edges = [(0, 1, 0.1), (0, 2, 0.2), (1, 2, 0.1), (0, 3, 0.3), (1, 3, 0.2)]
    assert _split(4, edges, [0, 1, 2, 3]) == [[0, 1, 2, 3]]


def test_components_not_marked_bad_keep_their_labels() -> None:
    labels = split_components(
        n=3, comp=np.array([0, 0, 1]), bad=np.array([False, False]), ei=np.zeros(0, np.int64),
        ej=np.zeros(0, np.int64), dist=np.zeros(0), src=np.array([0, 1, 2]),
    )  # fmt: skip
    assert _relabel(labels).tolist() == [0, 0, 1]
