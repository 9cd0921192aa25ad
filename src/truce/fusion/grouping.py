"""One table fused: association into groups, then a location for every group.

The step that :func:`truce.fusion.engine.fuse` runs on a whole table and
:mod:`truce.fusion.parallel` on chunks of whole time islands.
"""

from __future__ import annotations

import numpy as np

from truce.fusion.association import associate
from truce.fusion.incidents import FusionArrays
from truce.fusion.location import Locations, locate_groups, locate_single
from truce.fusion.table import ObsTable

__all__ = ["fuse_table"]


def fuse_table(table: ObsTable) -> FusionArrays:
    """Associate, then locate every group; ``table`` must be in canonical order."""
    labels = associate(table)
    m = int(labels.max()) + 1 if len(labels) else 0
    size = np.bincount(labels, minlength=m)
    single_rows = np.flatnonzero(size[labels] == 1)
    multi_rows = np.flatnonzero(size[labels] > 1)
    x = np.zeros(m)
    y = np.zeros(m)
    major = np.zeros(m)
    minor = np.zeros(m)
    orient = np.zeros(m)
    chi2 = np.zeros(m)
    dof = np.zeros(m)
    method = [""] * m
    if single_rows.size:
        s = locate_single(table.take(single_rows, ids=False))
        inc = labels[single_rows]
        x[inc], y[inc], major[inc], minor[inc], orient[inc] = (
            s.x, s.y, s.semi_major, s.semi_minor, s.orientation_deg
        )  # fmt: skip
        for k, mth in zip(inc.tolist(), s.method, strict=True):
            method[k] = mth
    if multi_rows.size:
        multi_inc = np.flatnonzero(size > 1)
        dense = np.full(m, -1, np.int64)
        dense[multi_inc] = np.arange(len(multi_inc))
        g = locate_groups(
            table.take(multi_rows, ids=False), dense[labels[multi_rows]], len(multi_inc)
        )
        x[multi_inc], y[multi_inc] = g.x, g.y
        major[multi_inc], minor[multi_inc], orient[multi_inc] = (
            g.semi_major, g.semi_minor, g.orientation_deg
        )  # fmt: skip
        chi2[multi_inc], dof[multi_inc] = g.chi2, g.dof
        for k, mth in zip(multi_inc.tolist(), g.method, strict=True):
            method[k] = mth
    located = Locations(x, y, major, minor, orient, method, chi2, dof)
    return FusionArrays(table, labels, located, m)
