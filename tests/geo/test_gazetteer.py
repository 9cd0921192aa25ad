"""The gazetteer: transliteration-insensitive matching, mission overrides, helpful misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.errors import ConfigurationError, NotFound
from truce.geo.gazetteer import Gazetteer, Place, fold, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(country="UA")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Avdiivka", "Avdiyivka"),
        ("Shchastia", "Shchastya"),
        ("Stanytsia Luhanska", "Stanytsya-Luhanska"),
        ("Mar'inka", "Marinka"),
        ("Mar’yinka", "Marinka"),
        ("ZOLOTE", "zolote"),
    ],
)
def test_transliteration_variants_fold_to_one_key(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("name", "lon", "lat"),
    [
        ("Avdiivka", 37.75, 48.14),
        ("Avdiyivka", 37.75, 48.14),
        ("Shchastia", 39.23, 48.74),
        ("Stanytsia Luhanska", 39.48, 48.66),
        ("Stanytsya-Luhanska", 39.48, 48.66),
        ("Popasna", 38.37, 48.63),
        ("Horlivka", 38.02, 48.30),
        ("Станиця Луганська", 39.48, 48.66),
    ],
)
def test_known_places_resolve_near_their_coordinates(
    gazetteer: Gazetteer, name: str, lon: float, lat: float
) -> None:
    place = gazetteer.resolve(name)
    assert place.lon == pytest.approx(lon, abs=0.02)
    assert place.lat == pytest.approx(lat, abs=0.02)
    assert place.source == "geonames"


def test_only_the_agreement_country_is_searched(gazetteer: Gazetteer) -> None:
    with pytest.raises(NotFound):
        gazetteer.resolve("Rostov-on-Don")


def test_unknown_place_lists_the_closest_names(gazetteer: Gazetteer) -> None:
    with pytest.raises(NotFound) as caught:
        gazetteer.resolve("Avdivkaa")
    assert "closest names:" in caught.value.message
    assert "Avdiyivka" in caught.value.message


def test_ambiguous_names_prefer_the_mission_regions() -> None:
    far = Place("Novoselivka", 30.0, 50.0, "geonames", admin1="13", population=9000)
    near = Place("Novoselivka", 37.9, 48.1, "geonames", admin1="05", population=600)
    assert Gazetteer([far, near]).resolve("Novoselivka") == near


def test_mission_file_overrides_geonames(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.csv"
    path.write_text("name,lon,lat\nAvdiivka,37.70,48.10\nCamera Shyrokyne,37.80,47.09\n")
    g = load_gazetteer(country="UA", mission_file=path)
    assert g.resolve("Avdiyivka").source == "mission"
    assert (g.resolve("camera shyrokyne").lon, g.resolve("camera shyrokyne").lat) == (37.8, 47.09)


def test_mission_geojson_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"name":"Checkpoint Maiorske"},"geometry":{"type":"Point","coordinates":[38.05,48.42]}}]}'
    )
    assert load_gazetteer(mission_file=path).resolve("checkpoint maiorske").lat == 48.42


def test_broken_mission_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.csv"
    path.write_text("name,lon\nX,1\n")
    with pytest.raises(ConfigurationError, match="cannot read mission gazetteer"):
        load_gazetteer(mission_file=path)
