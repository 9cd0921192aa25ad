"""Plane offsets back to lon/lat: the geodesic shortcut agrees with the aeqd plane it replaces."""

from __future__ import annotations

import numpy as np
import pytest

from truce.domain.incident import Ellipse
from truce.geo.projection import LocalPlane, offsets_to_lonlat


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(38.43, 48.71), (0.0, 0.0), (-122.4, 37.8), (170.0, -60.0)],
)
def test_offsets_to_lonlat_is_the_local_planes_inverse(lon: float, lat: float) -> None:
    """Issue 11.4: ellipses are traced by the direct geodesic problem instead of a pyproj
    plane per incident; the points must be those of ``LocalPlane(lon, lat).inverse``."""
    x, y = Ellipse(semi_major_m=2500.0, semi_minor_m=700.0, orientation_deg=35.0).plane_points(64)
    x = np.append(x, [0.0, 30_000.0])  # the centre itself and a point 30 km east
    y = np.append(y, [0.0, 0.0])
    fast = np.column_stack(offsets_to_lonlat(lon, lat, x, y))
    slow = np.column_stack(LocalPlane(lon, lat).inverse(x, y))
    assert np.abs(fast - slow).max() < 1e-9
