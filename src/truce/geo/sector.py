"""Sectors seen from an observer: where an event reported by direction and distance can be.

Bearings are clockwise from true north in degrees; distances in kilometres; the sector is
traced on the WGS84 ellipsoid with :class:`pyproj.Geod` (forward geodesic problem), so it is
correct at any distance, and returned as a lon/lat polygon.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon

from truce.geo.distance import WGS84

#: Half-width of a 16-point compass direction: half of 22.5 degrees.


def sector(
    *,
    lon: float,
    lat: float,
    bearing_deg: float,
    half_width_deg: float,
    min_km: float,
    max_km: float,
    steps: int = 16,
) -> Polygon:
    """The annular sector ``[bearing - half_width, bearing + half_width] x [min_km, max_km]``.

    A zero ``min_km`` gives a pie slice with its tip at the observer.
    """
    half = min(max(half_width_deg, 0.1), 179.9)
    az = np.linspace(bearing_deg - half, bearing_deg + half, steps + 1)
    far = max(max_km, 0.001) * 1000.0
    olon, olat, _ = WGS84.fwd(
        np.full(len(az), lon), np.full(len(az), lat), az, np.full(len(az), far)
    )
    outer = list(zip(olon, olat, strict=True))
    if min_km > 0:
        ilon, ilat, _ = WGS84.fwd(
            np.full(len(az), lon),
            np.full(len(az), lat),
            az[::-1],
            np.full(len(az), min_km * 1000.0),
        )
        inner = list(zip(ilon, ilat, strict=True))
    else:
        inner = [(lon, lat)]
    return Polygon(outer + inner)


def sectors(
    *,
    lon: float,
    lat: float,
    bearings_deg: tuple[float, ...],
    half_width_deg: float,
    min_km: float,
    max_km: float,
) -> Polygon:
    """The union of the sectors of several bearings (its convex hull if they do not touch)."""
    parts = [
        sector(
            lon=lon,
            lat=lat,
            bearing_deg=b,
            half_width_deg=half_width_deg,
            min_km=min_km,
            max_km=max_km,
        )
        for b in bearings_deg
    ]
    union = shapely.union_all(parts)
    if union.geom_type != "Polygon":
        union = union.convex_hull
    assert isinstance(union, Polygon)
    return union


def point_at(*, lon: float, lat: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` kilometres from (lon, lat) along ``bearing_deg``."""
    plon, plat, _ = WGS84.fwd(lon, lat, bearing_deg, km * 1000.0)
    return float(plon), float(plat)


def circular_mean_deg(bearings: tuple[float, ...]) -> float:
    """Mean direction of bearings in degrees, in [0, 360)."""
    r = np.radians(np.asarray(bearings, dtype=float))
    return float(np.degrees(np.arctan2(np.sin(r).sum(), np.cos(r).sum())) % 360.0)


def disc(*, lon: float, lat: float, radius_m: float, steps: int = 32) -> Polygon:
    """The geodesic circle of ``radius_m`` metres round (lon, lat), as a lon/lat polygon."""
    az = np.linspace(0.0, 360.0, steps, endpoint=False)
    n = len(az)
    plon, plat, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, max(radius_m, 0.01)))
    return Polygon(list(zip(plon, plat, strict=True)))
