"""Agreement layers as served (API, dashboard): RFC 7946 §3.1.6 winding whatever the installed
folder has (issue 11.9: "every polygon Truce writes")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely

from tests.agreement._folders import copy_demo, edit_json
from truce.domain.principal import PUBLIC
from truce.services import agreement as agreement_service
from truce.services import agreement_views
from truce.services.mission import Mission


def _reverse_rings(fc: dict[str, Any]) -> None:
    for feature in fc["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else []
        if geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                ring.reverse()


def test_clockwise_layers_of_an_installed_folder_are_served_counter_clockwise(
    tmp_path: Path,
) -> None:
    folder = copy_demo(tmp_path / "agreement")
    for path in folder.rglob("controlled_areas.geojson"):
        edit_json(path, _reverse_rings)
    with Mission.create(data_dir=tmp_path / "data") as mission:
        agreement_service.install(mission=mission, source=folder)
        served = agreement_views.layer(mission=mission, principal=PUBLIC, layer="controlled_areas")
    assert served["features"]
    for feature in served["features"]:
        geometry = shapely.geometry.shape(feature["geometry"])
        for polygon in getattr(geometry, "geoms", [geometry]):
            assert polygon.exterior.is_ccw
            assert all(not ring.is_ccw for ring in polygon.interiors)
