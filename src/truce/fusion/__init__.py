"""Fusion: from many observers' reports to located, de-duplicated incidents.

``fuse(observations) -> list[Incident]`` associates reports of the same event or episode,
locates each incident with a 95 % ellipse and counts it once. ``truce.fusion.simulate``
generates scenarios with ground truth to evaluate it.
"""

from truce.fusion.engine import fuse, fuse_incremental
from truce.fusion.model import ALGORITHM_VERSION, Counts, Ellipse, Incident, TimeWindow

__all__ = [
    "ALGORITHM_VERSION",
    "Counts",
    "Ellipse",
    "Incident",
    "TimeWindow",
    "fuse",
    "fuse_incremental",
]
