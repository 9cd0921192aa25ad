"""Every shipped polygon follows RFC 7946 §3.1.6: exterior rings counter-clockwise, holes
clockwise (issue 11.9). The signed area is computed here by the shoelace formula, not by
the library the build script uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "truce" / "data"
FILES = sorted(DATA.rglob("*.geojson"))


def _signed_area(ring: list[list[float]]) -> float:
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring[:-1], ring[1:], strict=True)
    )


def _polygons(geometry: dict[str, object]) -> list[list[list[list[float]]]]:
    coords = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        return [coords]  # type: ignore[list-item]
    if geometry["type"] == "MultiPolygon":
        return list(coords)  # type: ignore[call-overload]
    return []


def test_shipped_layers_are_found() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_rings_wind_as_rfc7946_says(path: Path) -> None:
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        for polygon in _polygons(feature["geometry"]):
            exterior, *holes = polygon
            assert _signed_area(exterior) > 0, f"{path.name}: exterior ring is clockwise"
            for hole in holes:
                assert _signed_area(hole) < 0, f"{path.name}: a hole is counter-clockwise"
