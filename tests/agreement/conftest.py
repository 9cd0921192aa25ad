"""The demo agreement, loaded once, and points at known places relative to its contact line."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import shape

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
    """A lon/lat about ``metres`` from the contact line, on ``party``'s side: from the middle
    of a long straight lon/lat edge (a point of the edge itself), perpendicular to it in the
    plane (exact to 0.1 % up to 15 km)."""
    coords = np.asarray(shape(index.agreement.contact_line[0].geometry).coords)
    k = _SEGMENT[party]
    (lon0, lat0), (lon1, lat1) = coords[k], coords[k + 1]
    (ax, bx), (ay, by) = index.plane.forward(np.array([lon0, lon1]), np.array([lat0, lat1]))
    length = float(np.hypot(bx - ax, by - ay))
    nx, ny = -(by - ay) / length, (bx - ax) / length
    sign = 1.0 if party == "side-a" else -1.0
    mx, my = index.plane.forward((lon0 + lon1) / 2, (lat0 + lat1) / 2)
    lon, lat = index.plane.inverse(mx + sign * nx * metres, my + sign * ny * metres)
    return float(lon), float(lat)
