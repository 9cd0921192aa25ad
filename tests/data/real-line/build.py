"""Build the real-line test agreement (``agreement/``) from the shipped sources.

Usage: python tests/data/real-line/build.py  (rewrites ``tests/data/real-line/agreement/``;
``tests/agreement/test_real_line.py`` checks that the shipped folder is what this makes).

Construction (see ``README.md``):
1. The mission area is the union of the Natural Earth admin-1 outlines of Donetsk and Luhansk
   oblasts (``sources/natural_earth_admin1.geojson``); they are also the two regions.
2. Each waypoint of the line of contact is the geodesic midpoint (WGS84) of a pair of facing
   settlements, one government-controlled and one not (``sources/waypoints.csv``, south-west to
   north-east; positions and sources in ``sources/places.csv``).
3. The line runs straight (in lon/lat) from waypoint to waypoint; its south-western end goes
   due south from the first waypoint to the Azov coast, its north-eastern end due east from
   the last waypoint to the state border. The part inside the mission area is the contact line.
4. The line cuts the mission area in two: the part holding Donetsk city is ``side-b``, the
   other ``side-a``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import split

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
GEOD = Geod(ellps="WGS84")
DIGITS = 6  # about 0.1 m

AGREEMENT_YAML = """\
format: truce-agreement/1
id: real-line-2015-2022
version: 1
effective: '2015-02-15T00:00:00+02:00'
title:
  en: 'Test: the 2015-2022 line of contact in the Donetsk and Luhansk regions (approximate)'
country: UA
languages:
- en
regions:
- id: donetsk
  name:
    en: Donetsk region
- id: luhansk
  name:
    en: Luhansk region
reporting_period:
  end: '19:30'
  time_zone: Europe/Kyiv
parties:
- id: side-a
  name:
    en: Government-controlled areas
- id: side-b
  name:
    en: Non-government-controlled areas
layers:
  contact_line: contact_line.geojson
  controlled_areas: controlled_areas.geojson
  regions: regions.geojson
  zones: null
  holding_areas: null
  sites: null
clauses:
- id: c01-ceasefire
  type: no_fire
  text:
    en: An immediate and comprehensive ceasefire in the Donetsk and Luhansk regions.
- id: c02-withdrawal
  type: weapon_withdrawal
  text:
    en: 'Heavy weapons are withdrawn from the contact line by each side: artillery of 100 mm and
      more 25 km, multiple-launch rocket systems 35 km.'
  parameters:
    limits:
    - weapons:
      - artillery
      calibre_mm_min: 100
      distance_km: 25
    - weapons:
      - mlrs
      distance_km: 35
    exempt_holding_areas: false
"""

REGION_IDS = {"UA.DT": "donetsk", "UA.LH": "luhansk"}


def read_places() -> dict[str, tuple[float, float]]:
    with (SOURCES / "places.csv").open(encoding="utf-8", newline="") as fh:
        return {r["name"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh)}


def waypoints(places: dict[str, tuple[float, float]]) -> list[tuple[float, float]]:
    """The geodesic midpoint of each pair in ``sources/waypoints.csv``, in order."""
    out = []
    with (SOURCES / "waypoints.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            (x0, y0), (x1, y1) = places[row["gca"]], places[row["ngca"]]
            az, _, dist = GEOD.inv(x0, y0, x1, y1)
            lon, lat, _ = GEOD.fwd(x0, y0, az, dist / 2.0)
            out.append((round(lon, DIGITS), round(lat, DIGITS)))
    return out


def regions() -> dict[str, Any]:
    doc = json.loads((SOURCES / "natural_earth_admin1.geojson").read_text("utf-8"))
    return {
        REGION_IDS[f["properties"]["code_hasc"]]: shapely.set_precision(
            shape(f["geometry"]), 10**-DIGITS
        )
        for f in doc["features"]
    }


def _rounded(geom: Any) -> Any:
    return shapely.transform(geom, lambda xy: xy.round(DIGITS))


def build() -> dict[str, dict[str, Any]]:
    """The layers of the folder, as GeoJSON documents by file name."""
    places = read_places()
    outlines = regions()
    area = shapely.union_all(list(outlines.values()))
    points = waypoints(places)
    (x0, y0), (x1, y1) = points[0], points[-1]
    south = GEOD.fwd(x0, y0, 180.0, 20_000.0)[:2]
    east = GEOD.fwd(x1, y1, 90.0, 60_000.0)[:2]
    cutter = LineString([south, *points, east])
    pieces = list(split(area, cutter).geoms)
    if len(pieces) != 2:
        raise SystemExit(f"the line cuts the mission area into {len(pieces)} parts, not 2")
    line = _rounded(shapely.intersection(area, cutter))
    if line.geom_type != "LineString":
        raise SystemExit(f"the contact line inside the mission area is a {line.geom_type}")
    donetsk = Point(places["Donetsk"])
    side_b = next(p for p in pieces if p.contains(donetsk))
    side_a = next(p for p in pieces if p is not side_b)

    def feature(geom: Any, **props: Any) -> dict[str, Any]:
        if geom.geom_type == "Polygon":
            geom = orient(geom, 1.0)  # RFC 7946: exterior counterclockwise
        return {"type": "Feature", "properties": props, "geometry": mapping(_rounded(geom))}

    name = "line of contact 2015-2022 (approximate: midpoints of facing settlements)"
    return {
        "contact_line.geojson": _collection([feature(line, name=name)]),
        "controlled_areas.geojson": _collection(
            [feature(side_a, party="side-a"), feature(side_b, party="side-b")]
        ),
        "regions.geojson": _collection(
            [feature(outlines[r], region=r) for r in ("donetsk", "luhansk")]
        ),
    }


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def write(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "agreement.yaml").write_text(AGREEMENT_YAML, "utf-8")
    for file, doc in build().items():
        (dest / file).write_text(dumps(doc), "utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "agreement")
