"""Agreement folders for tests: a copy of the demo to break, and small synthetic versions."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from truce.agreement import demo_agreement_dir

Coords = list[list[float]]


def copy_demo(dest: Path) -> Path:
    shutil.copytree(demo_agreement_dir(), dest)
    return dest


def edit_json(path: Path, fn: Callable[[dict[str, Any]], None]) -> None:
    fc = json.loads(path.read_text(encoding="utf-8"))
    fn(fc)
    path.write_text(json.dumps(fc), encoding="utf-8")


def edit_yaml(path: Path, fn: Callable[[dict[str, Any]], None]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _fc(features: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features
        ],
    }


def _polygon(ring: Coords) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring]}


def synthetic(
    dest: Path,
    *,
    line: list[Coords],
    side_a: Coords,
    side_b: Coords,
    tolerance_m: float | None = None,
) -> Path:
    """A one-version agreement: two parties, one region (both areas), one no_fire clause."""
    dest.mkdir(parents=True)
    doc: dict[str, Any] = {
        "id": "synthetic",
        "version": 1,
        "effective": "2020-01-01T00:00:00+02:00",
        "title": {"en": "Synthetic"},
        "country": "UA",
        "languages": ["en"],
        "regions": [{"id": "r", "name": {"en": "Region"}}],
        "reporting_period": {"end": "19:30", "time_zone": "Europe/Kyiv"},
        "parties": [{"id": "side-a", "name": {"en": "A"}}, {"id": "side-b", "name": {"en": "B"}}],
        "layers": {
            "contact_line": "contact_line.geojson",
            "controlled_areas": "controlled_areas.geojson",
            "regions": "regions.geojson",
            "zones": None,
            "holding_areas": None,
            "sites": None,
        },
        "clauses": [{"id": "c1", "type": "no_fire", "text": {"en": "No fire."}}],
    }
    if tolerance_m is not None:
        doc["tolerance_m"] = tolerance_m
    (dest / "agreement.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    lines = [({}, {"type": "LineString", "coordinates": c}) for c in line]
    (dest / "contact_line.geojson").write_text(json.dumps(_fc(lines)), encoding="utf-8")
    areas = [({"party": "side-a"}, _polygon(side_a)), ({"party": "side-b"}, _polygon(side_b))]
    (dest / "controlled_areas.geojson").write_text(json.dumps(_fc(areas)), encoding="utf-8")
    regions = [({"region": "r"}, _polygon(side_a)), ({"region": "r"}, _polygon(side_b))]
    (dest / "regions.geojson").write_text(json.dumps(_fc(regions)), encoding="utf-8")
    return dest
