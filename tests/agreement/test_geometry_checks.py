"""Topology in lon/lat with straight edges, geodesic distances, tolerance as a width
(issue 17 items 2-4): real-data situations that must pass, and defects that must not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.agreement._folders import copy_demo, edit_json, edit_yaml, synthetic
from truce.agreement import validate_folder
from truce.agreement.problems import Problem
from truce.geo.distance import WGS84


def _errors(folder: Path) -> list[Problem]:
    return [p for p in validate_folder(folder) if p.severity == "error"]


def test_areas_sharing_a_parallel_with_an_extra_vertex_are_valid(tmp_path: Path) -> None:
    # Side A's southern edge has a vertex half-way along the parallel 48° N; side B's northern
    # edge and the line do not. In lon/lat (RFC 7946) the three are the same line; in a
    # projected plane the vertex is ~1 km off the straight chord.
    folder = synthetic(
        tmp_path / "a",
        line=[[[37.0, 48.0], [39.0, 48.0]]],
        side_a=[[37.0, 48.0], [38.0, 48.0], [39.0, 48.0], [39.0, 48.5], [37.0, 48.5], [37.0, 48.0]],
        side_b=[[37.0, 47.5], [39.0, 47.5], [39.0, 48.0], [37.0, 48.0], [37.0, 47.5]],
    )
    assert validate_folder(folder) == []


def _round(decimals: int, party: str = "side-b") -> Any:
    def walk(c: Any) -> Any:
        if isinstance(c[0], float | int):
            return [round(float(x), decimals) for x in c]
        return [walk(x) for x in c]

    def edit(fc: dict[str, Any]) -> None:
        for f in fc["features"]:
            if f["properties"]["party"] == party:
                f["geometry"]["coordinates"] = walk(f["geometry"]["coordinates"])

    return edit


def test_coordinates_rounded_to_4_decimals_give_slivers_not_errors(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "a")
    # side B's polygon rounded (about 10 m), side A and the line not: slivers of overlap
    edit_json(folder / "controlled_areas.geojson", _round(4))
    problems = validate_folder(folder)
    assert not [p for p in problems if p.severity == "error"], problems
    sliver = [p for p in problems if "overlap" in p.message]
    assert sliver and "each narrower than the 25 m tolerance" in sliver[0].message


def test_the_tolerance_is_stated_in_the_folder(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "a")
    edit_json(folder / "controlled_areas.geojson", _round(3))  # about 100 m
    assert any("tolerance 25 m" in p.message for p in _errors(folder))
    edit_yaml(folder / "agreement.yaml", lambda d: d.update(tolerance_m=150))
    assert _errors(folder) == []


def test_a_line_covering_half_the_shared_boundary_is_refused(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "a")

    def halve(fc: dict[str, Any]) -> None:
        coords = fc["features"][0]["geometry"]["coordinates"]
        fc["features"][0]["geometry"]["coordinates"] = coords[: len(coords) // 2]

    edit_json(folder / "contact_line.geojson", halve)
    (problem,) = [p for p in _errors(folder) if "does not cover" in p.message]
    assert problem.file == "contact_line.geojson"
    assert "boundary shared by side-a's and side-b's controlled areas" in problem.message
    km = float(problem.message.split(" km in all")[0].rsplit(", ", 1)[1])
    assert 150 < km < 300  # the uncovered half, about 220 km


def _split_with_gap(gap_m: float) -> Any:
    def edit(fc: dict[str, Any]) -> None:
        coords = fc["features"][0]["geometry"]["coordinates"]
        a, b = np.asarray(coords[70]), np.asarray(coords[71])
        az, _, length = WGS84.inv(a[0], a[1], b[0], b[1])
        lon, lat, _ = WGS84.fwd(a[0], a[1], az, gap_m)
        first = {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "LineString", "coordinates": coords[:71]},
        }
        second = {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "LineString", "coordinates": [[lon, lat], *coords[71:]]},
        }
        fc["features"] = [first, second]  # fmt: skip
        assert length > gap_m

    return edit


def test_a_gap_between_line_features_is_reported(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "a")
    edit_json(folder / "versions" / "1" / "contact_line.geojson", _split_with_gap(300.0))
    gaps = [p for p in _errors(folder) if "gap in the contact line" in p.message]
    assert gaps and gaps[0].file == "versions/1/contact_line.geojson"
    assert "300 m from the nearest other line part" in gaps[0].message


def test_a_split_line_without_a_gap_is_valid(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "a")
    edit_json(folder / "contact_line.geojson", _split_with_gap(0.0))
    assert _errors(folder) == []


@pytest.mark.parametrize("offset_deg", [0.02])
def test_a_line_off_the_boundary_reports_its_extent(tmp_path: Path, offset_deg: float) -> None:
    folder = copy_demo(tmp_path / "a")

    def shift(fc: dict[str, Any]) -> None:
        coords = fc["features"][0]["geometry"]["coordinates"]
        coords[60] = [coords[60][0] + offset_deg, coords[60][1]]

    edit_json(folder / "contact_line.geojson", shift)
    off = [p for p in _errors(folder) if "not on the boundary of side-a" in p.message]
    assert off and "1 stretch(es)" in off[0].message and "worst" in off[0].message


@pytest.mark.parametrize(("south", "wholly"), [(47.2, None), (46.9, "side-a")])
def test_areas_drawn_offshore_count_the_sea(tmp_path: Path, south: float, wholly: object) -> None:
    # Land ends at 47.2° N (the coast); the offshore variant draws both areas, the region and
    # the line 33 km into the sea. A fire's 3 km ellipse on the coast is then wholly on side A.
    import shapely

    from truce.agreement import SpatialIndex, load_agreement

    folder = synthetic(
        tmp_path / "a",
        line=[[[38.0, south], [38.0, 48.0]]],
        side_a=[[37.0, south], [38.0, south], [38.0, 48.0], [37.0, 48.0], [37.0, south]],
        side_b=[[38.0, south], [39.0, south], [39.0, 48.0], [38.0, 48.0], [38.0, south]],
    )
    assert _errors(folder) == []
    index = SpatialIndex(load_agreement(folder).latest)
    lon0, lat0 = 37.5, 47.205
    ring = [WGS84.fwd(lon0, lat0, az, 3000.0)[:2] for az in range(0, 360, 10)]
    facts = index.describe_area(shapely.Polygon(ring))
    assert facts.wholly_on == wholly
    assert facts.sides == ("side-a",)
