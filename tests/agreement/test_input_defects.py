"""Inputs an agreement folder must refuse with a clear error (issue 12 item 12, issue 17
items 4 and 8): each names its file, JSON path and reason, and nothing raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyproj import Transformer

from tests.agreement._folders import copy_demo, edit_json
from truce.agreement import load_agreement, validate_folder
from truce.agreement.problems import Problem
from truce.errors import InvalidInput


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "agreement")


def _errors(folder: Path) -> list[Problem]:
    return [p for p in validate_folder(folder) if p.severity == "error"]


def _one(folder: Path, file: str, path: str, text: str) -> Problem:
    found = [p for p in _errors(folder) if p.file == file and p.path == path and text in p.message]
    assert found, _errors(folder)
    with pytest.raises(InvalidInput):
        load_agreement(folder)
    return found[0]


def test_a_latitude_out_of_range_is_refused(folder: Path) -> None:
    def edit(fc: dict[str, Any]) -> None:
        fc["features"][0]["geometry"]["coordinates"][0][2][1] = 148.64

    edit_json(folder / "zones.geojson", edit)
    _one(folder, "zones.geojson", "$.features[0].geometry.coordinates", "latitude 148.64")


def test_an_unclosed_ring_is_refused(folder: Path) -> None:
    def edit(fc: dict[str, Any]) -> None:
        ring = fc["features"][0]["geometry"]["coordinates"][0]
        ring[-1] = [ring[-1][0] + 0.001, ring[-1][1]]

    edit_json(folder / "zones.geojson", edit)
    _one(folder, "zones.geojson", "$.features[0].geometry.coordinates[0]", "ring is not closed")


def test_a_duplicate_yaml_key_is_refused(folder: Path) -> None:
    doc = folder / "agreement.yaml"
    doc.write_text(doc.read_text(encoding="utf-8") + "country: RU\n", encoding="utf-8")
    _one(folder, "agreement.yaml", "", "duplicate key 'country'")


def test_yaml_nested_5000_deep_is_an_error_not_a_recursion_error(folder: Path) -> None:
    doc = folder / "agreement.yaml"
    doc.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _one(folder, "agreement.yaml", "", "nest")
    # block style, which the parser does not limit itself
    doc.write_text("".join(f"{'  ' * i}k:\n" for i in range(5000)), encoding="utf-8")
    _one(folder, "agreement.yaml", "", "nest")


def test_json_nested_deeply_is_an_error(folder: Path) -> None:
    (folder / "zones.geojson").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _one(folder, "zones.geojson", "", "nested more than")


def test_an_unknown_clause_type_is_named(folder: Path) -> None:
    doc = folder / "agreement.yaml"
    text = doc.read_text(encoding="utf-8").replace("type: no_fire", "type: no_shouting", 1)
    doc.write_text(text, encoding="utf-8")
    problem = _one(folder, "agreement.yaml", "$.clauses[0].type", "unknown clause type")
    assert "'parameters' is a required property" not in problem.message


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/passwd", "sub/../../x.geojson"])
def test_a_layer_path_outside_the_folder_is_refused(folder: Path, name: str) -> None:
    doc = folder / "agreement.yaml"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("zones: zones.geojson", f"zones: {name}"), encoding="utf-8")
    _one(folder, "agreement.yaml", "$.layers.zones", "must be a path inside the folder")


def test_a_symbolic_link_out_of_the_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.geojson"
    outside.write_bytes((folder / "zones.geojson").read_bytes())
    (folder / "zones.geojson").unlink()
    (folder / "zones.geojson").symlink_to(outside)
    _one(folder, "agreement.yaml", "$.layers.zones", "leads outside the folder")


def test_projected_coordinates_are_refused_with_the_reason(folder: Path) -> None:
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True)

    def edit(fc: dict[str, Any]) -> None:
        geom = fc["features"][0]["geometry"]
        geom["coordinates"] = [list(utm.transform(x, y)) for x, y in geom["coordinates"]]

    edit_json(folder / "contact_line.geojson", edit)
    problem = _one(
        folder, "contact_line.geojson", "$.features[0].geometry.coordinates", "projected CRS"
    )
    assert "RFC 7946" in problem.message


def test_swapped_lon_lat_is_refused_with_a_hint(folder: Path) -> None:
    def swap(fc: dict[str, Any]) -> None:
        def walk(c: Any) -> Any:
            return [c[1], c[0]] if isinstance(c[0], float | int) else [walk(x) for x in c]

        for f in fc["features"]:
            f["geometry"]["coordinates"] = walk(f["geometry"]["coordinates"])

    for name in ("contact_line", "controlled_areas", "regions", "zones", "holding_areas", "sites"):
        edit_json(folder / f"{name}.geojson", swap)
    problem = _one(folder, "agreement.yaml", "$.country", "outside UA")
    assert "swapped" in problem.message


def test_kml_style_properties_are_accepted_with_a_warning(folder: Path) -> None:
    def style(fc: dict[str, Any]) -> None:
        for f in fc["features"]:
            f["properties"].update({"fill": "#ff0000", "styleUrl": "#s1", "stroke-width": 2})

    edit_json(folder / "controlled_areas.geojson", style)
    problems = validate_folder(folder)
    assert [p.severity for p in problems] == ["warning"], problems
    assert "fill, stroke-width, styleUrl" in problems[0].message
    load_agreement(folder)


def test_a_self_touching_ring_says_what_make_valid_would_make_of_it(folder: Path) -> None:
    def touch(fc: dict[str, Any]) -> None:
        # a figure-of-eight ring whose two loops touch at one point
        fc["features"][0]["geometry"]["coordinates"] = [
            [[37.0, 48.0], [37.1, 48.0], [37.05, 48.05], [37.1, 48.1], [37.0, 48.1],
             [37.05, 48.05], [37.0, 48.0]]
        ]  # fmt: skip

    edit_json(folder / "zones.geojson", touch)
    problem = _one(folder, "zones.geojson", "$.features[0].geometry", "invalid geometry")
    assert "make_valid would make it a MultiPolygon of 2 part(s)" in problem.message
