"""Sides and distances of named front-line places on the demo agreement's line (a public map
of the 2015-2022 line of contact, simplified to about 400 m), against independent values:
the side each place was on in 2015-2022 (as the OSCE SMM reported it: government-controlled
or not), and a brute-force geodesic distance (the line's great-circle edges sampled every
25 m with ``pyproj.Geod.npts``, the minimum of ``Geod.inv``) that shares no code with the
spatial index."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import shape

from truce.agreement import AgreementHistory, SpatialIndex
from truce.geo.distance import WGS84
from truce.geo.gazetteer import load_gazetteer

#: Place, side in 2015-2022 (side-a: government-controlled, side-b: not).
PLACES = [
    ("Avdiivka", "side-a"), ("Pisky", "side-a"), ("Marinka", "side-a"),
    ("Krasnohorivka", "side-a"), ("Stanytsia Luhanska", "side-a"), ("Shchastia", "side-a"),
    ("Zolote", "side-a"), ("Popasna", "side-a"), ("Toretsk", "side-a"), ("Mariupol", "side-a"),
    ("Volnovakha", "side-a"), ("Kramatorsk", "side-a"), ("Horlivka", "side-b"),
    ("Yasynuvata", "side-b"), ("Donetsk", "side-b"), ("Debaltseve", "side-b"),
    ("Novoazovsk", "side-b"), ("Luhansk", "side-b"), ("Alchevsk", "side-b"),
    ("Dokuchaievsk", "side-b"),
]  # fmt: skip


def _brute_force_km(line: object, lon: float, lat: float) -> float:
    coords = np.asarray(line.coords)  # type: ignore[attr-defined]
    best = np.inf
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:], strict=True):
        length = WGS84.inv(x0, y0, x1, y1)[2]
        inner = WGS84.npts(x0, y0, x1, y1, max(int(length // 25), 1))
        pts = np.asarray([(x0, y0), *inner, (x1, y1)])
        d = WGS84.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])[2]
        best = min(best, float(np.min(d)))
    return best / 1000.0


@pytest.mark.parametrize(("name", "side"), PLACES, ids=[p[0] for p in PLACES])
def test_named_places_have_their_side_and_an_independent_distance(
    demo: AgreementHistory, index: SpatialIndex, name: str, side: str
) -> None:
    place = load_gazetteer(country="UA").resolve(name)
    where = index.locate([place.lon], [place.lat])
    assert where.side == (side,)
    line = shape(demo.latest.contact_line[0].geometry)
    expected = _brute_force_km(line, place.lon, place.lat)
    assert where.distance_m[0] / 1000.0 == pytest.approx(expected, abs=0.02)
