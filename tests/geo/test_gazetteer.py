"""The gazetteer: transliteration-insensitive matching, mission overrides, helpful misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.errors import ConfigurationError, NotFound
from truce.geo.gazetteer import Focus, Gazetteer, Place, fold, load_gazetteer


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


# --- the agreement's area decides ambiguous names (issue 17, item 6) ------------------------


@pytest.fixture(scope="module")
def focus() -> Focus:
    from truce.agreement import demo_agreement_dir, load_agreement
    from truce.agreement.spatial import gazetteer_focus

    return gazetteer_focus(load_agreement(demo_agreement_dir()).latest)


@pytest.fixture(scope="module")
def focused(focus: Focus) -> Gazetteer:
    return load_gazetteer(country="UA", focus=focus)


@pytest.mark.parametrize(
    ("name", "lon", "lat"),
    [
        # Wikipedia's coordinates (independent of the shipped file's rounding: 0.01°)
        ("Vodiane", 37.6506, 48.1000),
        ("Vodyane", 37.6506, 48.1000),
        ("Pisky", 37.6750, 48.0622),
        ("Піски", 37.6750, 48.0622),
        # a town and a hamlet of one name in the area: the town (Pervomaisk, now Sokolohirsk)
        ("Pervomaisk", 38.52, 48.63),
    ],
)
def test_front_line_places_resolve_in_the_agreement_area(
    focused: Gazetteer, name: str, lon: float, lat: float
) -> None:
    place = focused.resolve(name)
    assert place.lon == pytest.approx(lon, abs=0.01) and place.lat == pytest.approx(lat, abs=0.01)


def test_the_shipped_places_say_where_they_come_from() -> None:
    from truce.geo.gazetteer import FRONTLINE_FILE

    path = Path(__file__).parents[2] / "src" / "truce" / "data" / "gazetteer" / FRONTLINE_FILE
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    assert rows and all("wikipedia.org/wiki/" in row for row in rows)


def test_namesakes_outside_the_area_are_refused_with_the_candidates(focus: Focus) -> None:
    from truce.geo.gazetteer import AmbiguousPlace, geonames_places

    places, aliases = geonames_places("UA")  # GeoNames alone: no Pisky in the Donbas
    g = Gazetteer(places, aliases=aliases, focus=focus)
    with pytest.raises(AmbiguousPlace) as caught:
        g.resolve("Pisky")
    assert "none in the agreement's area, 4 elsewhere" in caught.value.message
    assert caught.value.message.count("Pisky (admin1") == 4


def test_two_places_of_one_name_in_the_area_are_refused(focused: Gazetteer) -> None:
    from truce.geo.gazetteer import AmbiguousPlace

    with pytest.raises(AmbiguousPlace) as caught:
        focused.resolve("Zaitseve")
    assert "2 places in the agreement's area" in caught.value.message
    assert "38.0290, 48.3950" in caught.value.message or "38.0" in caught.value.message


def test_the_mission_gazetteer_still_wins(focus: Focus, tmp_path: Path) -> None:
    f = tmp_path / "gazetteer.csv"
    f.write_text("name,lon,lat\nZaitseve,38.07,48.53\n", encoding="utf-8")
    g = load_gazetteer(country="UA", mission_file=f, focus=focus)
    assert g.resolve("Zaitseve").source == "mission"


def test_ingest_uses_the_installed_agreement_for_ambiguous_names(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from truce.agreement import demo_agreement_dir

    data = tmp_path / "d"
    base = [sys.executable, "-m", "truce"]
    init = [*base, "init", "--data", str(data), "--agreement", str(demo_agreement_dir())]
    subprocess.run(init, check=True, capture_output=True)

    def record(place: str, n: int) -> str:
        return json.dumps({
            "id": f"8c5e2f1e-3b1c-4b8e-9c61-2f4b9a0d1e1{n}",
            "source": {"type": "patrol", "id": "team-D07"},
            "observed": {"start": "2021-03-12T18:00:00+02:00", "end": "2021-03-12T19:30:00+02:00"},
            "position": {"place": place},
            "event": {"kind": "explosion", "count": {"value": 1, "qualifier": "exact"}},
            "classification": "mission",
        })  # fmt: skip

    good = tmp_path / "good.jsonl"
    good.write_text(record("Pisky", 1) + "\n", encoding="utf-8")
    done = subprocess.run([*base, "ingest", str(good), "--data", str(data)], capture_output=True)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [*base, "observations", "--format", "json", "--data", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    (obs,) = json.loads(listed.stdout)
    assert obs["position"]["lon"] == pytest.approx(37.675, abs=0.01)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(record("Zaitseve", 2) + "\n", encoding="utf-8")
    done = subprocess.run(
        [*base, "ingest", str(bad), "--data", str(data)], capture_output=True, text=True
    )
    assert done.returncode == 2
    text = " ".join(done.stderr.split())  # rich wraps long lines
    assert "ambiguous place 'Zaitseve': 2 places in the agreement's area" in text
