"""The demo agreement, loaded once, and points at known places relative to its contact line."""

from __future__ import annotations

import numpy as np
import pytest

from truce.agreement import AgreementHistory, SpatialIndex, demo_agreement_dir, load_agreement

#: Segments of the (simplified) demo line with long straight stretches: a perpendicular from
#: their midpoint stays nearest to them for the distances tests use (see tests below).
_SEGMENT = {"side-a": 54, "side-b": 62}


@pytest.fixture(scope="session")
def demo() -> AgreementHistory:
    return load_agreement(demo_agreement_dir())


@pytest.fixture(scope="session")
def index(demo: AgreementHistory) -> SpatialIndex:
    return SpatialIndex(demo.latest)


def point_from_line(index: SpatialIndex, party: str, metres: float) -> tuple[float, float]:
    """A lon/lat about ``metres`` from the contact line, on ``party``'s side (plane offset
    perpendicular to a long straight segment; exact to 0.1 % up to 15 km)."""
    ax, ay, bx, by = index.line.index.segment_ends()
    k = _SEGMENT[party]
    length = float(np.hypot(bx[k] - ax[k], by[k] - ay[k]))
    nx, ny = -(by[k] - ay[k]) / length, (bx[k] - ax[k]) / length
    sign = 1.0 if party == "side-a" else -1.0
    mx, my = (ax[k] + bx[k]) / 2, (ay[k] + by[k]) / 2
    lon, lat = index.plane.inverse(mx + sign * nx * metres, my + sign * ny * metres)
    return float(lon), float(lat)
