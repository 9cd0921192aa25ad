"""Fusion: from many observers' reports to located, de-duplicated incidents.

``fuse(observations) -> list[Incident]`` associates reports of the same event or episode,
locates each incident with a 95 % ellipse and counts it once. ``truce.fusion.simulate``
generates scenarios with ground truth to evaluate it.
"""

from truce.domain.incident import FUSION_ALGORITHM_VERSION, Counts, Ellipse, Incident
from truce.domain.time import TimeWindow
from truce.fusion.engine import fuse, fuse_incremental

__all__ = [
    "FUSION_ALGORITHM_VERSION",
    "Counts",
    "Ellipse",
    "Incident",
    "TimeWindow",
    "fuse",
    "fuse_incremental",
]
