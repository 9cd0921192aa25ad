"""A confidence ellipse (metres in a local plane) as a WGS84 polygon."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shapely
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


def incident_polygons(incidents: Sequence[Incident], n: int = 64) -> npt.NDArray[np.object_]:
    """:func:`incident_polygon` of many incidents at once (the same vertices, bit for bit:
    the same arithmetic as :meth:`~truce.domain.incident.Ellipse.plane_points`, broadcast over
    the incidents, and one geodesic call for every vertex)."""
    if not incidents:
        return np.empty(0, dtype=object)
    t = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    cos_t, sin_t = np.cos(t), np.sin(t)
    e = [i.ellipse for i in incidents]
    a = np.array([x.semi_major_m for x in e])[:, None]
    b = np.array([x.semi_minor_m for x in e])[:, None]
    az = [math.radians(x.orientation_deg) for x in e]
    s = np.array([math.sin(v) for v in az])[:, None]
    c = np.array([math.cos(v) for v in az])[:, None]
    u, v = a * cos_t, b * sin_t
    x = u * s + v * c
    y = u * c - v * s
    lon0 = np.repeat(np.array([i.lon for i in incidents], dtype=float), n)
    lat0 = np.repeat(np.array([i.lat for i in incidents], dtype=float), n)
    plon, plat = offsets_to_lonlat(lon0, lat0, x.ravel(), y.ravel())
    coords = np.stack([plon, plat], axis=-1).reshape(len(incidents), n, 2)
    closed = np.concatenate([coords, coords[:, :1]], axis=1).reshape(-1, 2)
    m = len(incidents)
    offsets = (np.arange(m + 1) * (n + 1), np.arange(m + 1))
    polygons = shapely.from_ragged_array(shapely.GeometryType.POLYGON, closed, offsets)
    return np.asarray(polygons, dtype=object)
