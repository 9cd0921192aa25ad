"""Build the demo agreement folder from ``data/demo-area``.

Run: ``python -m truce.agreement._demo_build``.

Writes ``data/agreements/demo/`` (version 2, the Framework Decision of 21 September 2016 with
the 2015 addendum) and ``data/agreements/demo/versions/1/`` (the Package of Measures of
12 February 2015, in force from 15 February 2015 00:00 Kyiv time).

Geometry is approximate and for demonstration only. The contact line and the area outside
government control (side B) are the demo-area files unchanged. The oblast outlines of Donetsk
and Luhansk are hand-drawn approximations (a few dozen vertices, errors of several km) that
share the demo area's state border and coast exactly; side A is the mission area minus side B,
so its boundary holds the contact line exactly. Disengagement areas are 4 km of the line,
1 km either side, centred on the line nearest the README's points.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import yaml
from shapely.geometry import mapping, shape
from shapely.ops import substring

from truce.agreement._demo_text import CLAUSES_V1, CLAUSES_V2, PARTIES, REGIONS, TITLE, ZONE_NAMES
from truce.geo.projection import LocalPlane

#: Outline of the mission area west and north of the contact line, from the line's north-east
#: end round to the Azov coast (lon, lat; approximate oblast boundaries).
_OUTLINE = [
    (39.80, 48.70),
    (39.95, 48.80),
    (40.08, 48.92),
    (40.15, 49.10),
    (40.20, 49.30),
    (40.10, 49.45),
    (39.95, 49.57),
    (39.75, 49.62),
    (39.55, 49.75),
    (39.30, 49.95),
    (39.05, 50.08),
    (38.75, 50.08),
    (38.45, 49.98),
    (38.25, 49.85),
    (38.10, 49.65),
    (37.98, 49.45),
    (37.90, 49.25),
    (37.70, 49.20),
    (37.45, 49.10),
    (37.25, 48.95),
    (37.00, 48.80),
    (36.85, 48.60),
    (36.80, 48.35),
    (36.65, 48.15),
    (36.55, 47.85),
    (36.60, 47.55),
    (36.75, 47.25),
    (36.90, 47.00),
    (37.05, 46.88),
    (37.30, 46.95),
    (37.50, 47.02),
    (37.65, 47.04),
    (37.80, 47.06),
]
#: Approximate Donetsk-Luhansk oblast boundary, south (state border) to north, then a box
#: that closes the Luhansk side well outside the mission area.
_LUHANSK_CUT = [
    (39.0791475, 47.8691802),
    (38.95, 48.00),
    (38.80, 48.12),
    (38.62, 48.22),
    (38.50, 48.32),
    (38.42, 48.45),
    (38.28, 48.55),
    (38.20, 48.65),
    (38.20, 48.78),
    (38.15, 48.92),
    (38.05, 49.05),
    (37.90, 49.25),
    (37.80, 49.40),
    (37.60, 50.60),
    (41.50, 50.60),
    (41.50, 47.50),
    (39.30, 47.50),
    (39.10, 47.75),
]
_DISENGAGEMENT = {
    "da-stanytsia-luhanska": (39.4657, 48.6381),
    "da-zolote": (38.5330, 48.6874),
    "da-petrivske": (37.6127, 47.7323),
}
#: Holding areas: id -> (party, centre lon/lat, inventory). All lie beyond the withdrawal
#: distance of every weapon they hold (checked by the validator).
_HOLDING = {
    "ha-a-kramatorsk": ("side-a", (37.40, 48.80), {"artillery": 24, "howitzer": 18, "mlrs": 12}),
    "ha-a-mezhova": ("side-a", (36.68, 48.10), {"tank": 30, "mortar": 40, "mlrs": 6}),
    "ha-b-khrustalnyi": ("side-b", (39.15, 48.05), {"howitzer": 16, "mlrs": 8}),
    "ha-b-dovzhansk": ("side-b", (39.70, 48.10), {"tank": 20, "mortar": 24}),
}
_SITES: dict[str, dict[str, Any]] = {
    "site-dfs": {
        "kind": "water",
        "centre": (37.8340, 48.1090),
        "name": {
            "en": "Donetsk Filtration Station",
            "de": "Donezker Filterstation",
            "uk": "Донецька фільтрувальна станція",
            "ru": "Донецкая фильтровальная станция",
        },
        "windows": [
            {
                "first_day": "2016-09-21",
                "last_day": "2030-12-31",
                "from_time": "08:00",
                "to_time": "18:00",
                "time_zone": "Europe/Kyiv",
            },
        ],
    },
    "site-shchastia-power-line": {
        "kind": "power",
        "centre": (39.2300, 48.7400),
        "name": {
            "en": "Shchastia power line",
            "de": "Stromleitung Schtschastja",
            "uk": "Лінія електропередачі Щастя",
            "ru": "Линия электропередачи Счастье",
        },
        "windows": [
            {
                "first_day": "2016-09-21",
                "last_day": "2030-12-31",
                "from_time": "09:00",
                "to_time": "17:00",
                "time_zone": "Europe/Kyiv",
            },
            {"start": "2021-03-01T07:00:00+02:00", "end": "2021-03-05T19:00:00+02:00"},
        ],
    },
}


def _fc(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _feature(geom: Any, props: dict[str, Any]) -> dict[str, Any]:
    # RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
    g = shapely.orient_polygons(shapely.set_precision(geom, 1e-7))
    return {"type": "Feature", "properties": props, "geometry": mapping(g)}


def _largest(geom: Any) -> Any:
    if geom.geom_type == "MultiPolygon":
        return max(geom.geoms, key=lambda p: p.area)
    return geom


def _square(plane: LocalPlane, centre: tuple[float, float], half_m: float) -> Any:
    cx, cy = plane.forward(centre[0], centre[1])
    box = shapely.box(cx - half_m, cy - half_m * 0.7, cx + half_m, cy + half_m * 0.7)
    return _to_lonlat(plane, box)


def _to_lonlat(plane: LocalPlane, geom: Any) -> Any:
    def fn(xy: Any) -> Any:
        lon, lat = plane.inverse(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, fn)


def _disengagement_area(plane: LocalPlane, line_m: Any, centre: tuple[float, float]) -> Any:
    cx, cy = plane.forward(centre[0], centre[1])
    at = line_m.project(shapely.Point(cx, cy))
    piece = substring(line_m, at - 2000.0, at + 2000.0)
    return _to_lonlat(plane, piece.buffer(1000.0, cap_style="flat"))


def geometry_layers(area_dir: Path) -> dict[str, dict[str, Any]]:
    """All GeoJSON layers of the demo agreement, keyed by layer name."""
    line_fc = json.loads((area_dir / "contact_line.geojson").read_text())
    ngca = shape(json.loads((area_dir / "ngca.geojson").read_text())["features"][0]["geometry"])
    # ngca's ring is counter-clockwise (RFC 7946); clockwise, it starts with the line's vertices.
    ngca = shapely.orient_polygons(ngca, exterior_cw=True)
    line = shape(line_fc["features"][0]["geometry"])
    ring = list(ngca.exterior.coords)[:-1]
    n_line = len(line.coords)
    border = ring[n_line:]  # from after the line's north-east end round to before its start
    coords = list(line.coords)
    mission = shapely.Polygon([coords[-1], *_OUTLINE, coords[0], *reversed(border)])
    mission = shapely.union(mission, ngca)
    side_a = _largest(shapely.difference(mission, ngca))
    luhansk = _largest(shapely.intersection(mission, shapely.Polygon(_LUHANSK_CUT)))
    donetsk = _largest(shapely.difference(mission, luhansk))
    plane = LocalPlane.for_bounds(*mission.bounds)
    lx, ly = plane.forward(*np.asarray(line.coords).T)
    line_m = shapely.LineString(np.column_stack([lx, ly]))
    zones = [
        _feature(
            _disengagement_area(plane, line_m, c),
            {"id": zid, "kind": "disengagement_area", "name": ZONE_NAMES[zid]},
        )
        for zid, c in _DISENGAGEMENT.items()
    ]
    holding = [
        _feature(
            _square(plane, c, 800.0),
            {"id": hid, "party": party, "name": _holding_name(hid), "inventory": inv},
        )
        for hid, (party, c, inv) in _HOLDING.items()
    ]
    sites = [
        _feature(
            _square(plane, s["centre"], 1000.0),
            {"id": sid, "kind": s["kind"], "name": s["name"], "windows": s["windows"]},
        )
        for sid, s in _SITES.items()
    ]
    return {
        "contact_line": line_fc,
        "controlled_areas": _fc(
            [_feature(side_a, {"party": "side-a"}), _feature(ngca, {"party": "side-b"})]
        ),
        "regions": _fc(
            [_feature(donetsk, {"region": "donetsk"}), _feature(luhansk, {"region": "luhansk"})]
        ),
        "zones": _fc(zones),
        "holding_areas": _fc(holding),
        "sites": _fc(sites),
    }


def _holding_name(hid: str) -> dict[str, str]:
    place = hid.split("-", 2)[2].capitalize()
    return {
        "en": f"Holding area {place}",
        "de": f"Lagerstätte {place}",
        "uk": f"Місце зберігання {place}",
        "ru": f"Место хранения {place}",
    }


def _doc(
    version: int, effective: str, clauses: list[dict[str, Any]], layers: dict[str, Any]
) -> dict[str, Any]:
    return {
        "format": "truce-agreement/1",
        "id": "demo-minsk",
        "version": version,
        "effective": effective,
        "title": TITLE,
        "country": "UA",
        "languages": ["en", "de", "uk", "ru"],
        "regions": REGIONS,
        "reporting_period": {"end": "19:30", "time_zone": "Europe/Kyiv"},
        "parties": PARTIES,
        "layers": layers,
        "clauses": clauses,
    }


def _write(folder: Path, doc: dict[str, Any], layers: dict[str, dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agreement.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    for name, fc in layers.items():
        (folder / f"{name}.geojson").write_text(
            json.dumps(fc, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def build(out: Path, area_dir: Path) -> None:
    """Write the demo agreement (version 2 in ``out``, version 1 in ``out/versions/1``)."""
    layers = geometry_layers(area_dir)
    names = {k: f"{k}.geojson" for k in layers}
    _write(out, _doc(2, "2016-09-21T00:00:00+03:00", CLAUSES_V2, names), layers)
    base = {k: layers[k] for k in ("contact_line", "controlled_areas", "regions")}
    v1_names = {
        **{k: f"{k}.geojson" for k in base},
        "zones": None,
        "holding_areas": None,
        "sites": None,
    }
    _write(out / "versions" / "1", _doc(1, "2015-02-15T00:00:00+02:00", CLAUSES_V1, v1_names), base)


def main() -> None:
    data = Path(str(resources.files("truce") / "data"))
    build(data / "agreements" / "demo", data / "demo-area")


if __name__ == "__main__":
    main()
