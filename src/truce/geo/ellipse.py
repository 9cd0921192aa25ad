"""A confidence ellipse (metres in a local plane) as a WGS84 polygon."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Polygon

from truce.domain.incident import Ellipse, Incident
from truce.geo.projection import LocalPlane


def ellipse_polygon(ellipse: Ellipse, *, lon: float, lat: float, n: int = 64) -> Polygon:
    """The ellipse centred on (``lon``, ``lat``) as a WGS84 polygon of ``n`` vertices.

    Built in an azimuthal equidistant plane centred on the ellipse, then projected back.
    """
    x, y = ellipse.plane_points(n)
    plon, plat = LocalPlane(lon, lat).inverse(x, y)
    return Polygon(np.column_stack([plon, plat]))


def incident_polygon(incident: Incident, n: int = 64) -> Polygon:
    """An incident's 95 % ellipse as a WGS84 polygon."""
    return ellipse_polygon(incident.ellipse, lon=incident.lon, lat=incident.lat, n=n)
