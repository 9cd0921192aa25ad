"""A confidence ellipse (metres in a local plane) as a WGS84 polygon."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Polygon

from truce.domain.incident import Ellipse, Incident
from truce.geo.projection import offsets_to_lonlat


def ellipse_polygon(ellipse: Ellipse, *, lon: float, lat: float, n: int = 64) -> Polygon:
    """The ellipse centred on (``lon``, ``lat``) as a WGS84 polygon of ``n`` vertices.

    Built in an azimuthal equidistant plane centred on the ellipse and taken back to lon/lat
    by the direct geodesic problem (:func:`~truce.geo.projection.offsets_to_lonlat`: the same
    points as ``LocalPlane(lon, lat).inverse``, without building a pyproj transformer per
    ellipse, issue 11.4).
    """
    x, y = ellipse.plane_points(n)
    plon, plat = offsets_to_lonlat(lon, lat, x, y)
    return Polygon(np.column_stack([plon, plat]))


def incident_polygon(incident: Incident, n: int = 64) -> Polygon:
    """An incident's 95 % ellipse as a WGS84 polygon."""
    return ellipse_polygon(incident.ellipse, lon=incident.lon, lat=incident.lat, n=n)
